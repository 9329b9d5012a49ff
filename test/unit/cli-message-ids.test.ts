// The CLI's and the job registry's and templates' errors carry a message id (shared/messages):
// `--json` documents and the UI get the id, the terminal keeps the English text it always printed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyValues, parse } from '../../electron/cli/args.js';
import { JobRegistry } from '../../electron/services/jobs.js';
import { createFromTemplate, initInFolder } from '../../electron/services/templates.js';
import { KilnError } from '../../shared/errors.js';
import { formatMessage, isMessageId } from '../../shared/messages/index.js';
import { kiln, tempHome } from '../support/kiln-cli.js';

/** The error a call throws, as a KilnError. */
async function thrown(f: () => unknown): Promise<KilnError> {
  try {
    await f();
  } catch (err) {
    expect(err).toBeInstanceOf(KilnError);
    return err as KilnError;
  }
  throw new Error('expected an error');
}

/** Its Chinese text, rendered from the id it carries. */
function chinese(e: KilnError): string {
  expect(isMessageId(e.messageId)).toBe(true);
  return formatMessage(e.messageId!, e.params, 'zh-CN').message;
}

const parent = mkdtempSync(path.join(os.tmpdir(), 'kiln-ids-'));
const home = tempHome();
afterAll(() => {
  rmSync(parent, { recursive: true, force: true });
  home.cleanup();
});

describe('errors with message ids', () => {
  it('flags: the English text as before, the id and parameters beside it', async () => {
    const kv = await thrown(() => keyValues(['image'], 'input'));
    expect(kv.message).toBe('--input expects key=value, got "image"');
    expect(kv.messageId).toBe('cli.keyValue');
    expect(chinese(kv)).toBe('`--input` 需要 key=value 的形式，收到的是“image”');

    const bad = await thrown(() => parse(['--nope'], {}));
    expect(bad.message).toMatch(/^Unknown option '--nope'/);
    expect(bad.hint).toBe('See: kiln help');
    expect(bad.messageId).toBe('cli.badFlags');
  });

  it('jobs and templates, which the UI shows, read in Chinese', async () => {
    const job = await thrown(() => new JobRegistry().get('j-gone-0001'));
    expect(job.message).toBe('no job j-gone-0001');
    expect(chinese(job)).toBe('没有任务 j-gone-0001');

    const name = await thrown(() => createFromTemplate(path.join(parent, 'x'), 'Bad Name', 'python'));
    expect(name.message).toBe('"Bad Name" is not a valid algorithm name');
    expect(chinese(name)).toBe('“Bad Name”不是有效的算法名');

    const full = path.join(parent, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'a.txt'), 'mine');
    const notEmpty = await thrown(() => createFromTemplate(full, 'full', 'python'));
    expect(notEmpty.message).toBe(`${full} already exists and is not empty`);
    expect(notEmpty.hint).toBe('Choose a new folder name; Kiln never overwrites your files.');
    expect(chinese(notEmpty)).toBe(`${full} 已存在且不是空文件夹`);

    writeFileSync(path.join(full, 'kiln.yaml'), 'name: full\n');
    const has = await thrown(() => initInFolder(full, 'python'));
    expect(has.message).toBe(`${full} already has a kiln.yaml`);
    expect(has.messageId).toBe('template.hasManifest');
  });

  it('kiln --json carries the id; the terminal prints the English text', async () => {
    const unknown = await kiln(['buidl', '--json'], { home: home.home });
    expect(unknown.code).toBe(2);
    expect(unknown.json.error).toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'unknown command "buidl" (did you mean "build"?)',
      messageId: 'cli.unknownCommandSuggest',
      params: { name: 'buidl', suggestion: 'build' },
    });
    const port = await kiln(['ui', '--port', 'abc'], { home: home.home });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port abc is not a port number');
    const images = await kiln(['images', 'no-such-algo', '--json'], { home: home.home });
    expect(images.json.error).toMatchObject({
      message: 'no algorithm named "no-such-algo"',
      hint: 'List them with: kiln images',
      messageId: 'cli.images.noAlgorithm',
    });
  });
});
