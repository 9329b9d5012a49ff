import type { BuildEvent, RunEvent } from '../../../shared/events.js';
import { keyValues, parse } from '../args.js';
import { formatBytes, formatMs, type Output } from '../output.js';
import type { CommandContext } from '../context.js';
import { buildProgressPrinter } from './build.js';
import { formatLogLine } from '../../../shared/log-format.js';

export const usage =
  'kiln run <folder|name[:version]> --input key=file ... --arg key=value ... [--out dir] [--gpu auto|none|all|0,1] [--verbose] [--json]';

export function runProgressPrinter(out: Output, opts: { verbose?: boolean } = {}): (e: RunEvent | BuildEvent) => void {
  const build = buildProgressPrinter(out);
  // A command entry's stderr (ffmpeg's banner and progress) stays in the run log unless
  // --verbose; when the call fails, the error report prints the log's last lines instead.
  let held = false;
  return (e) => {
    if (e.type.startsWith('build.')) return build(e as BuildEvent);
    const r = e as RunEvent;
    switch (r.type) {
      case 'run.starting':
        out.info(`Starting ${r.image} on ${r.gpu}`);
        break;
      case 'run.reusing':
        out.info(`Using the warm container served at ${r.url}`);
        break;
      case 'run.ready':
        out.info(`Ready${r.setupMs !== null ? ` (setup ${formatMs(r.setupMs)})` : ''}`);
        break;
      case 'run.log':
        if (!opts.verbose && logFields(r.line)?.['msg'] === 'command output') {
          held = true;
          out.logShown = false;
          break;
        }
        if (!out.json && !held) out.logShown = true;
        for (const l of formatLogLine(r.line).split('\n')) out.info(`  | ${l}`);
        break;
      default:
        break;
    }
  };
}

function logFields(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parse(argv, {
    input: { type: 'string', short: 'i', multiple: true },
    arg: { type: 'string', short: 'a', multiple: true },
    out: { type: 'string', short: 'o' },
    gpu: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
  });
  const target = positionals[0] ?? '.';
  const { out, services } = ctx;
  const result = await services.runner.run({
    target,
    inputs: keyValues(flags['input'] as string[] | undefined, 'input'),
    args: keyValues(flags['arg'] as string[] | undefined, 'arg'),
    // Without --out, outputs land in KILN_HOME/outputs/<run id> (printed below), as in the app.
    ...(typeof flags['out'] === 'string' ? { outDir: flags['out'] } : {}),
    gpu: (flags['gpu'] as string | undefined) ?? 'auto',
    signal: ctx.signal,
    onEvent: runProgressPrinter(out, { verbose: flags['verbose'] === true }),
  });
  const lines = [
    `Run ${result.run.id} succeeded in ${formatMs(result.timings['total'] ?? 0)} (call ${formatMs(result.timings['call'] ?? 0)})`,
    ...result.outputs.map((o) => `  ${o.key}: ${o.path} (${formatBytes(o.size)})`),
  ];
  out.result(lines.join('\n'), {
    run: result.run.id,
    status: result.run.status,
    algorithm: result.run.algorithm,
    version: result.run.version,
    warm: result.run.warm,
    gpu: result.run.gpu,
    args: result.run.args,
    outputs: result.outputs,
    response: result.response,
    timings: result.timings,
  });
  return 0;
}
