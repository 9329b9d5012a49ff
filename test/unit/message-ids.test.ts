// Message ids are unique across the domain files of shared/messages: index.ts merges them with
// object spreads, where a second definition of an id would silently replace the first.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/messages/index.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/messages');
const NOT_DOMAINS = new Set(['index.ts', 'define.ts']);

describe('shared/messages', () => {
  it('defines each id in one domain file only, and index.ts registers every domain file', async () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !NOT_DOMAINS.has(f))) {
      const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
      const tables = Object.values(mod).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object');
      expect(tables.length, `${file} exports its messages`).toBeGreaterThan(0);
      for (const table of tables) {
        for (const id of Object.keys(table)) {
          const before = seen.get(id);
          if (before) duplicates.push(`${id} in ${before} and ${file}`);
          seen.set(id, file);
          expect(Object.prototype.hasOwnProperty.call(MESSAGES, id), `${id} (${file}) is registered in index.ts`).toBe(
            true,
          );
        }
      }
    }
    expect(duplicates).toEqual([]);
    expect(Object.keys(MESSAGES).sort()).toEqual([...seen.keys()].sort());
  });
});
