// `npm start` for real where Electron's binary is absent: scripts/start.mjs runs as a process
// (not its dry run), tries electron's install script once, says why in one line, and serves the
// same UI with `kiln ui`; the page answers; SIGTERM stops both processes and frees the port.
//
// The script decides from the folder it sits in, so it runs from a stand-in root: its own copy
// of start.mjs, dist/ linked to this checkout's build (fresh by construction: no sources beside
// it, so nothing is rebuilt), and an electron package without its binary whose install script
// fails as it does offline.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempHome } from '../support/kiln-cli.js';

let stand: string;
let electron: string;
let home: ReturnType<typeof tempHome>;

beforeAll(() => {
  expect(existsSync(path.join(ROOT, 'dist/kiln.mjs')), 'run `npm run build` first (npm test does)').toBe(true);
  expect(existsSync(path.join(ROOT, 'dist/renderer/index.html')), 'run `npm run build` first').toBe(true);
  home = tempHome();
  stand = mkdtempSync(path.join(os.tmpdir(), 'kiln-npm-start-'));
  mkdirSync(path.join(stand, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts/start.mjs'), path.join(stand, 'scripts/start.mjs'));
  symlinkSync(path.join(ROOT, 'dist'), path.join(stand, 'dist'));
  electron = path.join(stand, 'electron-package');
  mkdirSync(electron);
  copyFileSync(path.join(ROOT, 'node_modules/electron/index.js'), path.join(electron, 'index.js'));
  writeFileSync(
    path.join(electron, 'package.json'),
    JSON.stringify({ name: 'electron', version: '40.0.0', main: 'index.js' }),
  );
  writeFileSync(
    path.join(electron, 'install.js'),
    `require('fs').appendFileSync(require('path').join(__dirname, 'attempts.log'), 'attempt\\n');
console.error('RequestError: getaddrinfo ENOTFOUND github.com');
process.exit(1);
`,
  );
});
afterAll(() => {
  home.cleanup();
  rmSync(stand, { recursive: true, force: true });
});

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.runIf(process.platform === 'linux')('npm start without Electron’s binary', () => {
  it('says why in one line, serves `kiln ui`, and leaves nothing running when stopped', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, KILN_HOME: home.home, KILN_ELECTRON_PACKAGE_DIR: electron };
    delete env['KILN_START_DRY_RUN'];
    env['DISPLAY'] = ':0'; // a display, so the missing binary is the reason
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: stand,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    let ui: number[] = [];
    try {
      const deadline = Date.now() + 60_000;
      while (!/Kiln UI: http\S+/.test(stdout) && Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /Kiln UI: (http\S+)/.exec(stdout)?.[1];
      expect(url, `${stdout}\n${stderr}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
      // One line of reason, before anything `kiln ui` prints; one install attempt, no build.
      expect(stderr.split('\n')[0]).toBe(
        "kiln: Electron's binary is not installed (download failed: RequestError: getaddrinfo ENOTFOUND github.com); serving the same UI in your browser instead",
      );
      expect(stderr).not.toMatch(/building|\bbuilt\b/i);
      expect(readFileSync(path.join(electron, 'attempts.log'), 'utf8')).toBe('attempt\n');
      ui = children(child.pid!);
      expect(ui).toHaveLength(1);

      // The page, as a browser gets it: token for a cookie, then the app.
      const u = new URL(url!);
      const traded = await get(url!);
      expect(traded.status).toBe(302);
      const cookie = String(traded.headers['set-cookie']).split(';')[0]!;
      const page = await get(`${u.origin}/`, { cookie });
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/<script type="module"[^>]* src="\.?\/assets\/[^"]+\.js"/);

      child.kill('SIGTERM');
      const end = await exited;
      expect(end).toEqual({ code: 0, signal: null });
      expect(stdout + stderr).toContain('Stopped.');
      for (const pid of ui) expect(alive(pid), `kiln ui (pid ${pid}) still running`).toBe(false);
      expect(await portOpen(Number(u.port))).toBe(false);
    } finally {
      for (const pid of [child.pid!, ...ui]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
