// The `kiln` command. Loads only what the command needs; every command takes --json.
import nodeModule from 'node:module';
import { KilnError } from '../../shared/errors.js';
import type { KilnServices } from '../services/kiln-services.js';
import { createOutput, reportError, type Output } from './output.js';
import type { CommandContext } from './context.js';

interface CommandModule {
  usage: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.js'),
  build: () => import('./commands/build.js'),
  images: () => import('./commands/images.js'),
  run: () => import('./commands/run.js'),
  serve: () => import('./commands/serve.js'),
  runs: () => import('./commands/runs.js'),
  prune: () => import('./commands/prune.js'),
  ui: () => import('./commands/ui.js'),
};

const VERSION = '0.1.0';

// Node 22.1+ can keep the compiled code of the modules a command loads on disk (os.tmpdir(), keyed
// by file and content), so the next start skips compiling them. Node 20 has no such cache.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

async function help(): Promise<string> {
  const lines = ['kiln: package, run and compare algorithms in Docker', '', 'Commands:'];
  for (const load of Object.values(COMMANDS)) lines.push(`  ${(await load()).usage}`);
  lines.push(
    '',
    'Every command takes --json. Exit codes: 0 ok, 1 the algorithm failed, 2 bad input, 3 engine/environment.',
  );
  lines.push('Data lives in KILN_HOME (default: the platform data folder); DOCKER_HOST picks the engine.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const out = createOutput(json);
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out.result(await help(), { commands: Object.keys(COMMANDS), version: VERSION });
    return 0;
  }
  if (name === '--version' || name === 'version') {
    out.result(VERSION, { version: VERSION });
    return 0;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      out.info('\nInterrupted: cleaning up (press Ctrl-C again to quit at once)...');
      controller.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let services: KilnServices | undefined;
  try {
    const load = COMMANDS[name];
    if (!load) {
      const { nearest } = await import('../../shared/text/nearest.js');
      const s = nearest(name, Object.keys(COMMANDS));
      throw s
        ? KilnError.of('BAD_ARGUMENT', 'cli.unknownCommandSuggest', { name, suggestion: s })
        : KilnError.of('BAD_ARGUMENT', 'cli.unknownCommand', { name });
    }
    const cmd = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      out.result(`Usage: ${cmd.usage}`, { usage: cmd.usage });
      return 0;
    }
    const { KilnServices } = await import('../services/kiln-services.js');
    services = new KilnServices(process.env['KILN_ENGINE'] ? { endpoint: process.env['KILN_ENGINE'] } : {});
    await sweepQuietly(services, out);
    return await cmd.run(rest, { out, services, signal: controller.signal });
  } catch (err) {
    const code = reportError(out, err);
    return controller.signal.aborted ? 130 : code;
  } finally {
    services?.close();
  }
}

/**
 * Every command first removes containers left by kiln processes that died (the catalog is asked
 * first; the engine only when there is something to remove). An unreachable engine never fails
 * the command itself: the rows stay, and the next command tries again.
 */
async function sweepQuietly(services: KilnServices, out: Output): Promise<void> {
  try {
    const { removed } = await services.sweepOrphans();
    if (removed.length)
      out.info(`Removed ${removed.length} container(s) left by a kiln process that stopped: ${removed.join(', ')}`);
  } catch {
    // the engine is away: nothing to do now
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Keep-alive sockets to the engine or a runtime must not hold the process open.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (err: unknown) => {
    process.stderr.write(`error: ${String((err as Error)?.message ?? err)}\n`);
    process.exit(3);
  },
);
