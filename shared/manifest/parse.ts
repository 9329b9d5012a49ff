// kiln.yaml text -> validated Manifest, or problems that name file, line, column and key path.
// Pure: no Node built-ins, so the renderer's editor shows the very same errors inline.
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { KNOWN_KEYS, manifestSchema, type Manifest } from './schema.js';
import { nearest } from '../text/nearest.js';

export interface ManifestProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted key path, e.g. "args.strength.maximum"; "" for the document. */
  path: string;
  message: string;
  suggestion?: string;
}

export type ParseResult = { ok: true; manifest: Manifest; problems: [] } | { ok: false; problems: ManifestProblem[] };

type PathPart = string | number;

const ENTRY_HELP =
  'entry must be one of: {python: "predict.py:Predictor"}, {command: "..."}, {native: {library, function}}';

export function formatProblem(p: ManifestProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  const key = p.path ? ` ${p.path}:` : '';
  const hint = p.suggestion ? ` (did you mean "${p.suggestion}"?)` : '';
  return `${where}${key} ${p.message}${hint}`;
}

export function parseManifest(text: string, file = 'kiln.yaml'): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): { line: number; column: number } => {
    if (offset === undefined) return { line: 1, column: 1 };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      problems: [{ file, line: 1, column: 1, path: '', message: 'must be a mapping of keys (name:, entry:, ...)' }],
    };
  }

  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: issuesToProblems(parsed.error.issues, doc, file, at, data as Record<string, unknown>),
    };
  }
  const semantic = semanticChecks(parsed.data);
  if (semantic.length > 0) {
    return {
      ok: false,
      problems: semantic.map((s) => ({
        file,
        ...at(offsetOf(doc, s.path, false)),
        path: s.path.join('.'),
        message: s.message,
      })),
    };
  }
  return { ok: true, manifest: parsed.data, problems: [] };
}

function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  doc: Document,
  file: string,
  at: (o: number | undefined) => { line: number; column: number },
  data: Record<string, unknown>,
): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathPart => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const known = KNOWN_KEYS[knownKeysLevel(path)] ?? [];
        const suggestion = nearest(k, known);
        const problem: ManifestProblem = {
          file,
          ...at(offsetOf(doc, [...path, k], true)),
          path: [...path, k].join('.'),
          message: `unknown key "${k}"`,
        };
        if (suggestion) problem.suggestion = suggestion;
        out.push(problem);
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && message.includes('received undefined')) {
      message = `required key is missing (expected ${issue.expected})`;
    }
    if (issue.code === 'invalid_union' && path.length === 1 && path[0] === 'entry') {
      const entry = data['entry'];
      if (entry === undefined) {
        message = 'required key is missing (expected entry)';
      } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
        const kinds = KNOWN_KEYS['entry'] ?? [];
        const unknown = Object.keys(entry).filter((k) => !kinds.includes(k));
        const first = unknown[0];
        if (first !== undefined) {
          const suggestion = nearest(first, kinds);
          const problem: ManifestProblem = {
            file,
            ...at(offsetOf(doc, ['entry', first], true)),
            path: `entry.${first}`,
            message: `unknown entry kind "${first}": use python, command or native`,
          };
          if (suggestion) problem.suggestion = suggestion;
          out.push(problem);
          continue;
        }
        const kind = Object.keys(entry)[0];
        if (Object.keys(entry).length > 1) {
          message = `entry must have exactly one of python, command, native (found ${Object.keys(entry).join(', ')})`;
        } else if (kind === 'python') {
          message = 'entry.python must be "file.py:ClassName"';
        } else if (kind === 'native') {
          message = 'entry.native needs {library: path/to/lib.so, function: c_function_name}';
        } else {
          message = ENTRY_HELP;
        }
      } else {
        message = ENTRY_HELP;
      }
    }
    const missing = message.startsWith('required key is missing');
    const problem: ManifestProblem = {
      file,
      ...at(offsetOf(doc, missing ? path.slice(0, -1) : path, false)),
      path: path.join('.'),
      message,
    };
    if (missing && path.length > 0) {
      const last = String(path[path.length - 1]);
      problem.message = `required key "${last}" is missing`;
    }
    out.push(problem);
  }
  return out;
}

function knownKeysLevel(path: PathPart[]): string {
  if (path.length === 0) return '';
  const [head, , third] = path;
  if ((head === 'inputs' || head === 'outputs' || head === 'args') && path.length === 2) return `${head}.*`;
  if (head === 'entry' && path.length === 2) return `entry.${String(path[1])}`;
  if (third === undefined) return String(head);
  return path.map(String).join('.');
}

/** Source offset of a key (or its value) at a path; falls back to the nearest existing parent. */
function offsetOf(doc: Document, path: PathPart[], wantKey: boolean): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    if (wantKey && n === path.length && n > 0) {
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const last = sub[sub.length - 1];
        const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last));
        const keyNode = pair?.key;
        if (isScalar(keyNode) && keyNode.range) return keyNode.range[0];
      }
      continue;
    }
    const node = sub.length === 0 ? doc.contents : doc.getIn(sub, true);
    if (node && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] | null }).range;
      if (range) return range[0];
    }
  }
  return undefined;
}

interface SemanticProblem {
  path: PathPart[];
  message: string;
}

const PLACEHOLDER = /\{([a-z_]+)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\}/g;

/** Checks that need more than one field: ranges, defaults, command placeholders. */
function semanticChecks(m: Manifest): SemanticProblem[] {
  const out: SemanticProblem[] = [];
  for (const [name, arg] of Object.entries(m.args)) {
    if (arg.type === 'number' || arg.type === 'integer') {
      if (arg.minimum !== undefined && arg.maximum !== undefined && arg.minimum > arg.maximum) {
        out.push({
          path: ['args', name, 'minimum'],
          message: `minimum ${arg.minimum} is greater than maximum ${arg.maximum}`,
        });
      }
      if (arg.default !== undefined) {
        if (arg.type === 'integer' && !Number.isInteger(arg.default)) {
          out.push({ path: ['args', name, 'default'], message: `default ${arg.default} is not an integer` });
        }
        if (arg.minimum !== undefined && arg.default < arg.minimum) {
          out.push({
            path: ['args', name, 'default'],
            message: `default ${arg.default} is below minimum ${arg.minimum}`,
          });
        }
        if (arg.maximum !== undefined && arg.default > arg.maximum) {
          out.push({
            path: ['args', name, 'default'],
            message: `default ${arg.default} is above maximum ${arg.maximum}`,
          });
        }
        if (arg.enum && !arg.enum.includes(arg.default)) {
          out.push({
            path: ['args', name, 'default'],
            message: `default ${arg.default} is not one of ${arg.enum.join(', ')}`,
          });
        }
      }
    } else if (arg.type === 'string' && arg.default !== undefined && arg.enum && !arg.enum.includes(arg.default)) {
      out.push({
        path: ['args', name, 'default'],
        message: `default "${arg.default}" is not one of ${arg.enum.join(', ')}`,
      });
    }
  }
  if ('command' in m.entry) {
    for (const match of m.entry.command.matchAll(PLACEHOLDER)) {
      const [whole, group, key] = match;
      if (group === 'work_path' && key === undefined) continue;
      const table =
        group === 'inputs' ? m.inputs : group === 'outputs' ? m.outputs : group === 'args' ? m.args : undefined;
      if (!table || key === undefined) {
        out.push({
          path: ['entry', 'command'],
          message: `unknown placeholder ${whole}: use {inputs.x}, {outputs.y}, {args.z} or {work_path}`,
        });
      } else if (group !== undefined && !(key in table)) {
        const s = nearest(key, Object.keys(table));
        out.push({
          path: ['entry', 'command'],
          message: `placeholder ${whole} names no declared ${group.slice(0, -1)}${s ? ` (did you mean {${group}.${s}}?)` : ''}`,
        });
      }
    }
  }
  if (Object.keys(m.outputs).length === 0) {
    out.push({ path: ['outputs'], message: 'declare at least one output (e.g. outputs: {result: {type: json}})' });
  }
  return out;
}
