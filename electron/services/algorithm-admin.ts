// Algorithms as things to manage: rename, remove, and a folder that disappeared.
//
// An algorithm's name is the `name:` of its kiln.yaml (every build, tag and label uses it), so a
// rename edits that line, through the same conditional save as the editor (a kiln.yaml changed on
// disk since it was read is a CONFLICT, never overwritten), and the catalog row follows: versions,
// builds and runs stay with it. Existing images keep their tags (kiln/<old name>:<version>); new
// builds get the new name. Removing forgets the algorithm (its folder stays on disk); with
// `images` its versions' images go too. Both are refused while a version is in use.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KilnError } from '../../shared/errors.js';
import { NAME_PATTERN } from '../../shared/manifest/constants.js';
import type { Algorithm } from '../../shared/records.js';
import { readAlgorithmFile, saveAlgorithmFile } from './api/algorithm-files.js';
import type { Catalog } from './catalog/catalog.js';
import { MANIFEST_FILE } from './packager/manifest-loader.js';
import type { RemovedVersion, VersionAdmin } from './packager/version-admin.js';

/** The algorithm's folder is gone: "folder not found", never a manifest problem. */
export function folderNotFound(algo: Pick<Algorithm, 'name' | 'path'>): KilnError {
  return KilnError.of(
    'NOT_FOUND',
    'algorithms.folderNotFound',
    { name: algo.name, path: algo.path },
    {
      folder: algo.path,
    },
  );
}

export function assertFolder(algo: Pick<Algorithm, 'name' | 'path'>): void {
  if (!existsSync(algo.path)) throw folderNotFound(algo);
}

/** A folder given on the command line that does not exist: named as an algorithm's when it was one. */
export function missingFolderError(catalog: Catalog, folder: string): KilnError {
  const abs = path.resolve(folder);
  const known = catalog.listAlgorithms().find((a) => a.path === abs);
  return known ? folderNotFound(known) : KilnError.of('NOT_FOUND', 'algorithms.pathNotFound', { path: abs });
}

/** Matches the top-level `name:` line: key, value, and what follows it (a comment). */
const NAME_LINE = /^name:([ \t]*)(["']?)([^\s"'#]*)\2([ \t]*(?:#.*)?)$/m;

/** kiln.yaml text with its name: changed, comments and layout kept; null when no such line. */
export function renameInManifest(text: string, to: string): string | null {
  const m = NAME_LINE.exec(text);
  if (!m) return null;
  const [whole, space, quote, , rest] = m;
  return text.replace(whole, `name:${space || ' '}${quote}${to}${quote}${rest}`);
}

export interface AlgorithmAdminDeps {
  catalog: Catalog;
  versions: VersionAdmin;
}

export class AlgorithmAdmin {
  constructor(private readonly deps: AlgorithmAdminDeps) {}

  private get(name: string): Algorithm {
    const algo = this.deps.catalog.getAlgorithm(name);
    if (!algo) throw KilnError.of('NOT_FOUND', 'versions.algorithmNotFound', { name });
    return algo;
  }

  /**
   * Renames an algorithm: kiln.yaml's name: line, saved only when the file still has the content
   * `expected` names (the editor's loaded sha256; without it, the content read here), then the row.
   */
  async rename(name: string, to: string, expected?: string): Promise<Algorithm> {
    const algo = this.get(name);
    if (to === name) return algo;
    if (!NAME_PATTERN.test(to)) throw KilnError.of('BAD_ARGUMENT', 'algorithms.renameInvalid', { name, to });
    const other = this.deps.catalog.getAlgorithm(to);
    if (other) throw KilnError.of('BAD_ARGUMENT', 'algorithms.renameTaken', { name, to, path: other.path });
    assertFolder(algo);
    const file = await readAlgorithmFile(algo.path, MANIFEST_FILE);
    const next = renameInManifest(file.text, to);
    if (next === null) {
      throw KilnError.of('BAD_ARGUMENT', 'algorithms.renameNoNameLine', {
        name,
        file: path.join(algo.path, MANIFEST_FILE),
      });
    }
    await saveAlgorithmFile(algo.path, MANIFEST_FILE, next, expected ?? file.sha256);
    return this.renameRow(algo, to);
  }

  /** The catalog row takes the new name (kiln.yaml already says it); versions and runs follow by id. */
  renameRow(algo: Algorithm, to: string): Algorithm {
    const { db } = this.deps.catalog;
    const clash = this.deps.catalog.getAlgorithm(to);
    if (clash && clash.id !== algo.id) {
      throw KilnError.of('BAD_ARGUMENT', 'algorithms.renameTaken', { name: algo.name, to, path: clash.path });
    }
    db.prepare('UPDATE algorithms SET name = ?, updated_at = ? WHERE id = ?').run(
      to,
      new Date().toISOString(),
      algo.id,
    );
    return this.get(to);
  }

  /** Forgets an algorithm (its folder stays); with `images`, its versions' images are removed too. */
  async remove(name: string, opts: { images?: boolean } = {}): Promise<{ removed: boolean; images: RemovedVersion[] }> {
    const algo = this.deps.catalog.getAlgorithm(name);
    if (!algo) return { removed: false, images: [] };
    const versions = this.deps.catalog.listVersions(name);
    for (const v of versions) this.deps.versions.assertRemovable(v);
    const images: RemovedVersion[] = [];
    if (opts.images) for (const v of versions) images.push(await this.deps.versions.remove(v));
    return { removed: this.deps.catalog.removeAlgorithm(name), images };
  }
}
