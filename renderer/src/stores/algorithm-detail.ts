// One algorithm's detail and its kiln.yaml being edited: text, saved text, problems found
// by the same parser the CLI uses (run in the page, debounced), and save state.
import { create } from 'zustand';
import type { AlgorithmDetail } from '../../../shared/api';
import type { ManifestProblem } from '../../../shared/manifest/parse';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export const PARSE_DEBOUNCE_MS = 200;

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
}

export interface AlgorithmDetailState {
  docs: Record<string, ManifestDoc>;
  load(name: string): Promise<void>;
  /** Seed from an AlgorithmDetail already fetched (open/create return one). */
  put(detail: AlgorithmDetail): void;
  setText(name: string, text: string): void;
  save(name: string): Promise<boolean>;
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
    patch(detail.name, {
      detail,
      loading: false,
      loadError: null,
      savedText: detail.manifestText,
      text: dirty ? doc.text : detail.manifestText,
      problems: dirty ? doc.problems : detail.problems,
    });
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
      patch(name, { saveState: 'saving', saveError: null });
      try {
        const r = await transport().call('manifest.save', { name, text });
        const now = get().docs[name] ?? EMPTY;
        patch(name, {
          savedText: text,
          saveState: 'saved',
          ...(now.text === text ? { problems: r.problems, checking: false } : {}),
        });
        // The form spec and the file list follow the saved manifest.
        void get().load(name);
        return true;
      } catch (err) {
        patch(name, { saveState: 'error', saveError: toDisplayError(err) });
        return false;
      }
    },

    reset(): void {
      for (const t of parseTimers.values()) clearTimeout(t);
      parseTimers.clear();
      set({ docs: {} });
    },
  };
});
