// User actions that span stores (open a folder, build, run, re-run). Components and
// keyboard shortcuts call these; they hold no state of their own.
import type { AlgorithmDetail } from '../../../shared/api';
import type { ArgValue } from '../../../shared/manifest/args';
import type { RunRecord } from '../../../shared/records';
import { basename, dirname, toAlgorithmName } from '../lib/paths';
import { checkArgs, runReadiness } from '../lib/run-form';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { useAlgorithmDetailStore, isDirty } from './algorithm-detail';
import { useAlgorithmsStore } from './algorithms';
import { useCodeFilesStore } from './code-files';
import { engineReachable, useEngineStore } from './engine';
import { selectLatestJob, useJobsStore } from './jobs';
import { useKeepWarmStore, warmVersion } from './keep-warm';
import { useRunFormStore } from './run-form';
import { useRunsStore } from './runs';
import { useSettingsStore } from './settings';
import { useToastsStore } from './toasts';
import { transport } from './transport-ref';
import { useUiStore, type Tab } from './ui';

export type Template = 'python' | 'command' | 'native';

/** Selecting loads the algorithm's detail, versions and runs (stores/init.ts). */
export function showAlgorithm(name: string, tab?: Tab): void {
  useUiStore.getState().select(name, tab);
}

/** "Open folder…": the native picker in Electron, a path dialog in the browser. */
export async function openFolder(): Promise<void> {
  const t = transport();
  if (!t.capabilities.nativeDialogs || !t.pickFolder) {
    useUiStore.getState().openDialog({ kind: 'open', path: '', error: null });
    return;
  }
  const path = await t.pickFolder();
  if (!path) return;
  const error = await openPath(path);
  if (error) useUiStore.getState().openDialog({ kind: 'open', path, error });
}

/** Opens (registers) an algorithm folder; returns the error to show, or null. */
export async function openPath(path: string): Promise<DisplayError | null> {
  return openWith(() => transport().call('algorithms.open', { path: path.trim() }));
}

/** Runs a call that yields an algorithm, then shows it in the editor; returns the error to show, or null. */
async function openWith(call: () => Promise<AlgorithmDetail>): Promise<DisplayError | null> {
  try {
    const detail = await call();
    useAlgorithmDetailStore.getState().put(detail);
    useUiStore.getState().closeDialog();
    useUiStore.getState().select(detail.name, 'manifest');
    void useAlgorithmsStore.getState().refresh();
    return null;
  } catch (err) {
    return toDisplayError(err);
  }
}

/** After MANIFEST_NOT_FOUND: a new algorithm from a template, prefilled for that folder. */
export function offerCreateFor(path: string): void {
  const folder = path.trim().replace(/[\\/]+$/, '');
  useUiStore.getState().openDialog({
    kind: 'create',
    parent: dirname(folder),
    name: toAlgorithmName(basename(folder)),
    note: 'manifest-missing',
  });
}

/** After MANIFEST_NOT_FOUND: adds kiln.yaml (and the template's missing files) to that folder. */
export async function initHere(path: string, template: Template): Promise<DisplayError | null> {
  return openWith(() => transport().call('algorithms.init', { path: path.trim(), template }));
}

/** "New from template": starts in the parent folder used last time (kept in the host's settings). */
export function newFromTemplate(): void {
  const parent = useSettingsStore.getState().settings?.lastParent ?? '';
  useUiStore.getState().openDialog({ kind: 'create', parent, name: '', note: null });
}

/** The error algorithms.create gives for a missing parent folder: the dialog asks before making it. */
export const PARENT_MISSING = 'create.parentMissing';

export async function createFromTemplate(
  parent: string,
  name: string,
  template: Template,
  opts: { createParents?: boolean } = {},
): Promise<DisplayError | null> {
  const input = {
    parent: parent.trim(),
    name: name.trim(),
    template,
    ...(opts.createParents ? { createParents: true } : {}),
  };
  const error = await openWith(() => transport().call('algorithms.create', input));
  if (!error) {
    // The host remembered it too (settings.lastParent); the next dialog starts there.
    const settings = useSettingsStore.getState().settings;
    if (settings) useSettingsStore.setState({ settings: { ...settings, lastParent: input.parent } });
  }
  return error;
}

/** A folder dropped on the sidebar: Electron knows its path; a browser cannot. */
export async function dropFolder(file: File): Promise<void> {
  const t = transport();
  if (!t.capabilities.nativeDialogs) {
    // A passing notice, not a dialog in the way: with a shortcut to the path field.
    useToastsStore.getState().show({
      title: { key: 'drop.unsupportedTitle' },
      text: { key: 'drop.unsupportedBody' },
      action: {
        label: { key: 'drop.enterPath' },
        run: () => useUiStore.getState().openDialog({ kind: 'open', path: '', error: null }),
      },
    });
    return;
  }
  let path: string;
  try {
    path = await t.fileToInputPath(file);
  } catch (err) {
    useUiStore.getState().openDialog({ kind: 'open', path: '', error: toDisplayError(err) });
    return;
  }
  const error = await openPath(path);
  if (error) useUiStore.getState().openDialog({ kind: 'open', path, error });
}

export async function saveManifest(name: string): Promise<boolean> {
  return useAlgorithmDetailStore.getState().save(name);
}

/** Build: saves an edited kiln.yaml first (the build reads the file on disk). */
export async function build(name: string): Promise<void> {
  const doc = useAlgorithmDetailStore.getState().docs[name];
  if (!engineReachable(useEngineStore.getState())) return;
  if (doc && (doc.problems.length > 0 || doc.checking)) return;
  if (selectLatestJob(useJobsStore.getState(), 'build', name)?.status === 'running') return;
  // Edits go into the build: kiln.yaml, and code files edited in Kiln. A save that fails or meets
  // a file changed on disk stops it, on the tab that shows why (the error, or the choice to make).
  const saved =
    (!isDirty(doc) || (await useAlgorithmDetailStore.getState().save(name))) &&
    (await useCodeFilesStore.getState().saveAll(name));
  if (!saved) {
    useUiStore.getState().setTab('manifest');
    return;
  }
  useUiStore.getState().setTab('build');
  await useJobsStore.getState().startBuild(name);
}

export async function cancelLatest(kind: 'build' | 'run', name: string): Promise<void> {
  const job = selectLatestJob(useJobsStore.getState(), kind, name);
  if (job?.status === 'running') await useJobsStore.getState().cancel(job.jobId);
}

/** Run with the form's values, refused before sending when anything is invalid. */
export async function run(name: string): Promise<boolean> {
  return (await startRunJob(name)) !== null;
}

/**
 * Starts a run with the form's values (the job id), or null when refused: invalid values,
 * missing inputs, a run already going. `version` overrides the form's (the warm container's).
 */
export async function startRunJob(name: string, opts: { version?: string } = {}): Promise<string | null> {
  const spec = useAlgorithmDetailStore.getState().docs[name]?.detail?.form ?? null;
  const form = useRunFormStore.getState().forms[name];
  if (!spec || !form) return null;
  if (selectLatestJob(useJobsStore.getState(), 'run', name)?.status === 'running') return null;
  const { errors, args } = checkArgs(spec.args, form.values);
  const engine = useEngineStore.getState();
  const ready = runReadiness({
    spec,
    engineReachable: engineReachable(engine),
    argErrors: errors,
    inputs: form.inputs,
    gpu: engine.status?.gpu,
  });
  if (ready.blockers.length > 0 || !args || !ready.inputs) return null;
  useRunsStore.getState().select(name, null);
  // "Latest" while kept warm: the served version, so the run reuses the warm container.
  const version = opts.version ?? (form.version || warmVersion(useKeepWarmStore.getState(), name) || '');
  return useJobsStore.getState().startRun({
    name,
    ...(version ? { version } : {}),
    inputs: ready.inputs,
    args,
    gpu: form.gpu || 'auto',
  });
}

/** Re-run a past run with the same args and inputs, in one click. */
export async function rerun(record: RunRecord): Promise<boolean> {
  const name = record.algorithm;
  if (!name) return false;
  const spec = useAlgorithmDetailStore.getState().docs[name]?.detail?.form ?? null;
  if (spec) useRunFormStore.getState().loadArgs(name, spec, record.args);
  const args: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(record.args)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') args[k] = v;
  }
  const inputs: Record<string, string> = {};
  for (const f of record.inputs) inputs[f.key] = f.path;
  useRunsStore.getState().select(name, null);
  useUiStore.getState().setTab('run');
  const gpu = useRunFormStore.getState().forms[name]?.gpu ?? 'auto';
  const jobId = await useJobsStore
    .getState()
    .startRun({ name, ...(record.version ? { version: record.version } : {}), inputs, args, gpu });
  return jobId !== null;
}

/** Re-run the newest run of the shown algorithm. */
export async function rerunLatest(name: string): Promise<void> {
  const latest = useRunsStore.getState().byName[name]?.list[0];
  if (latest) await rerun(latest);
}
