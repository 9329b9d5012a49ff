import { describe, expect, it } from 'vitest';
import { formatProblem, parseManifest, problemLine } from '../../shared/manifest/parse.js';
import { formatMessage, isMessageId } from '../../shared/messages/index.js';
import { toRuntimeManifest } from '../../shared/manifest/runtime-manifest.js';

const VALID = `name: demo
entry:
  python: predict.py:Predictor
inputs:
  image: {type: image}
outputs:
  image: {type: image}
args:
  strength: {type: number, default: 0.5, minimum: 0, maximum: 1}
`;

describe('parseManifest', () => {
  it('accepts a valid manifest and fills defaults', () => {
    const r = parseManifest(VALID);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.base).toBe('debian:bookworm-slim');
    expect(r.manifest.gpu).toBe('none');
    expect(r.manifest.concurrency).toBe(1);
    expect(r.manifest.timeout).toBe(60);
    expect(r.manifest.inputs['image']?.required).toBe(true);
    const rt = toRuntimeManifest(r.manifest);
    expect(rt.entry).toEqual({ kind: 'python', module: 'predict.py', class: 'Predictor' });
    expect(rt.outputs).toEqual([{ key: 'image', type: 'image', ext: '.png', required: true }]);
  });

  it('names file, line, column and key of a misspelled key, with a suggestion', () => {
    const r = parseManifest(VALID.replace('args:', 'argz:'), '/algo/kiln.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.problems.find((x) => x.path === 'argz');
    expect(p).toMatchObject({ file: '/algo/kiln.yaml', line: 8, column: 1, suggestion: 'args' });
    expect(formatProblem(p!)).toBe('/algo/kiln.yaml:8:1 argz: unknown key "argz" (did you mean "args"?)');
  });

  it('finds typos nested in args', () => {
    const r = parseManifest(VALID.replace('maximum: 1}', 'maximun: 1}'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ path: 'args.strength.maximun', line: 9, suggestion: 'maximum' });
  });

  it('points at the value of a wrong type', () => {
    const r = parseManifest(VALID.replace('outputs:\n  image: {type: image}', 'outputs:\n  image: {type: picture}'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.path).toBe('outputs.image.type');
    expect(r.problems[0]?.line).toBe(7);
    expect(r.problems[0]?.message).toContain('"image"');
  });

  it('reports YAML syntax errors with a line', () => {
    const r = parseManifest('name: demo\nentry: [\n  python: x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.message).toMatch(/^YAML syntax/);
    expect(r.problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('says a required key is missing', () => {
    const r = parseManifest('name: demo\noutputs: {o: {type: json}}\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.message).toBe('required key "entry" is missing');
  });

  it('suggests the entry kind for a typo', () => {
    const r = parseManifest(VALID.replace('python: predict', 'pyhton: predict'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ path: 'entry.pyhton', line: 3, suggestion: 'python' });
  });

  it('checks defaults against ranges and enums', () => {
    const r = parseManifest(VALID.replace('default: 0.5', 'default: 2'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({
      path: 'args.strength.default',
      message: 'default 2 is above maximum 1',
      line: 9,
    });
  });

  it('checks command placeholders against declared inputs, outputs and args', () => {
    const text = `name: c
entry: {command: "convert {inputs.image} -level {args.levle} {outputs.image}"}
inputs: {image: {type: image}}
outputs: {image: {type: image}}
args: {level: {type: integer, default: 1}}
`;
    const r = parseManifest(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toContain('{args.levle} names no declared arg (did you mean {args.level}?)');
    expect(r.problems[0]?.line).toBe(2);
  });

  it('rejects a name that is not a valid image name', () => {
    const r = parseManifest(VALID.replace('name: demo', 'name: My Algo'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.path).toBe('name');
  });

  it('names an unknown arg type in user terms, with the type it probably means', () => {
    const r = parseManifest(
      VALID.replace('strength: {type: number, default: 0.5, minimum: 0, maximum: 1}', 'flip: {type: bool}'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(p).toMatchObject({
      path: 'args.flip.type',
      line: 9,
      message: 'unknown type "bool"',
      suggestion: 'boolean',
    });
    expect(formatProblem(p)).toBe('kiln.yaml:9:16 args.flip.type: unknown type "bool" (did you mean "boolean"?)');
    expect(formatMessage(p.messageId!, p.params, 'zh-CN').message).toBe('未知的类型 "bool"');
  });

  it('says a missing arg type is missing, not an invalid discriminator', () => {
    const r = parseManifest(
      VALID.replace('strength: {type: number, default: 0.5, minimum: 0, maximum: 1}', 'flip: {default: true}'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/args\.flip\.type: required key "type" is missing$/),
    ]);
  });

  it('gives every problem a message id whose English is the message, and a Chinese line with the same place', () => {
    const broken = `name: My Algo
gpu: yes
concurrency: 0
timeout: soon
entry: {command: "run {args.x} {outputs.missing}"}
inputs: {"1x": {type: image}}
outputs: {}
args:
  n: {type: integer, default: 2.5, minimum: 5, maximum: 1}
  m: {type: string, enum: [a, b], default: c}
colour: red
`;
    const r = parseManifest(broken, '/算法/kiln.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.length).toBeGreaterThan(4);
    for (const p of r.problems) {
      expect(isMessageId(p.messageId), p.message).toBe(true);
      expect(formatMessage(p.messageId!, p.params, 'en').message).toBe(p.message);
      const zh = formatMessage(p.messageId!, p.params, 'zh-CN').message;
      expect(zh, p.message).toMatch(/[\u4e00-\u9fff]/);
      // The whole CLI line, rebuilt from the id, is the same text the CLI prints.
      const line = problemLine(p);
      expect(formatMessage(line.id as never, line.params, 'en').message).toBe(formatProblem(p));
      expect(formatMessage(line.id as never, line.params, 'zh-CN').message).toContain(
        `/算法/kiln.yaml:${p.line}:${p.column}`,
      );
    }
  });
});
