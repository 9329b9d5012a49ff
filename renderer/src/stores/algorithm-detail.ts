// One algorithm's detail and its kiln.yaml being edited: text, saved text, problems found
// by the same parser the CLI uses (run in the page, debounced), and save state.
import { create } from 'zustand';
import type { AlgorithmDetail } from '../../../shared/api';
import type { ManifestProblem } from '../../../shared/manifest/parse';
import { reconcile, type DiskVersion } from '../lib/disk-sync';
import { KilnCallError, toDisplayError, type DisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export const PARSE_DEBOUNCE_MS = 200;
const MANIFEST = 'kiln.yaml';

export interface ManifestDoc {
  detail: AlgorithmDetail | null;
  loading: boolean;
  loadError: DisplayError | null;
  savedText: string;
  text: string;
  problems: ManifestProblem[];
  /** A parse is pending for the current text. */
  checking: boolean;
  saveState: 'idle' | 'saving' | 'saved' | 'error';
  saveError: DisplayError | null;
  /** sha256 of savedText: the content on disk a save expects to replace. */
  savedSha256: string;
  /** kiln.yaml changed on disk while edited here: the user chooses (keep mine, take theirs, diff). */
  conflict: DiskVersion | null;
}

export interface AlgorithmDetailState {
  docs: Record<string, ManifestDoc>;
  load(name: string): Promise<void>;
  /** Seed from an AlgorithmDetail already fetched (open/create return one). */
  put(detail: AlgorithmDetail): void;
  setText(name: string, text: string): void;
  save(name: string): Promise<boolean>;
  /** Compares kiln.yaml on disk with what was loaded: reloads quietly when unedited, else a conflict. */
  checkDisk(name: string): Promise<void>;
  /** Keep the edited text; the next save replaces the version on disk. */
  keepMine(name: string): void;
  /** Drop the edits and show the version on disk. */
  takeTheirs(name: string): void;
  reset(): void;
}

const EMPTY: ManifestDoc = {
  detail: null,
  loading: false,
  loadError: null,
  savedText: '',
  text: '',
  problems: [],
  checking: false,
  saveState: 'idle',
  saveError: null,
  savedSha256: '',
  conflict: null,
};

const parseTimers = new Map<string, ReturnType<typeof setTimeout>>();

async function parseProblems(text: string): Promise<ManifestProblem[]> {
  // Loaded on first use: the parser brings yaml and zod, which the first screen does not need.
  const { parseManifest } = await import('../lib/manifest-parser');
  return parseManifest(text).problems;
}

export function isDirty(doc: ManifestDoc | undefined): boolean {
  return !!doc && doc.detail !== null && doc.text !== doc.savedText;
}

export const useAlgorithmDetailStore = create<AlgorithmDetailState>()((set, get) => {
  const patch = (name: string, p: Partial<ManifestDoc>): void =>
    set((s) => ({ docs: { ...s.docs, [name]: { ...(s.docs[name] ?? EMPTY), ...p } } }));

  const applyDetail = (detail: AlgorithmDetail): void => {
    const doc = get().docs[detail.name] ?? EMPTY;
    const dirty = doc.detail !== null && doc.text !== doc.savedText;
    const step = reconcile(
      { dirty, text: doc.text, savedSha256: doc.savedSha256 },
      { text: detail.manifestText, sha256: detail.manifestSha256 },
    );
    if (step.kind === 'conflict') {
      // Edited here and changed on disk: the edits and their base stay until the user chooses.
      patch(detail.name, { detail, loading: false, loadError: null, conflict: step.theirs });
      return;
    }
    patch(detail.name, {
      detail,
      loading: false,
      loadError: null,
      savedText: detail.manifestText,
      savedSha256: detail.manifestSha256,
      conflict: null,
      text: dirty && step.kind === 'same' ? doc.text : detail.manifestText,
      problems: dirty && step.kind === 'same' ? doc.problems : detail.problems,
    });
  };

  const showConflict = async (name: string): Promise<void> => {
    const theirs = await transport().call('files.read', { name, path: MANIFEST });
    const doc = get().docs[name];
    if (!doc) return;
    if (theirs.text === doc.text) {
      // The same text on both sides: nothing to choose.
      patch(name, { savedText: theirs.text, savedSha256: theirs.sha256, conflict: null });
      return;
    }
    if (theirs.sha256 !== doc.savedSha256) patch(name, { conflict: { text: theirs.text, sha256: theirs.sha256 } });
  };

  return {
    docs: {},

    async load(name): Promise<void> {
      patch(name, { loading: true });
      try {
        applyDetail(await transport().call('algorithms.get', { name }));
      } catch (err) {
        patch(name, { loading: false, loadError: toDisplayError(err) });
      }
    },

    put: applyDetail,

    setText(name, text): void {
      if (get().docs[name]?.text === text) return;
      patch(name, { text, checking: true, saveState: get().docs[name]?.saveState === 'saving' ? 'saving' : 'idle' });
      const old = parseTimers.get(name);
      if (old !== undefined) clearTimeout(old);
      parseTimers.set(
        name,
        setTimeout(() => {
          parseTimers.delete(name);
          void parseProblems(text).then((problems) => {
            if (get().docs[name]?.text === text) patch(name, { problems, checking: false });
          });
        }, PARSE_DEBOUNCE_MS),
      );
    },

    async save(name): Promise<boolean> {
      const doc = get().docs[name];
      if (!doc?.detail) return false;
      const text = doc.text;
      if (doc.conflict) return false; // the user chooses first
      patch(name, { saveState: 'saving', saveError: null });
      try {
        const r = await transport().call('manifest.save', { name, text, expected: doc.savedSha256 });
        const now = get().docs[name] ?? EMPTY;
        patch(name, {
          savedText: text,
          savedSha256: r.sha256,
          saveState: 'saved',
          ...(now.text === text ? { problems: r.problems, checking: false } : {}),
        });
        // The form spec and the file list follow the saved manifest.
        void get().load(name);
        return true;
      } catch (err) {
        if (err instanceof KilnCallError && err.code === 'CONFLICT') {
          // Changed on disk since it was loaded: nothing was written; the user chooses.
          patch(name, { saveState: 'idle', saveError: null });
          await showConflict(name).catch((e: unknown) => patch(name, { loadError: toDisplayError(e) }));
          return false;
        }
        patch(name, { saveState: 'error', saveError: toDisplayError(err) });
        return false;
      }
    },

    async checkDisk(name): Promise<void> {
      const doc = get().docs[name];
      if (!doc?.detail || doc.loading || doc.saveState === 'saving') return;
      const base = doc.savedSha256;
      let disk: { sha256: string | null };
      try {
        disk = await transport().call('files.stat', { name, path: MANIFEST });
      } catch {
        return; // a dropped link or a removed algorithm shows elsewhere
      }
      const now = get().docs[name];
      // A save or a load finished meanwhile: this answer may predate it.
      if (!now || now.savedSha256 !== base || now.saveState === 'saving' || disk.sha256 === null) return;
      if (disk.sha256 === base || disk.sha256 === now.conflict?.sha256) return;
      if (!isDirty(now)) await get().load(name);
      else await showConflict(name).catch(() => undefined);
    },

    keepMine(name): void {
      const c = get().docs[name]?.conflict;
      if (!c) return;
      patch(name, { savedText: c.text, savedSha256: c.sha256, conflict: null });
    },

    takeTheirs(name): void {
      const c = get().docs[name]?.conflict;
      if (!c) return;
      patch(name, { savedText: c.text, savedSha256: c.sha256, conflict: null, saveState: 'idle', saveError: null });
      get().setText(name, c.text);
      // The form spec, problems and file list follow the version on disk.
      void get().load(name);
    },

    reset(): void {
      for (const t of parseTimers.values()) clearTimeout(t);
      parseTimers.clear();
      set({ docs: {} });
    },
  };
});
