import { existsSync } from 'node:fs';
import type { BuildEvent } from '../../../shared/events.js';
import { missingFolderError } from '../../services/algorithm-admin.js';
import { parse } from '../args.js';
import { formatBytes, formatMs, type Output } from '../output.js';
import type { CommandContext } from '../context.js';

export const usage = 'kiln build <folder> [--json]   build the folder into an image (instant when nothing changed)';

export function buildProgressPrinter(out: Output): (e: BuildEvent) => void {
  let stepStarted = 0;
  let open = false;
  const endStep = (): void => {
    if (open) out.info(`      ${formatMs(Date.now() - stepStarted)}`);
    open = false;
  };
  return (e) => {
    switch (e.type) {
      case 'build.context':
        out.info(
          `  context: ${e.files} files, ${formatBytes(e.bytes)} (${e.files - e.cachedFiles} hashed), content ${e.contentHash.slice(0, 12)}`,
        );
        break;
      case 'build.waiting':
        out.info(`  waiting: ${e.reason}`);
        break;
      case 'build.image':
        out.info(e.stage === 'models' ? `  model files changed: building ${e.tag}` : `  building ${e.tag}`);
        break;
      case 'build.step':
        endStep();
        out.info(
          `  Step ${e.index}/${e.total} ${e.instruction.length > 100 ? `${e.instruction.slice(0, 97)}...` : e.instruction}`,
        );
        stepStarted = Date.now();
        open = true;
        break;
      case 'build.cached':
        out.info('      cached');
        open = false;
        break;
      case 'build.log':
        if (process.env['KILN_VERBOSE']) out.info(`      | ${e.line}`);
        break;
      case 'build.done':
        endStep();
        break;
      default:
        break;
    }
  };
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parse(argv, {});
  const folder = positionals[0] ?? '.';
  const { out, services } = ctx;
  if (!existsSync(folder)) throw missingFolderError(services.catalog, folder);
  out.info(`Building ${folder}`);
  const result = await services.packager.build({ folder, signal: ctx.signal, onEvent: buildProgressPrinter(out) });
  const v = result.version;
  out.result(
    result.reused
      ? `${v.algorithm} ${v.version} is up to date (${v.tag}, nothing changed; ${formatMs(result.durationMs)})`
      : `Built ${v.algorithm} ${v.version} -> ${v.tag} (${formatBytes(v.sizeBytes)}) in ${formatMs(result.durationMs)}`,
    {
      name: v.algorithm,
      version: v.version,
      tag: v.tag,
      imageId: v.imageId,
      contentHash: v.contentHash,
      size: v.sizeBytes,
      created: v.createdAt,
      reused: result.reused,
      buildId: result.buildId,
      durationMs: result.durationMs,
      timings: result.timings,
    },
  );
  return 0;
}
