import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunRecord } from '../../../shared/records.js';
import { parse } from '../args.js';
import { formatMs } from '../output.js';
import type { CommandContext } from '../context.js';

export const usage =
  'kiln runs [name|folder] [--json]  run history: status, start time, timings, args\n  kiln runs rm <run id> ... [--json] delete runs with their stored outputs';

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parse(argv, {});
  if (positionals[0] === 'rm' && positionals.length > 1) return remove(positionals.slice(1), ctx);
  const name = positionals[0] === undefined ? undefined : algorithmName(positionals[0], ctx);
  const runs = ctx.services.catalog.listRuns(name, 50);
  const human = runs.length ? runs.map(runLine).join('\n') : name ? `No runs of ${name} yet.` : 'No runs yet.';
  ctx.out.result(human, { runs });
  return 0;
}

/** A name, or a folder (as `kiln build` and `kiln run` take): the algorithm opened from there. */
function algorithmName(target: string, ctx: CommandContext): string {
  const looksLikePath = target.includes('/') || target.includes(path.sep) || target === '.' || target === '..';
  if (!looksLikePath && !existsSync(target)) return target;
  const folder = path.resolve(target);
  const known = ctx.services.catalog.listAlgorithms().find((a) => path.resolve(a.path) === folder);
  if (known) return known.name;
  if (!looksLikePath) return target;
  const manifest = path.join(folder, 'kiln.yaml');
  const m = existsSync(manifest) ? /^name:\s*['"]?([a-z0-9][a-z0-9._-]*)/m.exec(readFileSync(manifest, 'utf8')) : null;
  return m?.[1] ?? target;
}

/** One line a run: id, status, what ran, when (with seconds), how long, the args; the error when it failed. */
export function runLine(r: RunRecord): string {
  const t = r.timings ?? {};
  const time = r.startedAt.replace('T', ' ').slice(0, 19);
  const took =
    t['total'] !== undefined
      ? `${formatMs(t['total'])}${t['call'] !== undefined ? ` (call ${formatMs(t['call'])})` : ''}`
      : '-';
  const warm = r.warm ? ' warm' : '';
  const err = r.status === 'failed' ? `\n    error ${r.errorCode ?? ''} ${r.errorMessage ?? ''}`.trimEnd() : '';
  return `${r.id}  ${r.status.padEnd(9)} ${r.algorithm ?? '-'}:${r.version ?? '-'}  ${time}  ${took}${warm}  ${JSON.stringify(r.args)}${err}`;
}

async function remove(ids: string[], ctx: CommandContext): Promise<number> {
  const { removeRun } = await import('../../services/runner/run-removal.js');
  const results = [];
  for (const id of ids) results.push(await removeRun(ctx.services.catalog, ctx.services.home, id));
  const human = results
    .map(
      (r) =>
        `Deleted run ${r.id} (${r.removed.length} stored file${r.removed.length === 1 ? '' : 's'} removed` +
        (r.kept.length ? `, ${r.kept.length} kept: still used by other runs)` : ')'),
    )
    .join('\n');
  ctx.out.result(human, { deleted: results });
  return 0;
}
