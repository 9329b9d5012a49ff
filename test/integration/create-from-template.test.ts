// algorithms.create over the bridge: a missing parent folder is refused (nothing made) unless
// the caller asks for it with createParents; the parent used is remembered in the settings.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let work: string;
let ui: RunningUi;
let c: WsClient;

beforeAll(async () => {
  home = tempHome('kiln-create-');
  work = mkdtempSync(path.join(os.tmpdir(), 'kiln-create-work-'));
  ui = await startUi(home.home);
  c = await WsClient.connect(ui);
});

afterAll(async () => {
  c?.close();
  if (ui) expect(await ui.stop()).toBe(0);
  home?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('algorithms.create and missing parent folders', () => {
  it('refuses a missing parent with create.parentMissing and makes nothing', async () => {
    const parent = path.join(work, 'not', 'there');
    const err = await c.call('algorithms.create', { parent, name: 'denoise', template: 'python' }).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).toBe('NOT_FOUND');
    expect(err?.message).toBe(`the parent folder ${parent} does not exist`);
    expect(c.errors.at(-1)).toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(path.join(work, 'not'))).toBe(false);
    expect((await c.call('settings.get', {})).lastParent).toBeUndefined();
  });

  it('makes the missing parents when asked, and remembers the parent in the settings', async () => {
    const parent = path.join(work, 'made', 'here');
    const created = await c.call('algorithms.create', {
      parent,
      name: 'denoise',
      template: 'python',
      createParents: true,
    });
    expect(created).toMatchObject({ name: 'denoise', path: path.join(parent, 'denoise') });
    expect(existsSync(path.join(parent, 'denoise', 'kiln.yaml'))).toBe(true);
    expect((await c.call('settings.get', {})).lastParent).toBe(parent);
  });

  it('refuses a parent that is a file', async () => {
    const file = path.join(work, 'made', 'here', 'denoise', 'kiln.yaml');
    await expect(c.call('algorithms.create', { parent: file, name: 'x', template: 'python' })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: `${file} is not a folder`,
    });
  });
});
