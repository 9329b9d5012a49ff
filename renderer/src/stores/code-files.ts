// The algorithm's code files (predict.py, C sources...) open in the editor, one at a time per
// algorithm, with the protection kiln.yaml has: saves conditional on the content loaded, and
// changes on disk noticed (reloaded quietly when unedited, a choice when edited on both sides).
import { create } from 'zustand';
import { reconcile, type DiskVersion } from '../lib/disk-sync';
import { KilnCallError, toDisplayError, type DisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export interface CodeDoc {
  loading: boolean;
  loadError: DisplayError | null;
  text: string;
  savedText: string;
  savedSha256: string;
  conflict: DiskVersion | null;
  saveState: 'idle' | 'saving' | 'saved' | 'error';
  saveError: DisplayError | null;
}

export interface CodeFilesState {
  docs: Record<string, CodeDoc>;
  /** The code file shown in the editor for each algorithm (absent: its kiln.yaml). */
  open: Record<string, string>;
  openFile(name: string, path: string): Promise<void>;
  closeFile(name: string): void;
  setText(name: string, path: string, text: string): void;
  save(name: string, path: string): Promise<boolean>;
  /** Saves every edited code file of an algorithm; false when one could not be saved. */
  saveAll(name: string): Promise<boolean>;
  checkDisk(name: string, path: string): Promise<void>;
  keepMine(name: string, path: string): void;
  takeTheirs(name: string, path: string): void;
  reset(): void;
}

export const codeKey = (name: string, path: string): string => `${name}\n${path}`;

const EMPTY: CodeDoc = {
  loading: false,
  loadError: null,
  text: '',
  savedText: '',
  savedSha256: '',
  conflict: null,
  saveState: 'idle',
  saveError: null,
};

export function isCodeDirty(doc: CodeDoc | undefined): boolean {
  return !!doc && !doc.loading && doc.savedSha256 !== '' && doc.text !== doc.savedText;
}

export const useCodeFilesStore = create<CodeFilesState>()((set, get) => {
  const patch = (key: string, p: Partial<CodeDoc>): void =>
    set((s) => ({ docs: { ...s.docs, [key]: { ...(s.docs[key] ?? EMPTY), ...p } } }));

  /** The version on disk met again: nothing, a quiet reload, or a conflict to choose on. */
  const meet = (key: string, disk: DiskVersion): void => {
    const doc = get().docs[key] ?? EMPTY;
    const step = reconcile({ dirty: isCodeDirty(doc), text: doc.text, savedSha256: doc.savedSha256 }, disk);
    if (step.kind === 'same') patch(key, { conflict: null });
    else if (step.kind === 'reload')
      patch(key, { text: disk.text, savedText: disk.text, savedSha256: disk.sha256, conflict: null });
    else patch(key, { conflict: step.theirs });
  };

  const read = async (name: string, path: string): Promise<void> => {
    const f = await transport().call('files.read', { name, path });
    meet(codeKey(name, path), { text: f.text, sha256: f.sha256 });
  };

  return {
    docs: {},
    open: {},

    async openFile(name, path): Promise<void> {
      set((s) => ({ open: { ...s.open, [name]: path } }));
      const key = codeKey(name, path);
      if (get().docs[key]?.savedSha256) return; // already open: keeps its edits
      patch(key, { loading: true, loadError: null });
      try {
        const f = await transport().call('files.read', { name, path });
        patch(key, { loading: false, text: f.text, savedText: f.text, savedSha256: f.sha256, conflict: null });
      } catch (err) {
        patch(key, { loading: false, loadError: toDisplayError(err) });
      }
    },

    closeFile(name): void {
      set((s) => {
        const open = { ...s.open };
        delete open[name];
        return { open };
      });
    },

    setText(name, path, text): void {
      const key = codeKey(name, path);
      if (get().docs[key]?.text === text) return;
      patch(key, { text, saveState: get().docs[key]?.saveState === 'saving' ? 'saving' : 'idle' });
    },

    async save(name, path): Promise<boolean> {
      const key = codeKey(name, path);
      const doc = get().docs[key];
      if (!doc?.savedSha256 || doc.conflict) return false;
      const text = doc.text;
      patch(key, { saveState: 'saving', saveError: null });
      try {
        const r = await transport().call('files.save', { name, path, text, expected: doc.savedSha256 });
        patch(key, { savedText: text, savedSha256: r.sha256 ?? '', saveState: 'saved' });
        return true;
      } catch (err) {
        if (err instanceof KilnCallError && err.code === 'CONFLICT') {
          patch(key, { saveState: 'idle' });
          await read(name, path).catch((e: unknown) => patch(key, { loadError: toDisplayError(e) }));
          return false;
        }
        patch(key, { saveState: 'error', saveError: toDisplayError(err) });
        return false;
      }
    },

    async saveAll(name): Promise<boolean> {
      const prefix = codeKey(name, '');
      let ok = true;
      for (const [key, doc] of Object.entries(get().docs)) {
        if (!key.startsWith(prefix) || !isCodeDirty(doc)) continue;
        const path = key.slice(prefix.length);
        if (doc.conflict || !(await get().save(name, path))) {
          ok = false;
          set((st) => ({ open: { ...st.open, [name]: path } })); // shown where the user can decide
        }
      }
      return ok;
    },

    async checkDisk(name, path): Promise<void> {
      const key = codeKey(name, path);
      const doc = get().docs[key];
      if (!doc?.savedSha256 || doc.loading || doc.saveState === 'saving') return;
      const base = doc.savedSha256;
      let disk: { sha256: string | null };
      try {
        disk = await transport().call('files.stat', { name, path });
      } catch {
        return;
      }
      const now = get().docs[key];
      if (!now || now.savedSha256 !== base || now.saveState === 'saving' || disk.sha256 === null) return;
      if (disk.sha256 === base || disk.sha256 === now.conflict?.sha256) return;
      await read(name, path).catch(() => undefined);
    },

    keepMine(name, path): void {
      const key = codeKey(name, path);
      const c = get().docs[key]?.conflict;
      if (c) patch(key, { savedText: c.text, savedSha256: c.sha256, conflict: null });
    },

    takeTheirs(name, path): void {
      const key = codeKey(name, path);
      const c = get().docs[key]?.conflict;
      if (c) patch(key, { text: c.text, savedText: c.text, savedSha256: c.sha256, conflict: null, saveState: 'idle' });
    },

    reset(): void {
      set({ docs: {}, open: {} });
    },
  };
});
