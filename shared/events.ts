// Events that long jobs stream (build progress, run logs). Each carries its job id,
// so a client can follow several jobs over one connection and replay a job's tail.

export type BuildEvent =
  | {
      type: 'build.context';
      files: number;
      bytes: number;
      hashedBytes: number;
      cachedFiles: number;
      contentHash: string;
    }
  | { type: 'build.reused'; version: string; tag: string }
  | { type: 'build.waiting'; reason: string }
  | { type: 'build.image'; stage: 'models' | 'main'; tag: string }
  | { type: 'build.step'; stage: 'models' | 'main'; index: number; total: number; instruction: string }
  | { type: 'build.cached'; stage: 'models' | 'main'; index: number }
  | { type: 'build.log'; stage: 'models' | 'main'; line: string }
  | { type: 'build.done'; version: string; tag: string; durationMs: number };

export type RunEvent =
  | { type: 'run.building' }
  | { type: 'run.starting'; image: string; gpu: string }
  | { type: 'run.reusing'; url: string }
  | { type: 'run.ready'; url: string; setupMs: number | null }
  | { type: 'run.log'; line: string }
  | { type: 'run.calling'; callId: string }
  | { type: 'run.done'; errorCode: number; elapsedMs: number };

export type JobEvent = (BuildEvent | RunEvent) & { jobId?: string };
