// Versions: a built image of an algorithm, found again by the content hash of its inputs.
import type DatabaseCtor from 'better-sqlite3';
import type { VersionRecord } from '../../../shared/records.js';

type Database = DatabaseCtor.Database;

export class VersionStore {
  constructor(private readonly db: Database) {}

  findVersionByHash(algorithmId: number, contentHash: string): VersionRecord | undefined {
    const row = this.db
      .prepare(
        'SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id WHERE v.algorithm_id = ? AND v.content_hash = ?',
      )
      .get(algorithmId, contentHash) as VersionRow | undefined;
    return row && toVersion(row);
  }

  addVersion(v: Omit<VersionRecord, 'id' | 'algorithm'> & { algorithmId: number }): VersionRecord {
    const info = this.db
      .prepare(
        `INSERT INTO versions (algorithm_id, version, tag, image_id, content_hash, size_bytes, manifest, source_path, build_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(algorithm_id, content_hash) DO UPDATE SET image_id = excluded.image_id, tag = excluded.tag,
           version = excluded.version, size_bytes = excluded.size_bytes, build_id = excluded.build_id, created_at = excluded.created_at`,
      )
      .run(
        v.algorithmId,
        v.version,
        v.tag,
        v.imageId,
        v.contentHash,
        v.sizeBytes,
        JSON.stringify(v.manifest),
        v.sourcePath,
        v.buildId,
        v.createdAt,
      );
    void info;
    return this.findVersionByHash(v.algorithmId, v.contentHash)!;
  }

  deleteVersion(id: number): void {
    this.db.prepare('DELETE FROM versions WHERE id = ?').run(id);
  }

  listVersions(algorithm: string): VersionRecord[] {
    return (
      this.db
        .prepare(
          'SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id WHERE a.name = ? ORDER BY v.created_at DESC, v.id DESC',
        )
        .all(algorithm) as VersionRow[]
    ).map(toVersion);
  }

  getVersion(algorithm: string, version?: string): VersionRecord | undefined {
    const row = (
      version
        ? this.db
            .prepare(
              `SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id
               WHERE a.name = ? AND (v.version = ? OR v.content_hash LIKE ? || '%') ORDER BY v.created_at DESC LIMIT 1`,
            )
            .get(algorithm, version, version)
        : this.db
            .prepare(
              'SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id WHERE a.name = ? ORDER BY v.created_at DESC, v.id DESC LIMIT 1',
            )
            .get(algorithm)
    ) as VersionRow | undefined;
    return row && toVersion(row);
  }
}

interface VersionRow {
  id: number;
  algorithm: string;
  version: string;
  tag: string;
  image_id: string;
  content_hash: string;
  size_bytes: number | null;
  manifest: string;
  source_path: string;
  build_id: string | null;
  created_at: string;
}

const toVersion = (r: VersionRow): VersionRecord => ({
  id: r.id,
  algorithm: r.algorithm,
  version: r.version,
  tag: r.tag,
  imageId: r.image_id,
  contentHash: r.content_hash,
  sizeBytes: r.size_bytes,
  manifest: JSON.parse(r.manifest) as VersionRecord['manifest'],
  sourcePath: r.source_path,
  buildId: r.build_id,
  createdAt: r.created_at,
});
