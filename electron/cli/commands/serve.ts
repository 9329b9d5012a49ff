import path from 'node:path';
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { serveVersion } from '../../services/runner/serve.js';
import { runProgressPrinter } from './run.js';

export const usage = 'kiln serve <folder|name[:version]> [--gpu ...] [--json]   a warm container; Ctrl-C stops it';

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parse(argv, { gpu: { type: 'string' } });
  const { out, services } = ctx;
  const target = positionals[0] ?? '.';
  const printer = runProgressPrinter(out, { verbose: true });
  const version = await services.runner.resolveTarget(target, { signal: ctx.signal, onEvent: printer });
  const handle = await serveVersion(await services.engine(), {
    version,
    home: services.home,
    gpu: (flags['gpu'] as string | undefined) ?? 'auto',
    signal: ctx.signal,
    onEvent: printer,
    ledger: services.catalog.containers,
  });
  out.result(
    [
      `Serving ${version.algorithm} ${version.version} at ${handle.url}  (POST /invoke, GET /readyz, GET /metrics; Ctrl-C stops it)`,
      `  Input files: put them in ${path.join(handle.container.workRoot, '<call-id>')}/ on this machine and send`,
      `  "work_path": "/kiln/work/<call-id>" with local_path relative to it. Log: ${handle.logPath}`,
    ].join('\n'),
    {
      url: handle.url,
      algorithm: version.algorithm,
      version: version.version,
      container: handle.container.id,
      setupMs: handle.setupMs,
      logPath: handle.logPath,
      /** The host folder mounted at /kiln/work in the container: a caller's input files go in a call folder here. */
      workRoot: handle.container.workRoot,
    },
  );
  // Stay up until Ctrl-C (the signal) or the container exits on its own.
  const exitedByItself = await Promise.race([
    handle.container.exited.then(() => true),
    new Promise<boolean>((resolve) => ctx.signal.addEventListener('abort', () => resolve(false), { once: true })),
  ]);
  if (exitedByItself) {
    const status = handle.container.exitStatus?.statusCode;
    await handle.stop();
    out.info(`The algorithm exited (status ${status}). Log: ${handle.logPath}`);
    return 1;
  }
  out.info('Stopping...');
  await handle.stop();
  out.info('Stopped and removed.');
  return 0;
}
