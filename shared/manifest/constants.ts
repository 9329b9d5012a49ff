// Manifest constants that need no schema library (cheap to import anywhere).

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const IO_TYPES = ['image', 'video', 'json', 'text', 'binary'] as const;
export type IoType = (typeof IO_TYPES)[number];

export const DEFAULT_EXT: Record<IoType, string> = {
  image: '.png',
  video: '.mp4',
  json: '.json',
  text: '.txt',
  binary: '.bin',
};

/** Bump whenever schema.ts or parse.ts change what a kiln.yaml means: it keys the parse cache. */
export const MANIFEST_SCHEMA_REVISION = 2;
