// The normalized manifest the in-container runtime reads (/kiln/manifest.json).
import { DEFAULT_EXT, type IoType } from './constants.js';
import type { ArgSpec, Manifest } from './schema.js';

export interface RuntimeManifest {
  name: string;
  entry:
    | { kind: 'python'; module: string; class: string }
    | { kind: 'command'; template: string }
    | { kind: 'native'; library: string; function: string };
  inputs: Array<{ key: string; type: IoType; required: boolean }>;
  outputs: Array<{ key: string; type: IoType; ext: string; required: boolean }>;
  args: Record<string, ArgSpec>;
  concurrency: number;
  timeout: number;
}

export function toRuntimeManifest(m: Manifest): RuntimeManifest {
  let entry: RuntimeManifest['entry'];
  if ('python' in m.entry) {
    const [module, cls] = m.entry.python.split(':') as [string, string];
    entry = { kind: 'python', module, class: cls };
  } else if ('command' in m.entry) {
    entry = { kind: 'command', template: m.entry.command };
  } else {
    entry = { kind: 'native', library: m.entry.native.library, function: m.entry.native.function };
  }
  return {
    name: m.name,
    entry,
    inputs: Object.entries(m.inputs).map(([k, v]) => ({ key: k, type: v.type, required: v.required })),
    outputs: Object.entries(m.outputs).map(([k, v]) => ({
      key: k,
      type: v.type,
      ext: v.ext ?? DEFAULT_EXT[v.type],
      required: v.required,
    })),
    args: m.args,
    concurrency: m.concurrency,
    timeout: m.timeout,
  };
}
