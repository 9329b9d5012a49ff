// kiln.yaml text -> validated Manifest, or problems that name file, line, column and key path.
// Pure: no Node built-ins, so the renderer's editor shows the very same errors inline.
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { KNOWN_KEYS, manifestSchema, type Manifest } from './schema.js';
import { nearest } from '../text/nearest.js';
import {
  formatMessage,
  MESSAGES,
  ref,
  type MessageId,
  type MessageParams,
  type MessageRef,
} from '../messages/index.js';

export interface ManifestProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted key path, e.g. "args.strength.maximum"; "" for the document. */
  path: string;
  /** English, for the CLI and logs; the UI renders messageId with params in the user's language. */
  message: string;
  suggestion?: string;
  messageId?: MessageId;
  params?: MessageParams;
}

export type ParseResult = { ok: true; manifest: Manifest; problems: [] } | { ok: false; problems: ManifestProblem[] };

type PathPart = string | number;

/** What a problem says: a message id, its parameters, and its English text. */
interface Said {
  id: MessageId;
  params?: MessageParams;
}

function say(id: MessageId, params?: MessageParams): Said {
  return params ? { id, params } : { id };
}

/** A problem at a place, its English message filled from the catalog. */
export function problemOf(
  file: string,
  pos: { line: number; column: number },
  path: string,
  said: Said,
  suggestion?: string,
): ManifestProblem {
  const p: ManifestProblem = {
    file,
    line: pos.line,
    column: pos.column,
    path,
    message: formatMessage(said.id, said.params, 'en').message,
    messageId: said.id,
  };
  if (said.params) p.params = said.params;
  if (suggestion) p.suggestion = suggestion;
  return p;
}

/** The whole line of a problem (file:line:col key: message (did you mean)) as a message reference. */
export function problemLine(p: ManifestProblem): MessageRef {
  const problem: MessageRef | string = p.messageId ? ref(p.messageId, p.params) : p.message;
  const suggestion = p.suggestion ? ref('manifest.didYouMean', { suggestion: p.suggestion }) : '';
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.path
    ? ref('manifest.problemAt', { where, path: p.path, problem, suggestion })
    : ref('manifest.problemAtDocument', { where, problem, suggestion });
}

export function formatProblem(p: ManifestProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  const key = p.path ? ` ${p.path}:` : '';
  const hint = p.suggestion ? ` (did you mean "${p.suggestion}"?)` : '';
  return `${where}${key} ${p.message}${hint}`;
}

/** The schema's own texts (schema.ts), mapped back to their message ids. */
let schemaTexts: Map<string, MessageId> | undefined;
function schemaTextId(text: string): MessageId | undefined {
  if (!schemaTexts) {
    schemaTexts = new Map();
    for (const [id, entry] of Object.entries(MESSAGES)) {
      if (id.startsWith('manifest.') && !/\{\w+\}/.test(entry.en.message)) {
        schemaTexts.set(entry.en.message, id as MessageId);
      }
    }
  }
  return schemaTexts.get(text);
}

const quoted = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join('|');

/** A zod issue in Kiln's words (English as zod said it, for the CLI; an id for the UI). */
function issueSaid(issue: z.core.$ZodIssue): Said {
  const known = schemaTextId(issue.message);
  if (known) return say(known);
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1] ?? 'something else';
      return say('manifest.invalidType', { expected: issue.expected, received });
    }
    case 'invalid_value':
      return say('manifest.invalidOption', { values: quoted(issue.values) });
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const op = `${small ? '>' : '<'}${issue.inclusive === false ? '' : '='}`;
      const limit = String(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return say(small ? 'manifest.tooSmallNumber' : 'manifest.tooBigNumber', { op, limit });
      if (issue.origin === 'string')
        return say(small ? 'manifest.tooShortString' : 'manifest.tooLongString', { op, limit });
      if (issue.origin === 'array' || issue.origin === 'set')
        return say(small ? 'manifest.tooFewItems' : 'manifest.tooManyItems', { op, limit });
      break;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      if (inner) return issueSaid(inner);
      break;
    }
    default:
      break;
  }
  return say('manifest.other', { detail: issue.message });
}

function valueAt(data: unknown, path: PathPart[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
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
      problems: doc.errors.map((e) =>
        problemOf(file, at(e.pos[0]), '', say('manifest.yamlSyntax', { detail: e.message.split('\n')[0] ?? '' })),
      ),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      problems: [problemOf(file, { line: 1, column: 1 }, '', say('manifest.notMapping'))],
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
      problems: semantic.map((s) => problemOf(file, at(offsetOf(doc, s.path, false)), s.path.join('.'), s.said)),
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
        const where = at(offsetOf(doc, [...path, k], true));
        out.push(
          problemOf(file, where, [...path, k].join('.'), say('manifest.unknownKey', { key: k }), nearest(k, known)),
        );
      }
      continue;
    }
    let said: Said | undefined;
    let missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
    if (
      issue.code === 'invalid_union' &&
      path.length === 3 &&
      path[0] === 'args' &&
      path[2] === 'type' &&
      'discriminator' in issue
    ) {
      // An arg's type that is none of the four: name it, and the nearest one.
      const given = valueAt(data, path);
      if (given === undefined) {
        missing = true;
      } else {
        const name = typeof given === 'string' ? given : JSON.stringify(given);
        out.push(
          problemOf(
            file,
            at(offsetOf(doc, path, false)),
            path.join('.'),
            say('manifest.unknownType', { type: name }),
            typeof given === 'string' ? nearestArgType(given) : undefined,
          ),
        );
        continue;
      }
    } else if (issue.code === 'invalid_union' && path.length === 1 && path[0] === 'entry') {
      const entry = data['entry'];
      if (entry === undefined) {
        missing = true;
      } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
        const kinds = KNOWN_KEYS['entry'] ?? [];
        const unknown = Object.keys(entry).filter((k) => !kinds.includes(k));
        const first = unknown[0];
        if (first !== undefined) {
          out.push(
            problemOf(
              file,
              at(offsetOf(doc, ['entry', first], true)),
              `entry.${first}`,
              say('manifest.unknownEntryKind', { kind: first }),
              nearest(first, kinds),
            ),
          );
          continue;
        }
        const kind = Object.keys(entry)[0];
        if (Object.keys(entry).length > 1) {
          said = say('manifest.entryMoreThanOne', { found: Object.keys(entry).join(', ') });
        } else if (kind === 'python') {
          said = say('manifest.entryPythonForm');
        } else if (kind === 'native') {
          said = say('manifest.entryNativeForm');
        } else {
          said = say('manifest.entryHelp');
        }
      } else {
        said = say('manifest.entryHelp');
      }
    }
    if (missing && path.length > 0) {
      const last = String(path[path.length - 1]);
      out.push(
        problemOf(
          file,
          at(offsetOf(doc, path.slice(0, -1), false)),
          path.join('.'),
          say('manifest.missingKey', { key: last }),
        ),
      );
      continue;
    }
    if (missing)
      said = say('manifest.missingExpected', { expected: issue.code === 'invalid_type' ? issue.expected : 'entry' });
    out.push(problemOf(file, at(offsetOf(doc, path, false)), path.join('.'), said ?? issueSaid(issue)));
  }
  return out;
}

const KNOWN_ARG_TYPES: readonly string[] = ['number', 'integer', 'string', 'boolean'];
/** Type names from other languages, and what kiln.yaml calls them. */
const ARG_TYPE_ALIASES: Record<string, string> = {
  bool: 'boolean',
  int: 'integer',
  float: 'number',
  double: 'number',
  str: 'string',
  text: 'string',
};

function nearestArgType(given: string): string | undefined {
  return ARG_TYPE_ALIASES[given.toLowerCase()] ?? nearest(given, KNOWN_ARG_TYPES);
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
  said: Said;
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
          said: say('manifest.minAboveMax', { minimum: arg.minimum, maximum: arg.maximum }),
        });
      }
      if (arg.default !== undefined) {
        if (arg.type === 'integer' && !Number.isInteger(arg.default)) {
          out.push({
            path: ['args', name, 'default'],
            said: say('manifest.defaultNotInteger', { value: arg.default }),
          });
        }
        if (arg.minimum !== undefined && arg.default < arg.minimum) {
          out.push({
            path: ['args', name, 'default'],
            said: say('manifest.defaultBelowMin', { value: arg.default, minimum: arg.minimum }),
          });
        }
        if (arg.maximum !== undefined && arg.default > arg.maximum) {
          out.push({
            path: ['args', name, 'default'],
            said: say('manifest.defaultAboveMax', { value: arg.default, maximum: arg.maximum }),
          });
        }
        if (arg.enum && !arg.enum.includes(arg.default)) {
          out.push({
            path: ['args', name, 'default'],
            said: say('manifest.defaultNotInEnum', { value: arg.default, values: arg.enum.join(', ') }),
          });
        }
      }
    } else if (arg.type === 'string' && arg.default !== undefined && arg.enum && !arg.enum.includes(arg.default)) {
      out.push({
        path: ['args', name, 'default'],
        said: say('manifest.defaultNotInEnum', { value: `"${arg.default}"`, values: arg.enum.join(', ') }),
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
          said: say('manifest.unknownPlaceholder', { placeholder: whole }),
        });
      } else if (group !== undefined && !(key in table)) {
        const s = nearest(key, Object.keys(table));
        out.push({
          path: ['entry', 'command'],
          said: s
            ? say('manifest.placeholderUndeclaredSuggest', {
                placeholder: whole,
                kind: group.slice(0, -1),
                suggestion: `{${group}.${s}}`,
              })
            : say('manifest.placeholderUndeclared', { placeholder: whole, kind: group.slice(0, -1) }),
        });
      }
    }
  }
  if (Object.keys(m.outputs).length === 0) {
    out.push({ path: ['outputs'], said: say('manifest.noOutputs') });
  }
  return out;
}
