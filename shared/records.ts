// Records as every front door sees them (catalog rows, JSON output, the UI).
import type { Manifest } from './manifest/schema.js';
import type { MessageParams } from './messages/index.js';

export interface Algorithm {
  id: number;
  name: string;
  path: string;
  createdAt: string;
  updatedAt: string;
}

export type BuildStatus = 'running' | 'succeeded' | 'reused' | 'failed' | 'cancelled' | 'aborted';

export interface BuildRecord {
  id: string;
  algorithmId: number | null;
  sourcePath: string;
  contentHash: string | null;
  status: BuildStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  timings: Record<string, number> | null;
  logPath: string | null;
  versionId: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** errorMessage's id and parameters in shared/messages (null on records from before schema 3). */
  errorMessageId: string | null;
  errorParams: MessageParams | null;
}

export interface VersionRecord {
  id: number;
  algorithm: string;
  version: string;
  tag: string;
  imageId: string;
  contentHash: string;
  sizeBytes: number | null;
  manifest: Manifest;
  sourcePath: string;
  buildId: string | null;
  createdAt: string;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'aborted';

export interface RunFile {
  key: string;
  path: string;
  sha256: string;
  size?: number;
}

export interface RunRecord {
  id: string;
  algorithm: string | null;
  version: string | null;
  status: RunStatus;
  args: Record<string, unknown>;
  inputs: RunFile[];
  outputs: Array<RunFile & { size: number }> | null;
  outDir: string | null;
  gpu: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  /** errorMessage's id and parameters in shared/messages (null on records from before schema 3). */
  errorMessageId: string | null;
  errorParams: MessageParams | null;
  stderrTail: string | null;
  logPath: string | null;
  timings: Record<string, number> | null;
  containerId: string | null;
  warm: boolean;
  startedAt: string;
  finishedAt: string | null;
}
