// `npm start` (scripts/start.mjs) decides between Electron and `kiln ui`. Each case runs the
// real script in dry-run mode (KILN_START_DRY_RUN=1: decide, print the decision, launch and
// build nothing) against a stand-in electron package: electron's own index.js, with an
// install.js that counts its runs and either fails as it does offline or "downloads" a binary.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const temps: string[] = [];

interface Decision {
  launch: 'electron' | 'kiln-ui';
  reason: string | null;
  electronPath: string | null;
  installAttempts: number;
  builds: Array<{ name: string; why: string; status: string }>;
  command: string[];
}

const OFFLINE_INSTALL = `
const fs = require('fs');
const path = require('path');
fs.appendFileSync(path.join(__dirname, 'attempts.log'), 'attempt\\n');
console.error('RequestError: getaddrinfo ENOTFOUND github.com');
console.error('    at ClientRequest.<anonymous> (got/dist/source/core/index.js:970:111)');
process.exit(1);
`;

const ONLINE_INSTALL = `
const fs = require('fs');
const path = require('path');
fs.appendFileSync(path.join(__dirname, 'attempts.log'), 'attempt\\n');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n', { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;

/** An electron package without its binary; `installed` puts the binary in place already. */
function fakeElectron(install: string, installed = false): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-fake-electron-'));
  temps.push(dir);
  copyFileSync(path.join(root, 'node_modules/electron/index.js'), path.join(dir, 'index.js'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'electron', version: '40.0.0', main: 'index.js' }),
  );
  writeFileSync(path.join(dir, 'install.js'), install);
  if (installed) {
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

function attempts(dir: string): number {
  const log = path.join(dir, 'attempts.log');
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
}

function start(
  electronDir: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
  cwd = root,
): { decision: Decision; stderr: string; status: number | null } {
  const base: NodeJS.ProcessEnv = { ...process.env, KILN_START_DRY_RUN: '1', KILN_ELECTRON_PACKAGE_DIR: electronDir };
  delete base['DISPLAY'];
  delete base['WAYLAND_DISPLAY'];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  const r = spawnSync(process.execPath, ['scripts/start.mjs', ...args], {
    cwd,
    env: base,
    encoding: 'utf8',
    timeout: 90_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { decision: JSON.parse(last) as Decision, stderr: r.stderr, status: r.status };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/start.mjs', () => {
  it("falls back to `kiln ui` with one line of reason when Electron's binary cannot be downloaded, after one try", () => {
    const electron = fakeElectron(OFFLINE_INSTALL);
    const { decision, stderr, status } = start(electron, { DISPLAY: ':0' }, ['--port', '4321']);
    expect(status).toBe(0);
    expect(decision.launch).toBe('kiln-ui');
    expect(decision.reason).toBe(
      "Electron's binary is not installed (download failed: RequestError: getaddrinfo ENOTFOUND github.com)",
    );
    expect(decision.command).toEqual([process.execPath, path.join(root, 'dist', 'kiln.mjs'), 'ui', '--port', '4321']);
    expect(decision.installAttempts).toBe(1);
    expect(attempts(electron)).toBe(1);
    // Exactly one line for the user, and it says what happens next.
    expect(stderr.trim().split('\n')).toEqual([
      "kiln: Electron's binary is not installed (download failed: RequestError: getaddrinfo ENOTFOUND github.com); serving the same UI in your browser instead",
    ]);
  });

  it('launches Electron once its install script has put the binary in place (not as root)', () => {
    const electron = fakeElectron(ONLINE_INSTALL);
    const { decision } = start(electron, { DISPLAY: ':0' });
    expect(decision.installAttempts).toBe(1);
    expect(attempts(electron)).toBe(1);
    expect(decision.electronPath).toBe(path.join(electron, 'dist', 'electron'));
    if (process.platform === 'linux' && process.getuid?.() === 0) {
      expect(decision).toMatchObject({ launch: 'kiln-ui', reason: "Electron's sandbox does not run as root" });
    } else {
      expect(decision).toMatchObject({
        launch: 'electron',
        reason: null,
        command: [path.join(electron, 'dist', 'electron'), root],
      });
    }
  });

  it.runIf(process.platform === 'linux')(
    'does not open a window without a display, and does not download anything when the binary is there',
    () => {
      const electron = fakeElectron(OFFLINE_INSTALL, true);
      const { decision, stderr } = start(electron, {});
      expect(decision.launch).toBe('kiln-ui');
      expect(decision.reason).toMatch(/no display.*DISPLAY and WAYLAND_DISPLAY are unset/);
      expect(decision.installAttempts).toBe(0);
      expect(attempts(electron)).toBe(0);
      expect(stderr).toContain('serving the same UI in your browser instead');
      const wayland = start(electron, { WAYLAND_DISPLAY: 'wayland-0' }).decision;
      expect(wayland.reason ?? '').not.toMatch(/no display/);
    },
  );

  it('reports an electron package that is not there at all without running anything', () => {
    const missing = path.join(os.tmpdir(), `kiln-no-electron-${process.pid}`);
    const { decision } = start(missing, { DISPLAY: ':0' });
    expect(decision).toMatchObject({ launch: 'kiln-ui', installAttempts: 0 });
    expect(decision.reason).toMatch(/^Electron is not installed/);
  });

  it('lists the builds it would run, in a dry run, without running them', () => {
    // A stand-in root (start.mjs decides from the folder it sits in): sources and outputs with
    // chosen times, so the answer does not depend on the state of this checkout's dist/.
    const stand = mkdtempSync(path.join(os.tmpdir(), 'kiln-start-root-'));
    temps.push(stand);
    const files: Record<string, number> = {
      'scripts/build.mjs': 1000,
      'scripts/build-electron.mjs': 1000,
      'shared/api.ts': 1000,
      'renderer/src/app.tsx': 1000,
      'renderer/vite.config.ts': 1000,
      'electron/main.ts': 2000, // edited after the electron bundle, before the CLI bundle
      'dist/kiln.mjs': 3000,
      'dist/electron/main.cjs': 1500,
      'dist/electron/preload.cjs': 3000,
      // dist/renderer/index.html: never built
    };
    const place = (times: Record<string, number>): void => {
      for (const [rel, seconds] of Object.entries(times)) {
        const file = path.join(stand, rel);
        mkdirSync(path.dirname(file), { recursive: true });
        if (!existsSync(file)) writeFileSync(file, '// stand-in\n');
        utimesSync(file, seconds, seconds);
      }
    };
    place(files);
    copyFileSync(path.join(root, 'scripts/start.mjs'), path.join(stand, 'scripts/start.mjs'));
    utimesSync(path.join(stand, 'scripts/start.mjs'), 1000, 1000);
    const electron = fakeElectron(OFFLINE_INSTALL);
    const run = (): Decision => start(electron, { DISPLAY: ':0' }, [], stand).decision;

    const first = run();
    expect(first.builds).toEqual([
      { name: 'electron', why: 'older than electron/main.ts', status: 'would build' },
      { name: 'renderer', why: 'missing dist/renderer/index.html', status: 'would build' },
    ]);
    // A dry run builds nothing: the same answer again, and still no renderer output.
    expect(run().builds).toEqual(first.builds);
    expect(existsSync(path.join(stand, 'dist/renderer/index.html'))).toBe(false);

    // Everything fresh: nothing to build. A shared/ edit then makes every step stale.
    place({ 'dist/electron/main.cjs': 3000, 'dist/renderer/index.html': 3000 });
    expect(run().builds).toEqual([]);
    place({ 'shared/api.ts': 4000 });
    expect(run().builds).toEqual([
      { name: 'cli', why: 'older than shared/api.ts', status: 'would build' },
      { name: 'electron', why: 'older than shared/api.ts', status: 'would build' },
      { name: 'renderer', why: 'older than shared/api.ts', status: 'would build' },
    ]);
  });
});
