// What goes into an image, end to end through `kiln build` and `kiln run`: large files as model
// layers (and a model change), ignore rules, symlinks that leave the folder, non-ASCII paths, and a
// rebuild after the image was removed behind Kiln's back.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker.js';
import { pythonAlgorithm } from '../support/fixtures.js';
import { kiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
const dirs: string[] = [];
beforeAll(() => {
  home = tempHome();
});
afterAll(async () => {
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  // The 33 MB model images are this file's own: do not leave them on the engine.
  for (const label of ['kiln.name=bigmodel']) {
    const ids = await docker(['images', '-q', '--filter', `label=${label}`]);
    if (ids) await docker(['rmi', '-f', ...new Set(ids.split('\n'))]).catch(() => '');
  }
});

const RETURN_RESULT = `return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}`;
const WRITE_RESULT = `os.makedirs(os.path.join(work, "out"), exist_ok=True)
with open(os.path.join(work, "out", "result.json"), "w", encoding="utf-8") as f:
    json.dump(result, f, ensure_ascii=False)
${RETURN_RESULT}`;

type LogEvent = { type: string; stage?: string; index?: number; instruction?: string; tag?: string };
function buildEvents(buildId: string): LogEvent[] {
  return readFileSync(path.join(home.home, 'logs', 'builds', `${buildId}.log`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LogEvent);
}

// How `docker history` shows the two COPY steps: the model files (from the models image) into
// /kiln/app/, and the code with its version file into /kiln/.
const MODEL_COPY = /^\/bin\/sh -c #\(nop\) COPY dir:\w+ in \/kiln\/app\/\s*$/;
const CODE_COPY = /^\/bin\/sh -c #\(nop\) COPY dir:\w+ in \/kiln\/\s*$/;

/** Each layer-making step of an image, oldest first: what made it and its size in bytes. */
async function layers(tag: string): Promise<Array<{ createdBy: string; size: number }>> {
  const out = await docker(['history', '--no-trunc', '--human=false', '--format', '{{.CreatedBy}}\t{{.Size}}', tag]);
  return out
    .split('\n')
    .reverse()
    .map((l) => {
      const [createdBy = '', size = '0'] = l.split('\t');
      return { createdBy, size: Number(size) };
    });
}

describe('model files', () => {
  it('puts a file over 32 MB in the models layer, not the code layer, and a model change rebuilds only from it', async () => {
    const predict = `import hashlib
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.bin"), "rb") as f:
    data = f.read()
result = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
${WRITE_RESULT}`;
    const dir = pythonAlgorithm('bigmodel', predict); // no `models` glob: the size alone decides
    dirs.push(dir);
    const size = 33 * 1024 * 1024;
    const model = path.join(dir, 'model.bin');
    writeFileSync(model, randomBytes(size));

    const first = await kiln(['build', dir, '--json'], { home: home.home });
    expect(first.code, first.stderr).toBe(0);
    const firstModels = buildEvents(first.json.buildId).find((e) => e.type === 'build.image' && e.stage === 'models');
    expect(firstModels?.tag).toMatch(/^kiln-models\/bigmodel:/);
    const firstLayers = await layers(first.json.tag);
    const modelLayer = firstLayers.find((l) => MODEL_COPY.test(l.createdBy));
    const codeLayer = firstLayers.find((l) => CODE_COPY.test(l.createdBy));
    expect(modelLayer?.size).toBeGreaterThanOrEqual(size);
    expect(codeLayer?.size).toBeLessThan(1024 * 1024);

    // A model change: a new models image; every step before the model copy is a cache hit.
    const changed = randomBytes(size);
    writeFileSync(model, changed);
    const second = await kiln(['build', dir, '--json'], { home: home.home });
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.version).not.toBe(first.json.version);
    const events = buildEvents(second.json.buildId);
    const secondModels = events.find((e) => e.type === 'build.image' && e.stage === 'models');
    expect(secondModels?.tag).toMatch(/^kiln-models\/bigmodel:/);
    expect(secondModels?.tag).not.toBe(firstModels?.tag);
    const main = events.filter((e) => e.type === 'build.step' && e.stage !== 'models');
    const cached = new Set(events.filter((e) => e.type === 'build.cached' && e.stage !== 'models').map((e) => e.index));
    const copyModels = main.find((s) => s.instruction?.startsWith('COPY --from=kiln-models/bigmodel:'));
    expect(copyModels).toBeDefined();
    for (const s of main.filter((x) => x.index! > 1 && x.index! < copyModels!.index!))
      expect(cached.has(s.index), `step ${s.index} ${s.instruction} should be cached`).toBe(true);
    expect(cached.has(copyModels!.index)).toBe(false);
    const secondLayers = await layers(second.json.tag);
    expect(secondLayers.find((l) => MODEL_COPY.test(l.createdBy))?.size).toBeGreaterThanOrEqual(size);
    expect(secondLayers.find((l) => CODE_COPY.test(l.createdBy))?.size).toBeLessThan(1024 * 1024);

    const out = path.join(dir, 'out');
    const run = await kiln(['run', dir, '--out', out, '--json'], { home: home.home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.version).toBe(second.json.version);
    expect(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'))).toEqual({
      size,
      sha256: createHash('sha256').update(changed).digest('hex'),
    });
  });
});

describe('the build context', () => {
  it('leaves out what the ignore rules name, and refuses a symlink out of the folder until it is ignored', async () => {
    // The algorithm lists the files it finds beside its code in the image (links as "a -> b").
    const predict = `app = os.path.dirname(os.path.abspath(__file__))
found = []
for top, subdirs, files in os.walk(app):
    for name in subdirs + files:
        p = os.path.join(top, name)
        rel = os.path.relpath(p, app)
        if os.path.islink(p):
            found.append(rel + " -> " + os.readlink(p))
        elif os.path.isfile(p):
            found.append(rel)
result = {"files": sorted(found)}
${WRITE_RESULT}`;
    const dir = pythonAlgorithm('ignores', predict);
    dirs.push(dir);
    const files: Record<string, string> = {
      '.kilnignore': 'data/\n*.log\n!keep.log\nnotes.txt\n',
      '.dockerignore': 'scratch.tmp\n',
      'data/a.csv': '1,2,3\n',
      'run.log': 'noise\n',
      'keep.log': 'kept on purpose\n',
      'notes.txt': 'private\n',
      'scratch.tmp': 'temp\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      '__pycache__/junk.cpython-311.pyc': 'not code\n',
      'node_modules/m/index.js': 'module.exports = 1;\n',
      'sub/inner.txt': 'inside\n',
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    symlinkSync('sub/inner.txt', path.join(dir, 'link-inside'));

    const out = path.join(dir, 'out');
    const run = await kiln(['run', dir, '--out', out, '--json'], { home: home.home });
    expect(run.code, run.stderr).toBe(0);
    const listed = (JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as { files: string[] }).files;
    // The ignore files themselves travel (as Docker's do); .git, __pycache__ and node_modules never do.
    expect(listed).toEqual([
      '.dockerignore',
      '.kilnignore',
      'keep.log',
      'kiln.yaml',
      'link-inside -> sub/inner.txt',
      'predict.py',
      'sub/inner.txt',
    ]);
    rmSync(out, { recursive: true, force: true });

    // An ignored file's change is not a new version.
    const before = await kiln(['build', dir, '--json'], { home: home.home });
    expect(before.code, before.stderr).toBe(0);
    writeFileSync(path.join(dir, 'data', 'a.csv'), '4,5,6\n');
    writeFileSync(path.join(dir, 'run.log'), 'more noise\n');
    const after = await kiln(['build', dir, '--json'], { home: home.home });
    expect(after.code, after.stderr).toBe(0);
    expect(after.json).toMatchObject({ reused: true, version: before.json.version });

    // A link out of the folder: refused with the link's name and what to do, exit 2, no stack.
    symlinkSync('/etc/hostname', path.join(dir, 'escape'));
    const refused = await kiln(['build', dir, '--json'], { home: home.home });
    expect(refused.code).toBe(2);
    expect(refused.json.error).toMatchObject({
      code: 'UNSAFE_PATH',
      message: 'escape is a symlink that points outside the algorithm folder (to /etc/hostname)',
      hint: expect.stringContaining('.kilnignore'),
    });
    const text = await kiln(['build', dir], { home: home.home });
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('error: escape is a symlink that points outside the algorithm folder');
    expect(text.stderr).not.toMatch(/\n\s+at /);
    // Ignored, it is left out and the build goes on.
    appendFileSync(path.join(dir, '.kilnignore'), 'escape\n');
    const ignored = await kiln(['build', dir, '--json'], { home: home.home });
    expect(ignored.code, ignored.stderr).toBe(0);
  });
});

describe('non-ASCII paths, and an image removed behind Kiln’s back', () => {
  it('builds and runs from a Chinese folder with a Chinese input file, and rebuilds a removed image', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'kiln-中文-'));
    dirs.push(parent);
    const predict = `src = request["input_files"][0]["local_path"]
with open(src, encoding="utf-8") as f:
    text = f.read()
result = {"text": text, "name": os.path.basename(src), "folder": os.path.basename(os.path.dirname(os.path.abspath(__file__)))}
${WRITE_RESULT}`;
    const dir = pythonAlgorithm('cjk', predict, { parent: path.join(parent, '图像 处理') });
    const input = path.join(parent, '输入 文件.txt');
    writeFileSync(input, '你好，世界\n');
    const out = path.join(parent, '输出');

    const first = await kiln(['run', dir, '--input', `data=${input}`, '--out', out, '--json'], { home: home.home });
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as Record<string, string>;
    expect(result['text']).toBe('你好，世界\n');
    expect(result['name']).toBe('data.txt'); // staged under its input key, with its extension
    expect(result['folder']).toBe('app');
    const runs = await kiln(['runs', 'cjk', '--json'], { home: home.home });
    expect(runs.json.runs[0]).toMatchObject({ status: 'succeeded' });
    expect(JSON.stringify(runs.json.runs[0])).toContain('输入 文件.txt');

    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    expect(built.json.reused).toBe(true);
    const tag = String(built.json.tag);
    await docker(['rmi', '-f', tag]);
    expect(await docker(['images', '-q', tag])).toBe('');

    // The image is gone: `kiln build` builds it again instead of answering "up to date".
    const rebuilt = await kiln(['build', dir, '--json'], { home: home.home });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.json.reused).toBe(false);
    expect(await docker(['images', '-q', String(rebuilt.json.tag)])).not.toBe('');
    const again = await kiln(['run', 'cjk', '--input', `data=${input}`, '--out', out, '--json'], { home: home.home });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'))).toMatchObject({ text: '你好，世界\n' });
  });
});
