import { formatMessage } from '../../shared/messages/index.js';
import { describe, expect, it } from 'vitest';
import { resolveArgs } from '../../shared/manifest/args.js';
import type { ArgSpec } from '../../shared/manifest/schema.js';

const specs: Record<string, ArgSpec> = {
  strength: { type: 'number', default: 0.5, minimum: 0, maximum: 1 },
  steps: { type: 'integer', default: 3, minimum: 1 },
  mode: { type: 'string', enum: ['fast', 'best'], default: 'fast' },
  sharpen: { type: 'boolean', default: false },
};

describe('resolveArgs', () => {
  it('coerces CLI strings and fills defaults', () => {
    expect(resolveArgs(specs, { strength: '0.7', sharpen: 'true' })).toEqual({
      ok: true,
      values: { strength: 0.7, sharpen: true, steps: 3, mode: 'fast' },
    });
  });
  it('refuses out-of-range values', () => {
    const r = resolveArgs(specs, { strength: '1.5' });
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          arg: 'strength',
          message: 'strength=1.5 is above the maximum 1',
          messageId: 'args.aboveMax',
          params: { name: 'strength', value: 1.5, maximum: 1 },
        },
      ],
    });
  });
  it('says each problem in Chinese too, with the same names and values', () => {
    const r = resolveArgs(specs, { strength: '1.5', steps: '2.5', strenght: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const zh = r.problems.map((p) => formatMessage(p.messageId, p.params, 'zh-CN').message);
    expect(zh).toEqual([
      'strength=1.5 大于最大值 1',
      'steps：应为整数，实际是 2.5',
      expect.stringMatching(/^未知参数 "strenght"（是不是想写 "strength"？）；已知参数：strength, /),
    ]);
    expect(r.problems.map((p) => formatMessage(p.messageId, p.params, 'en').message)).toEqual(
      r.problems.map((p) => p.message),
    );
  });
  it('refuses non-integers for integer args and bad numbers', () => {
    const r = resolveArgs(specs, { steps: '2.5', strength: 'abc' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.message)).toEqual([
      'steps expects an integer, got 2.5',
      'strength expects a number, got "abc"',
    ]);
  });
  it('names unknown args with a suggestion', () => {
    const r = resolveArgs(specs, { strenght: '0.1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.message).toContain('unknown arg "strenght" (did you mean "strength"?)');
  });
  it('checks enums', () => {
    const r = resolveArgs(specs, { mode: 'slow' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.message).toBe('mode="slow" is not one of fast, best');
  });
});
