import { KilnError } from '../../../shared/errors.js';
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';

export const usage =
  'kiln prune [name] [--keep 3] [--json]   remove all but the newest versions (images and rows; in-use ones stay)';

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parse(argv, { keep: { type: 'string' } });
  const keepText = (flags['keep'] as string | undefined) ?? '3';
  if (!/^\d+$/.test(keepText)) throw KilnError.of('BAD_ARGUMENT', 'versions.badKeep', { value: keepText });
  const name = positionals[0];
  const result = await ctx.services.versions.prune({ keep: Number(keepText), ...(name ? { name } : {}) });
  const lines = result.removed.map(
    (r) => `Removed ${r.name}:${r.version} (${r.tag}${r.image === 'missing' ? ', image was already missing' : ''})`,
  );
  for (const k of result.kept.filter((x) => x.reason === 'in use')) {
    lines.push(`Kept ${k.name}:${k.version}: in use by ${k.references.map((r) => `${r.kind} ${r.id}`).join(', ')}`);
  }
  if (result.removed.length === 0) lines.unshift(`Nothing to remove (keeping the newest ${keepText} of each).`);
  ctx.out.result(lines.join('\n'), result);
  return 0;
}
