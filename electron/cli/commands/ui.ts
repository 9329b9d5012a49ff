import { KilnError } from '../../../shared/errors.js';
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';

export const usage =
  "kiln ui [--host 127.0.0.1] [--port 0] [--json]   serve the app to a browser (token-protected); kiln ui --url [--port N] prints a running server's URL again";

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { flags } = parse(argv, { host: { type: 'string' }, port: { type: 'string' }, url: { type: 'boolean' } });
  const host = (flags['host'] as string | undefined) ?? '127.0.0.1';
  const portText = (flags['port'] as string | undefined) ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw KilnError.of('BAD_ARGUMENT', 'cli.ui.badPort', { port: portText });
  if (flags['url']) return printUrl(ctx, flags['port'] === undefined ? null : port);
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
    if (code === 'EADDRINUSE') throw KilnError.of('BAD_ARGUMENT', 'cli.ui.portInUse', { port, host });
    if (code === 'EADDRNOTAVAIL') throw KilnError.of('BAD_ARGUMENT', 'cli.ui.notLocalAddress', { host });
    throw err;
  }
  if (!isLoopback(host)) {
    ctx.out.warn(
      `warning: serving on ${host}, reachable from other machines. Anyone with the URL below (it carries the token) can use Kiln here.`,
    );
  }
  const { writeServerFile, removeServerFile } = await import('../../bridge/server-file.js');
  // `kiln ui --url` prints the URL again from here (mode 0600: it holds the token).
  const serverFile = await writeServerFile(ctx.services.home, bridge);
  ctx.out.result(
    `Kiln UI: ${bridge.openUrl}\n(open it in a browser; kiln ui --url prints it again; Ctrl-C stops the server)`,
    {
      url: bridge.openUrl,
      host: bridge.host,
      port: bridge.port,
    },
  );
  await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
  for (const job of jobs.list()) if (job.status === 'running') jobs.cancel(job.jobId);
  // Let cancelled runs remove their containers before the process ends.
  const deadline = Date.now() + 15_000;
  while (jobs.list().some((j) => j.status === 'running') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  // Containers kept warm from the Run screen go with the server.
  await ctx.services.stopWarm();
  await bridge.close();
  await removeServerFile(serverFile);
  ctx.out.info('Stopped.');
  return 0;
}

/** `kiln ui --url [--port N]`: the URL of a server running for this KILN_HOME, read from its file. */
async function printUrl(ctx: CommandContext, port: number | null): Promise<number> {
  const { runningServers } = await import('../../bridge/server-file.js');
  const servers = await runningServers(ctx.services.home);
  const ports = servers.map((s) => s.port).join(', ');
  if (servers.length === 0) throw KilnError.of('NOT_FOUND', 'ui.url.none', { home: ctx.services.home });
  const chosen = port === null ? servers : servers.filter((s) => s.port === port);
  if (chosen.length === 0) throw KilnError.of('NOT_FOUND', 'ui.url.noSuchPort', { port: port ?? 0, ports });
  if (chosen.length > 1) throw KilnError.of('BAD_ARGUMENT', 'ui.url.several', { ports, first: chosen[0]!.port });
  const s = chosen[0]!;
  ctx.out.result(s.openUrl, { url: s.openUrl, host: s.host, port: s.port, startedAt: s.startedAt });
  return 0;
}
