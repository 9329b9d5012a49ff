// Managing algorithms and versions from the app: rename, remove, remove a version. Each returns
// the error to show (or null) and refreshes the stores that show what changed.
import { toDisplayError, type DisplayError } from '../transport/errors';
import { useAlgorithmDetailStore } from './algorithm-detail';
import { useAlgorithmsStore } from './algorithms';
import { transport } from './transport-ref';
import { useUiStore } from './ui';
import { useVersionsStore } from './versions';

/** Forgets the algorithm (the folder stays); with removeImages its images go too. */
export async function removeAlgorithm(name: string, removeImages: boolean): Promise<DisplayError | null> {
  try {
    await transport().call('algorithms.remove', { name, removeImages });
  } catch (err) {
    return toDisplayError(err);
  }
  const ui = useUiStore.getState();
  if (ui.selected === name) ui.select(null);
  ui.closeDialog();
  await useAlgorithmsStore.getState().refresh();
  return null;
}

/** Renames through kiln.yaml's name: line, conditional on the text the editor loaded. */
export async function renameAlgorithm(name: string, to: string): Promise<DisplayError | null> {
  const doc = useAlgorithmDetailStore.getState().docs[name];
  const expected = doc?.detail ? doc.savedSha256 : undefined;
  try {
    const detail = await transport().call('algorithms.rename', { name, to, ...(expected ? { expected } : {}) });
    useAlgorithmDetailStore.getState().put(detail);
    const ui = useUiStore.getState();
    ui.closeDialog();
    if (ui.selected === name) ui.select(detail.name, ui.tab);
  } catch (err) {
    return toDisplayError(err);
  }
  await useAlgorithmsStore.getState().refresh();
  return null;
}

export async function removeVersion(name: string, version: string): Promise<DisplayError | null> {
  try {
    await transport().call('versions.remove', { name, version });
  } catch (err) {
    return toDisplayError(err);
  }
  useUiStore.getState().closeDialog();
  await Promise.all([useVersionsStore.getState().refresh(name), useAlgorithmsStore.getState().refresh()]);
  return null;
}
