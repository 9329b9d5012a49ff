import { describe, expect, it } from 'vitest';
import { BuildProgress } from '../../electron/services/packager/build-progress.js';
import type { BuildEvent } from '../../shared/events.js';

// What Docker 20.10's legacy builder streams, recorded from this engine.
const STREAM = [
  { stream: 'Step 1/4 : FROM debian:bookworm-slim' },
  { stream: '\n' },
  { stream: ' ---\u003e 44b5a8370c3e\n' },
  { stream: 'Step 2/4 : RUN apt-get install -y nope' },
  { stream: '\n' },
  { stream: ' ---\u003e Using cache\n' },
  { stream: ' ---\u003e 1a2b3c4d5e6f\n' },
  { stream: 'Step 3/4 : RUN make' },
  { stream: '\n' },
  { stream: ' ---\u003e Running in 0d1e2f\n' },
  { stream: 'gcc -c a.c\nlink' },
  { stream: 'ing a.so\n' },
  { stream: 'a.c:3: error: boom\n' },
  {
    errorDetail: { code: 2, message: "The command '/bin/sh -c make' returned a non-zero code: 2" },
    error: "The command '/bin/sh -c make' returned a non-zero code: 2",
  },
];

describe('BuildProgress', () => {
  it('turns the builder stream into steps, cache hits, logs and a failure tail', () => {
    const events: BuildEvent[] = [];
    const p = new BuildProgress('main', (e) => events.push(e));
    for (const m of STREAM) p.push(m);
    p.finish();
    expect(events.filter((e) => e.type === 'build.step').map((e) => (e as { index: number }).index)).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.type === 'build.cached')).toEqual([
      { type: 'build.cached', stage: 'main', index: 2 },
    ]);
    expect(events.filter((e) => e.type === 'build.log').map((e) => (e as { line: string }).line)).toEqual([
      'gcc -c a.c',
      'linking a.so',
      'a.c:3: error: boom',
    ]);
    expect(p.error).toBe("The command '/bin/sh -c make' returned a non-zero code: 2");
    const f = p.failure();
    expect(f.step?.instruction).toBe('RUN make');
    expect(f.tail).toEqual(['gcc -c a.c', 'linking a.so', 'a.c:3: error: boom']);
  });

  it('records the image id from aux', () => {
    const p = new BuildProgress('main', () => undefined);
    p.push({ aux: { ID: 'sha256:abc' } });
    expect(p.imageId).toBe('sha256:abc');
  });
});
