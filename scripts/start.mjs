// `npm start`: builds what is missing or stale, then opens Kiln in Electron, or, where Electron
// cannot start (its binary was never downloaded, no display, running as root on Linux), says
// why in one line and serves the same UI in the browser with `kiln ui`.
//
// Environment:
//   KILN_START_DRY_RUN=1        decide, print the decision as JSON on the last line, launch nothing
//                               and build nothing (the builds it would run are in the decision)
//   KILN_ELECTRON_PACKAGE_DIR   the electron package to use (default node_modules/electron)
// Extra arguments go to `kiln ui` (e.g. npm start -- --port 4000) or to Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dryRun = process.env.KILN_START_DRY_RUN === '1';
const electronDir = path.resolve(root, process.env.KILN_ELECTRON_PACKAGE_DIR ?? 'node_modules/electron');
const extraArgs = process.argv.slice(2);
const INSTALL_TIMEOUT_MS = 60_000;

const built = build();
const electron = await findElectron();
const blocker = electron.path ? cannotShowWindow() : null;
const decision = {
  launch: electron.path && !blocker ? 'electron' : 'kiln-ui',
  reason: electron.path ? blocker : electron.reason,
  electronPath: electron.path,
  installAttempts: electron.installAttempts,
  builds: built,
  command: null,
};

if (decision.launch === 'electron') {
  decision.command = [electron.path, root, ...extraArgs];
} else {
  console.error(`kiln: ${decision.reason}; serving the same UI in your browser instead`);
  decision.command = [process.execPath, path.join(root, 'dist', 'kiln.mjs'), 'ui', ...extraArgs];
}

if (dryRun) {
  console.log(JSON.stringify(decision));
} else {
  launch(decision.command);
}

// ---- building

/** Builds each missing or stale output; returns what it built (or, in a dry run, would build). */
function build() {
  const steps = [
    {
      name: 'cli',
      outputs: ['dist/kiln.mjs'],
      sources: ['electron', 'shared', 'scripts/build.mjs'],
      command: [process.execPath, 'scripts/build.mjs'],
    },
    {
      name: 'electron',
      outputs: ['dist/electron/main.cjs', 'dist/electron/preload.cjs'],
      sources: ['electron', 'shared', 'scripts/build-electron.mjs'],
      command: [process.execPath, 'scripts/build-electron.mjs'],
    },
    {
      name: 'renderer',
      outputs: ['dist/renderer/index.html'],
      sources: ['renderer', 'shared'],
      requires: 'renderer/vite.config.ts',
      command: [process.execPath, 'node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts'],
    },
  ];
  const done = [];
  for (const step of steps) {
    const why = staleness(step.outputs, step.sources);
    if (!why) continue;
    if (dryRun) {
      done.push({ name: step.name, why, status: 'would build' });
      continue;
    }
    if (step.requires && !existsSync(path.join(root, step.requires))) {
      done.push({ name: step.name, why, status: 'failed' });
      console.error(`kiln: cannot build the ${step.name}: ${step.requires} is missing; going on without it`);
      continue;
    }
    const r = spawnSync(step.command[0], step.command.slice(1), {
      cwd: root,
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
    });
    if (r.stderr) process.stderr.write(r.stderr);
    const ok = r.status === 0;
    done.push({ name: step.name, why, status: ok ? 'built' : 'failed' });
    if (!ok) {
      const detail = r.error ? r.error.message : errorLine(r.stderr) || `exit code ${r.status}`;
      console.error(`kiln: building the ${step.name} failed (${detail}); going on without it`);
    }
  }
  return done;
}

/** Why the outputs need building ("missing ..." or "older than ..."), or null when they are fresh. */
function staleness(outputs, sources) {
  let oldest = Infinity;
  for (const out of outputs) {
    const st = statOrNull(path.join(root, out));
    if (!st) return `missing ${out}`;
    oldest = Math.min(oldest, st.mtimeMs);
  }
  for (const src of sources) {
    const newer = newerFile(path.join(root, src), oldest);
    if (newer) return `older than ${path.relative(root, newer)}`;
  }
  return null;
}

function newerFile(p, than) {
  const st = statOrNull(p);
  if (!st) return null;
  if (st.isFile()) return st.mtimeMs > than ? p : null;
  if (!st.isDirectory()) return null;
  for (const name of readdirSync(p)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const found = newerFile(path.join(p, name), than);
    if (found) return found;
  }
  return null;
}

function statOrNull(p) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

// ---- Electron

/** Electron's executable, after running its own install script once if it is missing. */
async function findElectron() {
  let found = electronBinary();
  let installAttempts = 0;
  if (found.path) return { path: found.path, reason: null, installAttempts };
  if (!existsSync(path.join(electronDir, 'install.js'))) {
    return { path: null, reason: `Electron is not installed (${found.why})`, installAttempts };
  }
  installAttempts++;
  const r = await runInstallScript();
  found = electronBinary();
  if (found.path) return { path: found.path, reason: null, installAttempts };
  let failure;
  if (r.timedOut) failure = `download timed out after ${INSTALL_TIMEOUT_MS / 1000} s`;
  else if (r.error) failure = `download failed: ${r.error.message}`;
  else failure = `download failed: ${firstLine(r.stderr) || firstLine(r.stdout) || `exit code ${r.status}`}`;
  return { path: null, reason: `Electron's binary is not installed (${failure})`, installAttempts };
}

/**
 * Runs electron's own install script (a user with internet gets the binary this way). Quiet
 * unless it takes a while, so a machine without network prints only the one-line reason.
 */
function runInstallScript() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const notice = setTimeout(
      () => console.error("kiln: downloading Electron's binary (node_modules/electron/install.js)..."),
      3000,
    );
    const limit = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, INSTALL_TIMEOUT_MS);
    const done = (status, error) => {
      clearTimeout(notice);
      clearTimeout(limit);
      resolve({ status, error, stdout, stderr, timedOut });
    };
    child.on('error', (err) => done(null, err));
    child.on('close', (code) => done(code, null));
  });
}

/** The path the electron package reports, if that file exists; otherwise why not. */
function electronBinary() {
  const require = createRequire(path.join(root, 'package.json'));
  let resolved;
  try {
    resolved = require.resolve(electronDir);
  } catch {
    return { path: null, why: `no package at ${path.relative(root, electronDir) || electronDir}` };
  }
  delete require.cache[resolved]; // index.js reads path.txt once; read it afresh after an install
  try {
    const binary = require(resolved);
    if (typeof binary === 'string' && existsSync(binary)) return { path: binary, why: null };
    return { path: null, why: `${binary} does not exist` };
  } catch (err) {
    return { path: null, why: firstLine(err instanceof Error ? err.message : String(err)) };
  }
}

/** Why a window cannot open here, or null. */
function cannotShowWindow() {
  if (process.platform !== 'linux') return null;
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)';
  if (process.getuid?.() === 0) return "Electron's sandbox does not run as root";
  return null;
}

// ---- launching

function launch([command, ...args]) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself (same process group): wait for it to
  // finish cleaning up rather than sending a second SIGINT (which `kiln ui` takes as "now").
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (err) => {
    console.error(`kiln: could not start ${path.basename(command)}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function firstLine(text) {
  return (
    (text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

/** The line of a tool's stderr that says what went wrong (not a stack frame). */
function errorLine(text) {
  const lines = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  const i = lines.findIndex((l) => /error/i.test(l));
  if (i === -1) return lines.pop() ?? '';
  return lines[i].endsWith(':') && lines[i + 1] ? lines[i + 1] : lines[i];
}
