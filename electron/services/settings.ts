// User settings in KILN_HOME/settings.json (no secrets here: those go to the OS keychain).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../shared/api.js';

type Stored = Omit<Settings, 'dataFolder'>;
const DEFAULTS: Stored = { engineEndpoint: '', theme: 'system', language: 'en', browseRoots: [] };

export class SettingsStore {
  private readonly file: string;

  constructor(private readonly home: string) {
    this.file = path.join(home, 'settings.json');
  }

  get(): Settings {
    let stored: Partial<Stored> = {};
    if (existsSync(this.file)) {
      try {
        stored = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Stored>;
      } catch {
        stored = {}; // a damaged file falls back to defaults; the next save rewrites it
      }
    }
    const s = { ...DEFAULTS, ...pick(stored) };
    return { ...s, dataFolder: this.home };
  }

  async set(patch: Partial<Stored>): Promise<Settings> {
    const next: Stored = { ...DEFAULTS, ...pick(this.get()), ...pick(patch) };
    await mkdir(this.home, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
    await rename(tmp, this.file);
    return { ...next, dataFolder: this.home };
  }
}

function pick(s: Partial<Stored>): Partial<Stored> {
  const out: Partial<Stored> = {};
  if (typeof s.engineEndpoint === 'string') out.engineEndpoint = s.engineEndpoint;
  if (s.theme === 'light' || s.theme === 'dark' || s.theme === 'system') out.theme = s.theme;
  if (s.language === 'en' || s.language === 'zh-CN') out.language = s.language;
  if (typeof s.lastParent === 'string' && s.lastParent) out.lastParent = s.lastParent;
  if (Array.isArray(s.browseRoots)) out.browseRoots = s.browseRoots.filter((r): r is string => typeof r === 'string');
  return out;
}
