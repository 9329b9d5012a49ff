// Streams a build context as a tar: the generated Dockerfile and runtime under kiln/,
// the algorithm's files under app/. Files are read as they are written, never buffered whole.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import type { Pack } from 'tar-stream';
import type * as TarStream from 'tar-stream';
import type { ContextFile } from './context.js';
import { CONTEXT_APP } from './dockerfile.js';

export interface ExtraFile {
  name: string;
  content: string | Buffer;
  mode?: number;
}

const EPOCH = new Date(0);

// tar-stream is CommonJS: required, not imported (an ESM import makes Node lex its source for
// named exports first, a few ms of every rebuild).
let tarStream: typeof TarStream | undefined;
const pack = (): Pack => (tarStream ??= createRequire(import.meta.url)('tar-stream') as typeof TarStream).pack();

export function createContextTar(
  files: readonly ContextFile[],
  extra: readonly ExtraFile[],
): { stream: Pack; done: Promise<void> } {
  const tar = pack();
  const done = (async (): Promise<void> => {
    try {
      for (const f of extra) {
        const body = typeof f.content === 'string' ? Buffer.from(f.content) : f.content;
        await new Promise<void>((resolve, reject) => {
          tar.entry({ name: f.name, size: body.length, mode: f.mode ?? 0o644, mtime: EPOCH }, body, (err) =>
            err ? reject(err) : resolve(),
          );
        });
      }
      await new Promise<void>((resolve, reject) => {
        tar.entry({ name: `${CONTEXT_APP}/`, type: 'directory', mode: 0o755, mtime: EPOCH }, (err) =>
          err ? reject(err) : resolve(),
        );
      });
      for (const f of files) {
        const name = `${CONTEXT_APP}/${f.rel}`;
        if (f.linkTarget !== undefined) {
          await new Promise<void>((resolve, reject) => {
            tar.entry({ name, type: 'symlink', linkname: f.linkTarget, mode: 0o777, mtime: EPOCH }, (err) =>
              err ? reject(err) : resolve(),
            );
          });
          continue;
        }
        const mode = f.mode & 0o111 ? 0o755 : 0o644;
        if (f.size === 0) {
          await new Promise<void>((resolve, reject) => {
            tar.entry({ name, size: 0, mode, mtime: EPOCH }, Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
          });
          continue;
        }
        // Read exactly the scanned size: a file growing meanwhile cannot corrupt the tar.
        const entry = tar.entry({ name, size: f.size, mode, mtime: EPOCH });
        await pipeline(createReadStream(f.abs, { start: 0, end: f.size - 1 }), entry);
      }
      tar.finalize();
    } catch (err) {
      tar.destroy(err as Error);
      throw err;
    }
  })();
  // The consumer sees failures through the stream; keep the promise from being unhandled.
  done.catch(() => undefined);
  return { stream: tar, done };
}
