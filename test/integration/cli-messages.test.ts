// What the terminal shows when things go wrong, and what it keeps quiet: a failed build step in
// kiln.yaml's terms with the command's own output, an offline pip install that points at
// find_links, a crash's traceback printed once, hints that name log files that exist (the serve
// log for a warm call), and a command entry's stderr kept in the log unless --verbose.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';
import { makeAlgorithm } from '../support/fixtures.js';

let home: ReturnType<typeof tempHome>;
const dirs: string[] = [];
beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(name: string, files: Record<string, string>): string {
  const d = makeAlgorithm(name, files);
  dirs.push(d);
  return d;
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

function hintedLog(hint: string): string {
  const m = /(?:Run|Full) log: (\S+)/.exec(hint);
  expect(m, hint).not.toBeNull();
  return m![1]!;
}

describe('a failed build says which part of kiln.yaml failed', () => {
  it("an apt package that does not exist: the section, the exit code and apt's own words, not the script", async () => {
    const dir = folder('bad-apt', {
      'kiln.yaml':
        'name: bad-apt\nsystem_packages: [python3, no-such-package-xyz]\nentry: {python: "predict.py:Algo"}\noutputs: {result: {type: json}}\n',
      'predict.py': 'class Algo:\n    def predict(self, request):\n        return {}\n',
    });
    const r = await kiln(['build', dir], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: installing system_packages (python3, no-such-package-xyz) failed with exit code 100',
    );
    expect(r.stderr).toContain('E: Unable to locate package no-such-package-xyz');
    // Kiln's generated script stays out of the error (the progress lines above it may show the step).
    expect(r.stderr.slice(r.stderr.indexOf('error: '))).not.toContain("pkgs='");
    expect(r.stderr).toContain('hint: Check the package names in system_packages');
    expect(existsSync(hintedLog(r.stderr))).toBe(true);
  });

  it('pip without a reachable index: says so and points at find_links after one try', async () => {
    const dir = folder('offline-pip', {
      'kiln.yaml':
        'name: offline-pip\npython_packages: [kiln-no-such-dist==1.0]\nentry: {python: "predict.py:Algo"}\noutputs: {result: {type: json}}\n',
      'predict.py': 'class Algo:\n    def predict(self, request):\n        return {}\n',
    });
    const r = await kiln(['build', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('BUILD_FAILED');
    expect(r.json.error.message).toMatch(/^installing python_packages failed with exit code \d+/);
    expect(r.json.error.hint).toContain('unreachable from the build, or the name or version does not exist');
    expect(r.json.error.hint).toContain('find_links');
    // One attempt: pip's "Retrying (Retry(total=4 ..." lines are the five tries it used to make.
    expect(readFileSync(r.json.error.logPath, 'utf8')).not.toContain('Retrying (Retry(total=');
  });
});

describe('a crashing algorithm', () => {
  let dir: string;
  beforeAll(async () => {
    dir = folder('crashy', {
      'kiln.yaml': 'name: crashy\nentry: {python: "predict.py:Algo"}\noutputs: {result: {type: json}}\n',
      'predict.py': [
        'class Algo:',
        '    def setup(self):',
        '        pass',
        '    def predict(self, request):',
        '        print("about to fail")',
        '        raise ValueError("boom in predict")',
        '',
      ].join('\n'),
    });
    const b = await kiln(['build', dir], { home: home.home });
    expect(b.code, b.stderr).toBe(0);
  });

  it("prints the traceback once, with the user's frames, and a hint naming the run log that exists", async () => {
    const r = await kiln(['run', dir], { home: home.home });
    expect(r.code).toBe(1);
    expect(count(r.stderr, 'Traceback (most recent call last)')).toBe(1);
    expect(count(r.stderr, 'raise ValueError("boom in predict")')).toBe(1);
    expect(r.stderr).not.toContain('kiln_runtime.py');
    expect(r.stderr).not.toContain('--- last output of the algorithm ---');
    const log = hintedLog(r.stderr);
    expect(readFileSync(log, 'utf8')).toContain('boom in predict');
  });

  it('with --json, the last lines travel in the document instead', async () => {
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.json.error.stderrTail).toContain('boom in predict');
  });

  it("a warm call's hint names the serve log, where its output is", async () => {
    const serve = startKiln(['serve', 'crashy', '--json'], { home: home.home });
    let out = '';
    serve.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    try {
      await expect.poll(() => out.includes('"url"'), { timeout: 60_000, interval: 100 }).toBe(true);
      const r = await kiln(['run', 'crashy'], { home: home.home });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Using the warm container');
      const log = hintedLog(r.stderr);
      expect(path.basename(path.dirname(log))).toBe('serve');
      await expect.poll(() => existsSync(log) && readFileSync(log, 'utf8').includes('boom in predict')).toBe(true);
    } finally {
      serve.kill('SIGINT');
      await exited;
    }
  });
});

describe('a command entry that writes to stderr and succeeds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = folder('chatty', {
      'kiln.yaml': [
        'name: chatty',
        'entry:',
        '  command: "sh -c \'echo chatty-banner-line >&2; printf {args.n} > {outputs.result}\'"',
        'outputs: {result: {type: text, ext: .txt}}',
        'args: {n: {type: integer, default: 7}}',
        '',
      ].join('\n'),
    });
    const b = await kiln(['build', dir], { home: home.home });
    expect(b.code, b.stderr).toBe(0);
  });

  it('keeps it in the run log, not on the terminal', async () => {
    const r = await kiln(['run', dir, '--out', path.join(dir, 'out')], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('chatty-banner-line');
    expect(readFileSync(path.join(dir, 'out', 'result.txt'), 'utf8')).toBe('7');
    const runs = await kiln(['runs', 'chatty', '--json'], { home: home.home });
    const logPath: string = runs.json.runs[0].logPath;
    expect(readFileSync(logPath, 'utf8')).toContain('chatty-banner-line');
  });

  it('kiln runs takes the folder too, and shows start time with seconds, total and call time', async () => {
    const r = await kiln(['runs', dir], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    const first = r.stdout.split('\n')[0]!;
    expect(first).toMatch(
      /^r\S+ {2}succeeded chatty:\S+ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\d+(\.\d)? m?s \(call \d+(\.\d)? m?s\) {2}\{"n":7\}$/,
    );
  });

  it('shows it with --verbose', async () => {
    const r = await kiln(['run', dir, '--verbose', '--out', path.join(dir, 'out2')], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('chatty-banner-line');
  });
});
