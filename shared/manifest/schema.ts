// The kiln.yaml schema: one zod schema gives both the TypeScript types and validation.
// Field names are snake_case, as the YAML is written by people who also write Python.
import { z } from 'zod';

import { IO_TYPES, KEY_PATTERN, NAME_PATTERN } from './constants.js';

export { DEFAULT_EXT, IO_TYPES, KEY_PATTERN, NAME_PATTERN, type IoType } from './constants.js';

const key = z.string().regex(KEY_PATTERN, 'must be an identifier (letters, digits, _)');

const inputSpec = z.strictObject({
  type: z.enum(IO_TYPES),
  required: z.boolean().default(true),
  description: z.string().optional(),
});

const outputSpec = z.strictObject({
  type: z.enum(IO_TYPES),
  /** false: the algorithm may leave it out of a response. */
  required: z.boolean().default(true),
  ext: z
    .string()
    .regex(/^\.[A-Za-z0-9]{1,10}$/, 'must look like ".png"')
    .optional(),
  description: z.string().optional(),
});

const numberArg = z.strictObject({
  type: z.enum(['number', 'integer']),
  default: z.number().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  step: z.number().positive().optional(),
  enum: z.array(z.number()).min(1).optional(),
  description: z.string().optional(),
});
const stringArg = z.strictObject({
  type: z.literal('string'),
  default: z.string().optional(),
  enum: z.array(z.string()).min(1).optional(),
  pattern: z.string().optional(),
  description: z.string().optional(),
});
const booleanArg = z.strictObject({
  type: z.literal('boolean'),
  default: z.boolean().optional(),
  description: z.string().optional(),
});
export const argSpec = z.discriminatedUnion('type', [numberArg, stringArg, booleanArg]);

const pythonEntry = z.strictObject({
  python: z.string().regex(/^[^:\s]+\.py:[A-Za-z_][A-Za-z0-9_]*$/, 'must be "file.py:ClassName"'),
});
const commandEntry = z.strictObject({ command: z.string().min(1) });
const nativeEntry = z.strictObject({
  native: z.strictObject({
    library: z.string().min(1),
    function: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a C identifier'),
  }),
});
export const entrySpec = z.union([pythonEntry, commandEntry, nativeEntry], {
  error: 'entry must be one of: {python: "predict.py:Predictor"}, {command: "..."}, {native: {library, function}}',
});

const pythonPackages = z.union([
  z.array(z.string().min(1)),
  z.strictObject({
    requirements: z.string().min(1).optional(),
    packages: z.array(z.string().min(1)).optional(),
    find_links: z.string().min(1).optional(),
    index_url: z.string().min(1).optional(),
  }),
]);

const memory = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(b|k|m|g|ki|mi|gi|kb|mb|gb)?$/i, 'must look like "512Mi" or "4Gi"'),
]);

export const manifestSchema = z.strictObject({
  name: z.string().regex(NAME_PATTERN, 'must be lower-case letters, digits, ".", "_" or "-" (max 63)'),
  description: z.string().optional(),
  base: z.string().min(1).default('debian:bookworm-slim'),
  system_packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.:=~-]*$/, 'not a valid apt package name')).default([]),
  python_packages: pythonPackages.optional(),
  models: z.array(z.string().min(1)).default([]),
  build: z.array(z.string().min(1)).default([]),
  gpu: z.enum(['required', 'optional', 'none']).default('none'),
  entry: entrySpec,
  inputs: z.record(key, inputSpec).default({}),
  outputs: z.record(key, outputSpec).default({}),
  args: z.record(key, argSpec).default({}),
  concurrency: z.number().int().min(1).max(1024).default(1),
  timeout: z.number().positive().max(86400).default(60),
  resources: z
    .strictObject({
      cpus: z.number().positive().optional(),
      memory: memory.optional(),
      shm_size: memory.optional(),
    })
    .default({}),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid environment variable name'),
      z.union([z.string(), z.number(), z.boolean()]),
    )
    .default({}),
});

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
export type ArgSpec = z.output<typeof argSpec>;
export type InputSpec = z.output<typeof inputSpec>;
export type OutputSpec = z.output<typeof outputSpec>;

/** Every key the schema knows at each object level, for "did you mean" on typos. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(manifestSchema.shape),
  entry: ['python', 'command', 'native'],
  'entry.native': ['library', 'function'],
  'inputs.*': Object.keys(inputSpec.shape),
  'outputs.*': Object.keys(outputSpec.shape),
  'args.*': ['type', 'default', 'minimum', 'maximum', 'step', 'enum', 'pattern', 'description'],
  resources: ['cpus', 'memory', 'shm_size'],
  python_packages: ['requirements', 'packages', 'find_links', 'index_url'],
};
