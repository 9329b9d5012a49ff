// Data shaped like the API's answers, for renderer unit tests.
import type { AlgorithmDetail, AlgorithmSummary, EngineStatus, RunFormSpec, Settings } from '../../../shared/api';
import { EngineUnavailableError } from '../../../electron/services/engine/connect';

export const ENHANCE_FORM: RunFormSpec = {
  inputs: { image: { type: 'image', required: true, description: 'The photo to enhance' } },
  outputs: { image: { type: 'image', ext: '.png', required: true }, stats: { type: 'json', required: false } },
  args: {
    brightness: {
      type: 'number',
      default: 1,
      minimum: 0,
      maximum: 3,
      step: 0.05,
      description: 'Multiplies every pixel',
    },
    contrast: { type: 'number', default: 1, minimum: 0, maximum: 3 },
    sharpen: { type: 'boolean', default: false, description: 'Apply the sharpening kernel' },
    mode: { type: 'string', enum: ['rgb', 'gray'], default: 'rgb' },
    rotate: { type: 'integer', default: 0, enum: [0, 90, 180, 270] },
    label: { type: 'string' },
  },
  gpu: 'optional',
};

/** A stand-in for the sha256 the back end computes (opaque to the renderer): 64 hex digits per text. */
export function textSha256(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(8);
}

export function detail(name = 'image-enhance', form: RunFormSpec | null = ENHANCE_FORM): AlgorithmDetail {
  const manifestText = `name: ${name}\nentry:\n  python: predict.py:Enhancer\noutputs:\n  image: {type: image}\n`;
  return {
    name,
    path: `/work/algos/${name}`,
    manifestText,
    manifestSha256: textSha256(manifestText),
    problems: [],
    form,
    files: [
      { path: 'kiln.yaml', size: 300 },
      { path: 'predict.py', size: 1200 },
    ],
  };
}

export function summary(name: string, versions = 0): AlgorithmSummary {
  return {
    name,
    path: `/work/algos/${name}`,
    description: `${name} description`,
    versions,
    latestVersion: versions ? 'v1' : null,
    lastRunStatus: null,
    updatedAt: '2026-11-23T10:00:00Z',
    problem: null,
  };
}

export const ENGINE_OK: EngineStatus = {
  reachable: true,
  endpoint: 'unix:///var/run/docker.sock',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'linux',
  isPodman: false,
  error: null,
  gpu: { available: false, via: 'none', reason: 'no NVIDIA runtime or CDI device in the engine', gpus: [] },
};

export const ENGINE_DOWN: EngineStatus = {
  reachable: false,
  endpoint: null,
  version: null,
  apiVersion: null,
  os: null,
  isPodman: false,
  // The envelope the back end really sends when the default socket is missing (message id included).
  error: new EngineUnavailableError([
    {
      label: '/var/run/docker.sock',
      source: 'default',
      origin: '',
      outcome: 'missing',
      why: 'missing',
      whySaid: { id: 'engine.why.missing' },
    },
  ]).toEnvelope(),
  gpu: null,
};

export const SETTINGS: Settings = {
  engineEndpoint: '',
  theme: 'system',
  language: 'en',
  dataFolder: '/home/me/.local/share/kiln',
  browseRoots: [],
};
