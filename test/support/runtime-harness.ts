// Starts resources/runtime/kiln_runtime.py with the host's python3 on an ephemeral
// 127.0.0.1 port (KILN_PORT=0; the port is read from the runtime's "startup" log
// line, so there is no race for a free port) and talks HTTP to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIME_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../resources/runtime/kiln_runtime.py',
);

/** The interpreter under test: KILN_TEST_PYTHON (e.g. a python3.8) or python3 on PATH. */
export const PYTHON = process.env.KILN_TEST_PYTHON ?? 'python3';

export interface LogLine {
  ts: string;
  level: string;
  call_id: string | null;
  msg: string;
  [field: string]: unknown;
}

export interface OutputFile {
  key: string;
  form: string;
  body: string;
}

export interface InvokeResponse {
  error_code: number;
  error_msg: string;
  output_files: OutputFile[];
  arg_map: Record<string, unknown>;
  elapsed_ms: number;
  call_id: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RuntimeOptions {
  /** Folder for manifest.json (written here) and nothing else. */
  root: string;
  appDir: string;
  workRoot: string;
  manifest: unknown;
  env?: Record<string, string>;
}

export class RuntimeProcess {
  readonly logs: LogLine[] = [];
  /** stdout lines that were not JSON objects (the runtime must produce none). */
  readonly strayLines: string[] = [];
  stderr = '';
  port = 0;
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();

  constructor(options: RuntimeOptions) {
    const manifestPath = path.join(options.root, 'manifest.json');
    mkdirSync(options.workRoot, { recursive: true });
    writeFileSync(manifestPath, JSON.stringify(options.manifest, null, 2));
    this.child = spawn(PYTHON, [RUNTIME_SCRIPT], {
      env: {
        ...process.env,
        PYTHONDONTWRITEBYTECODE: '1',
        KILN_PORT: '0',
        KILN_HOST: '127.0.0.1',
        KILN_MANIFEST: manifestPath,
        KILN_APP_DIR: options.appDir,
        KILN_WORK_ROOT: options.workRoot,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.take(line);
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise<Exit>((resolve) => {
      this.child.on('close', (code, signal) => {
        if (pending) this.take(pending);
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private take(line: string): void {
    if (!line.trim()) return;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        this.logs.push(parsed as LogLine);
        this.notify();
        return;
      }
    } catch {
      // falls through: not JSON
    }
    this.strayLines.push(line);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise<LogLine>((resolve, reject) => {
      const check = (): boolean => {
        const found = this.logs.find(match);
        if (found) {
          done();
          resolve(found);
          return true;
        }
        if (this.exit) {
          done();
          reject(
            new Error(`runtime exited (${JSON.stringify(this.exit)}) before the log line came\n${this.describe()}`),
          );
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching log line within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      const listener = (): void => {
        check();
      };
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  describe(): string {
    const logs = this.logs.map((line) => JSON.stringify(line)).join('\n');
    return `stdout:\n${logs}\n${this.strayLines.join('\n')}\nstderr:\n${this.stderr}`;
  }

  /** Waits for the "startup" line and takes the port from it. */
  async started(): Promise<this> {
    const line = await this.waitForLog((l) => l.msg === 'startup');
    if (typeof line.port !== 'number') throw new Error(`startup line without a port: ${JSON.stringify(line)}`);
    this.port = line.port;
    return this;
  }

  async ready(): Promise<this> {
    await this.started();
    await this.waitForLog((l) => l.msg === 'ready', 20_000);
    return this;
  }

  async get(urlPath: string): Promise<{ status: number; text: string }> {
    const res = await fetch(this.url + urlPath);
    return { status: res.status, text: await res.text() };
  }

  async getJson(urlPath: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(this.url + urlPath);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async invoke(
    request: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; json: InvokeResponse }> {
    const res = await fetch(`${this.url}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof request === 'string' ? request : JSON.stringify(request),
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as InvokeResponse };
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves with how it ended. */
  async stop(graceMs = 5_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

export function startRuntime(options: RuntimeOptions): RuntimeProcess {
  return new RuntimeProcess(options);
}

/** Writes files (relative path -> content) under dir, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Quotes one word for a POSIX-shell-like template (the runtime splits templates with shlex). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Parses Prometheus text into sample name (with labels) -> value. */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}
