// The whole Kiln API, declared once. Methods take JSON and return JSON; long work runs as a
// job whose events stream under its id. The services implement it once
// (electron/services/api), and three front doors carry it: Electron IPC (preload), the
// WebSocket bridge (`kiln ui`, end-to-end tests) and the CLI. Every transport validates the
// input with the schemas below before a handler sees it.
import { z } from 'zod';
import type { ErrorEnvelope } from './errors.js';
import type { BuildEvent, RunEvent } from './events.js';
import { NAME_PATTERN } from './manifest/constants.js';
import type { ManifestProblem } from './manifest/parse.js';
import { formatMessage, type MessageRef } from './messages/index.js';
import type { ArgSpec, InputSpec, OutputSpec } from './manifest/schema.js';
import type { BuildRecord, RunRecord, VersionRecord } from './records.js';

export { API_VERSION } from './api-version.js';

const algorithmName = z.string().regex(NAME_PATTERN, 'not an algorithm name');
const hostPath = z.string().min(1).max(4096);
const jobId = z.string().regex(/^j-[A-Za-z0-9-]{4,80}$/, 'not a job id');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 (64 hex digits)');
/** A file of an algorithm folder, relative to it (the handler refuses anything that leads outside). */
const folderFile = z.string().min(1).max(1024);
const editorText = z.string().max(1_000_000);
const argValue = z.union([z.number(), z.string().max(10_000), z.boolean()]);

/** Input schemas, one per method. `.strict()` refuses unknown fields at every edge. */
export const METHOD_INPUTS = {
  'app.info': z.object({}).strict(),
  'engine.status': z.object({ refresh: z.boolean().optional() }).strict(),
  'settings.get': z.object({}).strict(),
  'settings.set': z
    .object({
      engineEndpoint: z.string().max(1024).optional(),
      theme: z.enum(['light', 'dark', 'system']).optional(),
      language: z.enum(['en', 'zh-CN']).optional(),
      /** Folders besides the home folder that the host file browser may show (absolute paths). */
      browseRoots: z.array(hostPath).max(50).optional(),
    })
    .strict(),
  'algorithms.list': z.object({}).strict(),
  'algorithms.open': z.object({ path: hostPath }).strict(),
  'algorithms.create': z
    .object({
      parent: hostPath,
      name: algorithmName,
      template: z.enum(['python', 'command', 'native']),
      /** Make a missing parent folder; without it a missing parent is refused (create.parentMissing). */
      createParents: z.boolean().optional(),
    })
    .strict(),
  /** kiln.yaml (and the template's other files) into an existing folder; never overwrites. */
  'algorithms.init': z.object({ path: hostPath, template: z.enum(['python', 'command', 'native']) }).strict(),
  'algorithms.get': z.object({ name: algorithmName }).strict(),
  /** Forgets an algorithm (its folder stays); removeImages also removes its versions' images. Refused while in use. */
  'algorithms.remove': z.object({ name: algorithmName, removeImages: z.boolean().optional() }).strict(),
  /** Changes kiln.yaml's name: line (conditional on `expected`, the sha256 the editor loaded) and the catalog row. */
  'algorithms.rename': z
    .object({ name: algorithmName, to: z.string().min(1).max(200), expected: sha256Hex.optional() })
    .strict(),
  'manifest.read': z.object({ name: algorithmName }).strict(),
  /** Conditional: `expected` is the sha256 of the text the editor loaded; changed on disk since -> CONFLICT. */
  'manifest.save': z.object({ name: algorithmName, text: editorText, expected: sha256Hex }).strict(),
  'manifest.check': z.object({ text: z.string().max(1_000_000), file: z.string().max(4096).optional() }).strict(),
  /** The algorithm folder's text files in the same editor: read, a cheap check for changes, conditional save. */
  'files.read': z.object({ name: algorithmName, path: folderFile }).strict(),
  'files.stat': z.object({ name: algorithmName, path: folderFile }).strict(),
  'files.save': z.object({ name: algorithmName, path: folderFile, text: editorText, expected: sha256Hex }).strict(),
  'versions.list': z.object({ name: algorithmName }).strict(),
  /** The version's image and catalog row; refused (IN_USE, naming the record) while something points at it. */
  'versions.remove': z.object({ name: algorithmName, version: z.string().min(1).max(200) }).strict(),
  'builds.list': z.object({ name: algorithmName }).strict(),
  'build.start': z.object({ name: algorithmName }).strict(),
  'run.start': z
    .object({
      name: algorithmName,
      version: z.string().max(200).optional(),
      inputs: z.record(z.string().max(64), hostPath),
      args: z.record(z.string().max(64), argValue),
      gpu: z.string().max(200).default('auto'),
    })
    .strict(),
  'runs.list': z
    .object({ name: algorithmName.optional(), limit: z.number().int().min(1).max(1000).optional() })
    .strict(),
  'runs.get': z.object({ id: z.string().min(1).max(200) }).strict(),
  /** The run's record and the stored files only it refers to (shared ones stay). */
  'runs.delete': z.object({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,120}$/, 'not a run id') }).strict(),
  /** One folder of the host, inside the home folder or a folder added in Settings (browser mode's picker). */
  'files.list': z.object({ path: hostPath.optional() }).strict(),
  'jobs.get': z.object({ jobId }).strict(),
  /** Running jobs (and recently finished ones), so a reloaded window picks up a build in progress. */
  'jobs.list': z.object({ algorithm: algorithmName.optional() }).strict(),
  'jobs.cancel': z.object({ jobId }).strict(),
  'gpu.probe': z.object({}).strict(),
  /** "Keep warm": serve a version (`kiln serve`'s container) as a job; runs of that version reuse it. */
  'serve.start': z
    .object({ name: algorithmName, version: z.string().max(200).optional(), gpu: z.string().max(200).default('auto') })
    .strict(),
  'serve.stop': z.object({ name: algorithmName }).strict(),
  'serve.status': z.object({ name: algorithmName }).strict(),
} as const;

export type MethodName = keyof typeof METHOD_INPUTS;
export type MethodInput<M extends MethodName> = z.input<(typeof METHOD_INPUTS)[M]>;
export type ParsedInput<M extends MethodName> = z.output<(typeof METHOD_INPUTS)[M]>;

// ---- outputs (produced by our own code, so typed rather than validated)

export interface AppInfo {
  version: string;
  apiVersion: number;
  home: string;
  platform: string;
  /** What the host side can do for this client: native dialogs only exist in Electron. */
  transport: 'ipc' | 'websocket';
}

export interface EngineStatus {
  reachable: boolean;
  endpoint: string | null;
  version: string | null;
  apiVersion: string | null;
  os: string | null;
  isPodman: boolean;
  /** When unreachable: one line saying what was tried, and what to do. */
  error: ErrorEnvelope | null;
  gpu: GpuStatus | null;
}

export interface GpuStatus {
  available: boolean;
  via: string;
  reason: string;
  /** The reason as a message id with parameters (shared/messages/gpu.ts), for the UI's language. */
  reasonSaid?: MessageRef;
  gpus: Array<{ index: number; name: string | null; uuid: string | null; memoryMiB: number | null }>;
}

export interface Settings {
  engineEndpoint: string;
  theme: 'light' | 'dark' | 'system';
  language: 'en' | 'zh-CN';
  dataFolder: string;
  /** Folders besides the home folder the host file browser may show. */
  browseRoots: string[];
  /** The parent folder of the last algorithm made from a template (the dialog starts there). */
  lastParent?: string;
}

export interface HostEntry {
  name: string;
  kind: 'file' | 'folder' | 'other';
  /** Bytes, for files. */
  size: number | null;
  mtime: string;
}

export interface HostListing {
  /** The folder listed, absolute. */
  path: string;
  /** The allowed root it lies in. */
  root: string;
  /** The folder above, or null at a root. */
  parent: string | null;
  /** Every folder the browser may show: the home folder first, then those added in Settings. */
  roots: string[];
  entries: HostEntry[];
  /** Entries left out past the limit. */
  truncated: number;
  /** Symbolic links left out because they lead outside the allowed folders. */
  skippedLinks: number;
}

export interface RunRemoval {
  id: string;
  /** Stored files deleted with the run. */
  removed: string[];
  /** Stored files that stay because another run still uses them. */
  kept: string[];
}

export interface AlgorithmSummary {
  name: string;
  path: string;
  description: string | null;
  versions: number;
  latestVersion: string | null;
  lastRunStatus: RunRecord['status'] | null;
  /** The newest build's status: a failed build shows as such, not behind an older run's "succeeded". */
  lastBuildStatus?: BuildRecord['status'] | null;
  updatedAt: string;
  /** The folder or its kiln.yaml is gone or broken: shown, not hidden. */
  problem: string | null;
  /** What `problem` is, for the UI to say in the user's language. */
  problemKind?: 'folder-not-found' | 'manifest-not-found' | null;
}

export interface AlgorithmDetail {
  name: string;
  path: string;
  manifestText: string;
  /** sha256 of manifestText as read: what a save of the edited text expects on disk. */
  manifestSha256: string;
  /** Empty when kiln.yaml is valid; the same problems the CLI prints, with line and column. */
  problems: ManifestProblem[];
  /** The schema parts the run form is generated from (null while the manifest is invalid). */
  form: RunFormSpec | null;
  files: Array<{ path: string; size: number }>;
}

/** A file of an algorithm folder as the editor sees it; sha256 is null when the file is gone. */
export interface EditorFileState {
  path: string;
  sha256: string | null;
  size: number;
  mtimeMs: number;
}

export interface EditorFile extends EditorFileState {
  sha256: string;
  text: string;
}

export interface RunFormSpec {
  inputs: Record<string, InputSpec>;
  outputs: Record<string, OutputSpec>;
  args: Record<string, ArgSpec>;
  gpu: 'required' | 'optional' | 'none';
}

export type VersionSummary = Omit<VersionRecord, 'manifest'> & {
  /** Whether the image is still on the engine (versions.list asks it; 'missing': removed behind Kiln's back). */
  image?: 'present' | 'missing' | 'unknown';
};

export interface RemovedVersionInfo {
  name: string;
  version: string;
  tag: string;
  /** 'removed' now, or 'missing' already. */
  image: 'removed' | 'missing';
}

/** A container kept warm for an algorithm (serve.start), which runs of its version reuse. */
export interface ServedInfo {
  algorithm: string;
  version: string;
  url: string;
  containerId: string;
  setupMs: number | null;
  startedAt: string;
  logPath: string;
}

export interface JobInfo {
  jobId: string;
  kind: 'build' | 'run' | 'serve';
  algorithm: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** Sequence number of the last event; subscribe with since = this to get only new ones. */
  lastSeq: number;
  result: JobResult | null;
  error: ErrorEnvelope | null;
}

export interface BuildJobResult {
  kind: 'build';
  version: VersionSummary;
  reused: boolean;
  durationMs: number;
}

export interface RunJobResult {
  kind: 'run';
  run: RunRecord;
}

export interface ServeJobResult {
  kind: 'serve';
  served: ServedInfo;
}

export type JobResult = BuildJobResult | RunJobResult | ServeJobResult;

export interface MethodOutputs {
  'app.info': AppInfo;
  'engine.status': EngineStatus;
  'settings.get': Settings;
  'settings.set': Settings;
  'algorithms.list': AlgorithmSummary[];
  'algorithms.open': AlgorithmDetail;
  'algorithms.create': AlgorithmDetail;
  'algorithms.init': AlgorithmDetail;
  'algorithms.get': AlgorithmDetail;
  'algorithms.remove': { removed: boolean; images?: RemovedVersionInfo[] };
  'algorithms.rename': AlgorithmDetail;
  'manifest.read': { path: string; text: string; sha256: string };
  'manifest.save': { saved: true; problems: ManifestProblem[]; sha256: string };
  'files.read': EditorFile;
  'files.stat': EditorFileState;
  'files.save': EditorFileState & { saved: true };
  'manifest.check': { problems: ManifestProblem[] };
  'versions.list': VersionSummary[];
  'versions.remove': RemovedVersionInfo;
  'builds.list': BuildRecord[];
  'build.start': { jobId: string };
  'run.start': { jobId: string };
  'runs.list': RunRecord[];
  'runs.get': RunRecord;
  'runs.delete': RunRemoval;
  'files.list': HostListing;
  'jobs.get': JobInfo;
  'jobs.list': JobInfo[];
  'jobs.cancel': { cancelled: boolean };
  'gpu.probe': GpuStatus;
  'serve.start': { jobId: string };
  'serve.stop': { stopped: boolean };
  'serve.status': { served: ServedInfo | null };
}

export type MethodOutput<M extends MethodName> = MethodOutputs[M];

/** The one implementation every transport calls, after validating input. */
export type ApiHandlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

// ---- job events

export type JobEndEvent =
  { type: 'job.done'; result: JobResult } | { type: 'job.failed'; error: ErrorEnvelope } | { type: 'job.cancelled' };

export type JobStreamEvent = BuildEvent | RunEvent | JobEndEvent;

/** One event of one job; seq starts at 1 and has no gaps, so a client can resume after a drop. */
export interface JobEventEnvelope {
  jobId: string;
  seq: number;
  ts: number;
  event: JobStreamEvent;
}

// ---- the wire protocol of the WebSocket bridge (IPC carries the same shapes)

export type ClientMessage =
  | { id: number; type: 'call'; method: MethodName; input: unknown }
  | { id: number; type: 'subscribe'; jobId: string; since: number }
  | { id: number; type: 'unsubscribe'; jobId: string };

export type ServerMessage =
  | { id: number; type: 'result'; result: unknown }
  | { id: number | null; type: 'error'; error: ErrorEnvelope }
  | { type: 'event'; envelope: JobEventEnvelope }
  /** Events that arrived in the same tick, in order: a 100,000-line log is not 100,000 messages. */
  | { type: 'events'; envelopes: JobEventEnvelope[] }
  | { type: 'hello'; apiVersion: number };

export const CLIENT_MESSAGE = z.discriminatedUnion('type', [
  z
    .object({
      id: z.number().int().nonnegative(),
      type: z.literal('call'),
      method: z.string().max(100),
      input: z.unknown(),
    })
    .strict(),
  z
    .object({ id: z.number().int().nonnegative(), type: z.literal('subscribe'), jobId, since: z.number().int().min(0) })
    .strict(),
  z.object({ id: z.number().int().nonnegative(), type: z.literal('unsubscribe'), jobId }).strict(),
]);

export function isMethodName(m: string): m is MethodName {
  return Object.prototype.hasOwnProperty.call(METHOD_INPUTS, m);
}

/** Validates a method's input at a transport edge: the parsed value, or an error envelope. */
export function parseInput<M extends MethodName>(
  method: M,
  input: unknown,
): { ok: true; value: ParsedInput<M> } | { ok: false; error: ErrorEnvelope } {
  const r = METHOD_INPUTS[method].safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data as ParsedInput<M> };
  const first = r.error.issues[0];
  const where = first && first.path.length ? `${first.path.map(String).join('.')}: ` : '';
  const params = { method, where, detail: first?.message ?? 'invalid input' };
  return {
    ok: false,
    error: {
      code: 'BAD_ARGUMENT',
      message: formatMessage('api.badInput', params, 'en').message,
      messageId: 'api.badInput',
      params,
    },
  };
}
