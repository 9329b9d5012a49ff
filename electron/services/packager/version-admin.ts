// Versions as things to manage: whether each version's image is still on the engine (it may be
// removed behind Kiln's back with `docker rmi`), and removing versions (`kiln images rm`,
// `kiln prune`): the image, then the catalog row, never a version another record still points
// at (catalog/version-references.ts decides which records do).
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
import type { VersionRecord } from '../../../shared/records.js';
import type { Catalog } from '../catalog/catalog.js';
import { deleteVersionRow, versionReferences, type VersionReference } from '../catalog/version-references.js';
import { dockerErrorToKilnError, engineMessage } from '../engine/docker-errors.js';
import { splitRef } from '../runner/runner.js';

/** Whether a version's image is on the engine; 'unknown' when the engine could not be asked. */
export type ImageState = 'present' | 'missing' | 'unknown';

export interface RemovedVersion {
  name: string;
  version: string;
  tag: string;
  /** 'removed' from the engine now, or 'missing' already (removed behind Kiln's back). */
  image: 'removed' | 'missing';
}

export interface KeptVersion {
  name: string;
  version: string;
  /** 'newest': inside --keep; 'in use': a record points at it (references says which). */
  reason: 'newest' | 'in use';
  references: Array<Pick<VersionReference, 'kind' | 'id'>>;
}

export interface PruneResult {
  removed: RemovedVersion[];
  kept: KeptVersion[];
}

export interface VersionAdminDeps {
  catalog: Catalog;
  docker: () => Promise<Dockerode>;
}

export class VersionAdmin {
  constructor(private readonly deps: VersionAdminDeps) {}

  /** The image state of each version, from one image listing (no call per version). */
  async imageStates(versions: readonly VersionRecord[]): Promise<Map<number, ImageState>> {
    const states = new Map<number, ImageState>();
    if (versions.length === 0) return states;
    let tags: Set<string>;
    try {
      const docker = await this.deps.docker();
      const images = await docker.listImages({ filters: JSON.stringify({ label: ['kiln.role=algorithm'] }) });
      tags = new Set(images.flatMap((i) => i.RepoTags ?? []));
    } catch {
      for (const v of versions) states.set(v.id, 'unknown');
      return states;
    }
    for (const v of versions) states.set(v.id, tags.has(v.tag) ? 'present' : 'missing');
    return states;
  }

  /** name:version (or name:<hash prefix>) -> its record; a clear error for each way it can be wrong. */
  resolve(ref: string): VersionRecord {
    const [name, version] = splitRef(ref);
    if (!this.deps.catalog.getAlgorithm(name)) throw KilnError.of('NOT_FOUND', 'versions.algorithmNotFound', { name });
    if (!version) throw KilnError.of('BAD_ARGUMENT', 'versions.needVersion', { name });
    const found = this.deps.catalog.getVersion(name, version);
    if (!found || (found.version !== version && !found.contentHash.startsWith(version))) {
      throw KilnError.of('NOT_FOUND', 'versions.notFound', { name, version });
    }
    return found;
  }

  /** The records that block removing a version (empty: free to go). */
  references(v: VersionRecord): VersionReference[] {
    const { catalog } = this.deps;
    return versionReferences({ db: catalog.db, containers: catalog.containers }, v);
  }

  /** Throws IN_USE, naming the first record that points at the version (all of them in details). */
  assertRemovable(v: VersionRecord): void {
    const refs = this.references(v);
    const first = refs[0];
    if (first) {
      throw KilnError.of('IN_USE', first.messageId, first.params, {
        references: refs.map((r) => ({ kind: r.kind, id: r.id })),
      });
    }
  }

  /** Removes a version: refused while referenced, then the image, then the catalog row. */
  async remove(v: VersionRecord): Promise<RemovedVersion> {
    this.assertRemovable(v);
    const docker = await this.deps.docker();
    let image: RemovedVersion['image'] = 'removed';
    try {
      await docker.getImage(v.tag).remove();
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) image = 'missing';
      else if (status === 409) {
        throw KilnError.of('IN_USE', 'versions.imageInUse', { tag: v.tag, detail: engineMessage(err) });
      } else throw dockerErrorToKilnError(err);
    }
    deleteVersionRow(this.deps.catalog.db, v);
    return { name: v.algorithm, version: v.version, tag: v.tag, image };
  }

  /**
   * Keeps the `keep` newest versions of each algorithm (or of `name`) and removes the others,
   * skipping (and reporting) those a record still points at.
   */
  async prune(opts: { name?: string; keep: number }): Promise<PruneResult> {
    const { catalog } = this.deps;
    if (opts.name && !catalog.getAlgorithm(opts.name)) {
      throw KilnError.of('NOT_FOUND', 'versions.algorithmNotFound', { name: opts.name });
    }
    const names = opts.name ? [opts.name] : catalog.listAlgorithms().map((a) => a.name);
    const result: PruneResult = { removed: [], kept: [] };
    for (const name of names) {
      const versions = catalog.listVersions(name); // newest first
      for (const [i, v] of versions.entries()) {
        if (i < opts.keep) {
          result.kept.push({ name, version: v.version, reason: 'newest', references: [] });
          continue;
        }
        const refs = this.references(v);
        if (refs.length) {
          result.kept.push({
            name,
            version: v.version,
            reason: 'in use',
            references: refs.map((r) => ({ kind: r.kind, id: r.id })),
          });
          continue;
        }
        result.removed.push(await this.remove(v));
      }
    }
    return result;
  }
}
