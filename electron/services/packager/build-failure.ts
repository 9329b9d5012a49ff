// A failed build step, told in the terms of kiln.yaml: "installing system_packages failed"
// with the command's own output, instead of the generated Dockerfile line (which is Kiln's
// script, not the user's). Offline pip failures say that the index is unreachable and how to
// install from a folder of wheels instead.
import { KilnError } from '../../../shared/errors.js';
import { formatMessage, hintRef, ref, type MessageId, type MessageParams } from '../../../shared/messages/index.js';
import type { Manifest } from '../../../shared/manifest/schema.js';

export interface StepMeaning {
  /** What the step does, in kiln.yaml's words. */
  what: string;
  hint: string;
  /** The same, as a message id (shared/messages/build.ts) for the UI's language. */
  id?: MessageId;
  params?: MessageParams;
}

function meant(id: MessageId, params?: MessageParams): StepMeaning {
  const text = formatMessage(id, params, 'en');
  return { what: text.message, hint: text.hint ?? '', id, ...(params ? { params } : {}) };
}

// Connection failures say themselves; "from versions: none" is what pip says both offline (with
// --retries 0 it prints nothing else) and for a name no index has, so its hint covers both.
const PIP_UNREACHABLE =
  /Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|Network is unreachable|ConnectTimeoutError|NewConnectionError/;
const PIP_NONE_FOUND = /\(from versions: none\)|No matching distribution found/;

export function stepMeaning(instruction: string, manifest: Manifest, tail: readonly string[]): StepMeaning | null {
  const run = instruction.startsWith('RUN ') ? instruction.slice(4).trim() : null;
  if (run?.includes("pkgs='") && run.includes('apt-get')) {
    const pkgs = manifest.system_packages.join(', ') || 'python3';
    return meant('build.installingSystem', { pkgs });
  }
  if (run?.includes('pip install')) {
    if (tail.some((l) => PIP_UNREACHABLE.test(l))) return meant('build.installingPythonOffline');
    if (tail.some((l) => PIP_NONE_FOUND.test(l))) return meant('build.installingPythonNoneFound');
    return meant('build.installingPython');
  }
  if (run) {
    const command = manifest.build.find((c) => run === c || run.endsWith(c));
    if (command !== undefined) {
      return meant('build.buildCommand', { command });
    }
  }
  return null;
}

/** The same error, with the step named in kiln.yaml's terms where it is one of the user's sections. */
export function explainBuildFailure(err: KilnError, manifest: Manifest): KilnError {
  if (err.code !== 'BUILD_FAILED' || typeof err.details?.['instruction'] !== 'string') return err;
  const tail = Array.isArray(err.details['tail']) ? (err.details['tail'] as string[]) : [];
  const meaning = stepMeaning(err.details['instruction'], manifest, tail);
  if (!meaning) return err;
  const exit = /failed with exit code (\d+)/.exec(err.message)?.[1];
  const prefix = err.details['stage'] === 'models' ? 'models image: ' : '';
  const output = tail.length ? `\n--- output ---\n${tail.join('\n')}` : '';
  const out = new KilnError(
    'BUILD_FAILED',
    `${prefix}${meaning.what} failed${exit ? ` with exit code ${exit}` : ''}${output}`,
    meaning.hint,
    err.details,
  );
  if (meaning.id) {
    const params: MessageParams = {
      prefix: prefix ? ref('build.modelsPrefix') : '',
      what: ref(meaning.id, meaning.params),
      output: tail.length ? ref('build.output', { tail: tail.join('\n') }) : '',
      hint: hintRef(meaning.id, meaning.params),
    };
    if (exit) params['exit'] = exit;
    out.messageId = exit ? 'build.sectionFailedExit' : 'build.sectionFailed';
    out.params = params;
  }
  return out;
}
