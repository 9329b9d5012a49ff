import { parse } from '../args.js';
import { formatBytes, type Output } from '../output.js';
import type { CommandContext } from '../context.js';
import { existsSync } from 'node:fs';
import { KilnError } from '../../../shared/errors.js';
import type { RemovedVersion } from '../../services/packager/version-admin.js';

export const usage = `kiln images [name] [--json]       versions of an algorithm (or all algorithms)
  kiln images rm <name:version>...    remove versions: their images and catalog rows (not while in use)`;

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
  if (name === 'rm' && (positionals.length > 1 || !services.catalog.getAlgorithm('rm'))) {
    return removeVersions(positionals.slice(1), ctx);
  }
  if (!name) {
    const algos = services.catalog.listAlgorithms().map((a) => {
      const latest = services.catalog.getVersion(a.name);
      return {
        name: a.name,
        path: a.path,
        folderFound: existsSync(a.path),
        versions: services.catalog.listVersions(a.name).length,
        latest: latest?.version ?? null,
      };
    });
    const human = algos.length
      ? table([
          ['NAME', 'VERSIONS', 'LATEST', 'PATH'],
          ...algos.map((a) => [
            a.name,
            String(a.versions),
            a.latest ?? '-',
            a.folderFound ? a.path : `${a.path} (folder not found)`,
          ]),
        ])
      : 'No algorithms yet. Build one: kiln build <folder>';
    out.result(human, { algorithms: algos });
    return 0;
  }
  if (!services.catalog.getAlgorithm(name)) {
    throw KilnError.of('NOT_FOUND', 'cli.images.noAlgorithm', { name });
  }
  const records = services.catalog.listVersions(name);
  // One image listing tells which images were removed behind Kiln's back (docker rmi).
  const states = await services.versions.imageStates(records);
  const versions = records.map((v) => ({
    image: states.get(v.id) ?? 'unknown',
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
    image: string;
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
        ['VERSION', 'IMAGE ID', 'SIZE', 'CREATED', 'CONTENT HASH', 'IMAGE'],
        ...versions.map((v) => [
          v.version,
          v.imageId.replace('sha256:', '').slice(0, 12),
          formatBytes(v.size),
          v.created.replace('T', ' ').slice(0, 19),
          v.contentHash.slice(0, 16),
          IMAGE_STATE[v.image] ?? v.image,
        ]),
      ])
    : `${name} has no versions yet`;
  const missing = versions.filter((v) => v.image === 'missing').length;
  const note = missing
    ? `\n${missing} image(s) missing from the engine (removed outside Kiln): kiln build <folder> rebuilds, kiln images rm ${name}:<version> forgets`
    : '';
  out.result(human + note, { name, versions });
}

const IMAGE_STATE: Record<string, string> = {
  present: 'ok',
  missing: 'image missing',
  unknown: 'engine not reachable',
};

/** `kiln images rm a:v1 b:v2`: each one checked first, so nothing is removed when one is wrong or in use. */
async function removeVersions(refs: string[], ctx: CommandContext): Promise<number> {
  const { out, services } = ctx;
  if (refs.length === 0) {
    throw KilnError.of('BAD_ARGUMENT', 'cli.images.rmWhich');
  }
  const versions = refs.map((r) => services.versions.resolve(r));
  for (const v of versions) services.versions.assertRemovable(v);
  const removed: RemovedVersion[] = [];
  for (const v of versions) removed.push(await services.versions.remove(v));
  out.result(
    removed
      .map(
        (r) => `Removed ${r.name}:${r.version} (${r.tag}${r.image === 'missing' ? ', image was already missing' : ''})`,
      )
      .join('\n'),
    { removed },
  );
  return 0;
}
