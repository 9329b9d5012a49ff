// Where a running `kiln ui` leaves its address, so `kiln ui --url` can print it again: one file
// per server under KILN_HOME/ui/, readable by the user only (it holds the token), removed when the
// server stops. A file whose process is gone (kill -9) is ignored and removed by the next reader.
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { currentProcess, isAlive, type ProcessIdentity } from '../services/process-identity.js';

export interface ServerFile {
  /** The URL to open: carries the token. */
  openUrl: string;
  url: string;
  host: string;
  port: number;
  owner: ProcessIdentity;
  startedAt: string;
}

export function serversDir(home: string): string {
  return path.join(home, 'ui');
}

/** Writes this process's server file (mode 0600 in a 0700 folder); returns its path. */
export async function writeServerFile(
  home: string,
  info: { openUrl: string; url: string; host: string; port: number },
): Promise<string> {
  const dir = serversDir(home);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = path.join(dir, `${info.port}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  const body: ServerFile = {
    openUrl: info.openUrl,
    url: info.url,
    host: info.host,
    port: info.port,
    owner: currentProcess(),
    startedAt: new Date().toISOString(),
  };
  await rm(tmp, { force: true });
  await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return file;
}

/** Removes the file when it is still this process's (a newer server on the port keeps its own). */
export async function removeServerFile(file: string): Promise<void> {
  const current = await readServerFile(file);
  if (current && current.owner.pid !== process.pid) return;
  await rm(file, { force: true });
}

async function readServerFile(file: string): Promise<ServerFile | null> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as Partial<ServerFile>;
    if (typeof v.openUrl !== 'string' || typeof v.port !== 'number' || typeof v.owner?.pid !== 'number') return null;
    return v as ServerFile;
  } catch {
    return null;
  }
}

/** The servers running now, by port; files of servers that died are removed on the way. */
export async function runningServers(home: string): Promise<ServerFile[]> {
  const dir = serversDir(home);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: ServerFile[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const file = path.join(dir, name);
    const info = await readServerFile(file);
    if (info && isAlive(info.owner)) out.push(info);
    else await rm(file, { force: true });
  }
  return out.sort((a, b) => a.port - b.port);
}
