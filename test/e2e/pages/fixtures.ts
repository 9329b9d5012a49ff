// What the e2e tests set up around the browser: copies of the examples (the repo's own are
// never touched), unique algorithm names, and removing the images a test built.
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { docker } from '../../support/docker.js';
import { EXAMPLES } from '../../support/kiln-cli.js';

export const nonce = (): string => randomBytes(3).toString('hex');

/** Copies resources/examples/<example> to <parent>/<folder> and renames the algorithm in the copy. */
export function copyExample(example: string, parent: string, folder: string, name: string): string {
  const dir = path.join(parent, folder);
  cpSync(path.join(EXAMPLES, example), dir, { recursive: true });
  const manifest = path.join(dir, 'kiln.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^name: .*$/m, `name: ${name}`));
  return dir;
}

/** Removes every image Kiln built of `name` (label kiln.name=<name>). */
export async function removeImagesOf(name: string): Promise<void> {
  const ids = (await docker(['image', 'ls', '-q', '--no-trunc', '--filter', `label=kiln.name=${name}`]))
    .split('\n')
    .filter(Boolean);
  if (ids.length) await docker(['image', 'rm', '-f', ...new Set(ids)]).catch(() => undefined);
}

export function decodePng(bytes: Buffer): {
  width: number;
  height: number;
  pixels: Array<[number, number, number, number]>;
} {
  const png = PNG.sync.read(bytes);
  const pixels: Array<[number, number, number, number]> = [];
  for (let i = 0; i < png.width * png.height; i++) {
    pixels.push([png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!, png.data[i * 4 + 3]!]);
  }
  return { width: png.width, height: png.height, pixels };
}
