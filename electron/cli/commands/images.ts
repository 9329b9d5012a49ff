import { parse } from '../args.js';
import { formatBytes, type Output } from '../output.js';
import type { CommandContext } from '../context.js';
import { KilnError } from '../../../shared/errors.js';

export const usage = 'kiln images [name] [--json]       versions of an algorithm (or all algorithms)';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parse(argv, {});
  const name = positionals[0];
  const { out, services } = ctx;
  if (!name) {
    const algos = services.catalog.listAlgorithms().map((a) => {
      const latest = services.catalog.getVersion(a.name);
      return {
        name: a.name,
        path: a.path,
        versions: services.catalog.listVersions(a.name).length,
        latest: latest?.version ?? null,
      };
    });
    const human = algos.length
      ? table([
          ['NAME', 'VERSIONS', 'LATEST', 'PATH'],
          ...algos.map((a) => [a.name, String(a.versions), a.latest ?? '-', a.path]),
        ])
      : 'No algorithms yet. Build one: kiln build <folder>';
    out.result(human, { algorithms: algos });
    return 0;
  }
  if (!services.catalog.getAlgorithm(name)) {
    throw new KilnError('NOT_FOUND', `no algorithm named "${name}"`, 'List them with: kiln images');
  }
  const versions = services.catalog.listVersions(name).map((v) => ({
    version: v.version,
    tag: v.tag,
    imageId: v.imageId,
    size: v.sizeBytes,
    created: v.createdAt,
    contentHash: v.contentHash,
    source: v.sourcePath,
  }));
  printVersions(out, name, versions);
  return 0;
}

function printVersions(
  out: Output,
  name: string,
  versions: Array<{
    version: string;
    imageId: string;
    size: number | null;
    created: string;
    contentHash: string;
    tag: string;
  }>,
): void {
  const human = versions.length
    ? table([
        ['VERSION', 'IMAGE ID', 'SIZE', 'CREATED', 'CONTENT HASH'],
        ...versions.map((v) => [
          v.version,
          v.imageId.replace('sha256:', '').slice(0, 12),
          formatBytes(v.size),
          v.created.replace('T', ' ').slice(0, 19),
          v.contentHash.slice(0, 16),
        ]),
      ])
    : `${name} has no versions yet`;
  out.result(human, { name, versions });
}
