import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../shared/log-format.js';

describe('formatLogLine', () => {
  it('turns runtime JSON lines into readable text', () => {
    const line =
      '{"ts": "2026-11-23T23:11:54.393Z", "level": "info", "call_id": null, "msg": "ready", "setup_ms": 59.5}';
    expect(formatLogLine(line)).toBe('ready setup_ms=59.5');
    expect(formatLogLine(line, { time: true })).toBe('23:11:54 ready setup_ms=59.5');
  });
  it('marks errors and keeps the traceback on its own lines', () => {
    const line = JSON.stringify({
      ts: '2026-11-23T23:11:54.393Z',
      level: 'error',
      msg: 'call failed',
      error_code: 1006,
      traceback: 'Traceback\n  ValueError: x\n',
    });
    expect(formatLogLine(line)).toBe('ERROR call failed error_code=1006\nTraceback\n  ValueError: x');
  });
  it('leaves other lines alone', () => {
    expect(formatLogLine('plain print from the algorithm')).toBe('plain print from the algorithm');
    expect(formatLogLine('{not json')).toBe('{not json');
    expect(formatLogLine('{"a": 1}')).toBe('{"a": 1}');
  });
});
