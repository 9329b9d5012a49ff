import { parse } from '../args.js';
import type { CommandContext } from '../context.js';

export const usage = 'kiln runs [name] [--json]         run history with args, status, timings';

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parse(argv, {});
  const runs = ctx.services.catalog.listRuns(positionals[0], 50);
  const human = runs.length
    ? runs
        .map((r) => {
          const err = r.status === 'failed' ? `  error ${r.errorCode ?? ''} ${r.errorMessage ?? ''}`.trimEnd() : '';
          return `${r.id}  ${r.status.padEnd(9)} ${r.algorithm ?? '-'}:${r.version ?? '-'}  ${JSON.stringify(r.args)}${err}`;
        })
        .join('\n')
    : 'No runs yet.';
  ctx.out.result(human, { runs });
  return 0;
}
