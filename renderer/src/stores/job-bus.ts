// What the jobs store tells the other stores: a build produced a version, a job ended.
// Events carry ids; listeners re-fetch what they show (debounced).

export type JobBusEvent =
  | { type: 'build.done'; jobId: string; algorithm: string }
  | {
      type: 'job.ended';
      jobId: string;
      kind: 'build' | 'run' | 'serve';
      algorithm: string;
      status: 'succeeded' | 'failed' | 'cancelled';
    };

type Listener = (e: JobBusEvent) => void;
const listeners = new Set<Listener>();

export function onJobBus(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function emitJobBus(e: JobBusEvent): void {
  for (const l of [...listeners]) l(e);
}
