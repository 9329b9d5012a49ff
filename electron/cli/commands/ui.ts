import { KilnError } from '../../../shared/errors.js';
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';

export const usage = 'kiln ui [--host 127.0.0.1] [--port 0] [--json]   serve the app to a browser (token-protected)';

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags } = parse(argv, { host: { type: 'string' }, port: { type: 'string' } });
  const host = (flags['host'] as string | undefined) ?? '127.0.0.1';
  const portText = (flags['port'] as string | undefined) ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new KilnError('BAD_ARGUMENT', `--port ${portText} is not a port number`);
  const [{ startBridge, isLoopback }, { JobRegistry }, { createApiHandlers }] = await Promise.all([
    import('../../bridge/server.js'),
    import('../../services/jobs.js'),
    import('../../services/api/handlers.js'),
  ]);
  const jobs = new JobRegistry();
  const handlers = createApiHandlers(ctx.services, jobs, { transport: 'websocket' });
  let bridge;
  try {
    bridge = await startBridge({ services: ctx.services, jobs, handlers, host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new KilnError(
        'BAD_ARGUMENT',
        `port ${port} is already in use on ${host}`,
        'Pick another with --port, or --port 0 for any free one.',
      );
    if (code === 'EADDRNOTAVAIL') throw new KilnError('BAD_ARGUMENT', `${host} is not an address of this machine`);
    throw err;
  }
  if (!isLoopback(host)) {
    ctx.out.warn(
      `warning: serving on ${host}, reachable from other machines. Anyone with the URL below (it carries the token) can use Kiln here.`,
    );
  }
  ctx.out.result(`Kiln UI: ${bridge.openUrl}\n(open it in a browser; Ctrl-C stops the server)`, {
    url: bridge.openUrl,
    host: bridge.host,
    port: bridge.port,
  });
  await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
  for (const job of jobs.list()) if (job.status === 'running') jobs.cancel(job.jobId);
  // Let cancelled runs remove their containers before the process ends.
  const deadline = Date.now() + 15_000;
  while (jobs.list().some((j) => j.status === 'running') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await bridge.close();
  ctx.out.info('Stopped.');
  return 0;
}
