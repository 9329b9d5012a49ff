// `npm run lint`: typescript-eslint's type-checked rules over the TypeScript, the plain recommended rules over
// the .mjs scripts and benches, and the import layers (ARCHITECTURE.md) as the `kiln/import-layers` rule.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { kilnPlugin } from './scripts/lint/import-layers.mjs';

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts'];

/** The layers: each block gives the whole option set for its folder (a later block replaces an earlier one). */
const layers = [
  {
    files: ['electron/**/*.ts'],
    rules: { 'kiln/import-layers': ['error', { layer: 'electron/', electron: false, denyFolders: ['renderer'] }] },
  },
  {
    // The thin Electron shell: the only files that may import 'electron'.
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'],
    rules: { 'kiln/import-layers': ['error', { layer: 'the Electron shell', denyFolders: ['renderer'] }] },
  },
  {
    // What every side imports: plain TypeScript, its schema and YAML packages, nothing environment-specific.
    files: ['shared/**/*.ts'],
    rules: {
      'kiln/import-layers': [
        'error',
        { layer: 'shared/', electron: false, nodeBuiltins: false, packages: ['zod', 'yaml'], onlyFolders: ['shared'] },
      ],
    },
  },
  {
    // The page: it runs in a browser tab or behind Electron's contextBridge, never with Node.
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    rules: {
      'kiln/import-layers': [
        'error',
        { layer: 'renderer/src/', electron: false, nodeBuiltins: false, denyFolders: ['electron'] },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'release/**',
      'test-artifacts/**',
      '.kiln-test/**',
      'resources/**',
      'test/unit/fixtures/**',
      '**/node_modules/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  {
    // A variable assigned once but read first by a closure set up before the assignment (an event handler) stays let.
    rules: { 'prefer-const': ['error', { ignoreReadBeforeAssign: true }] },
  },
  {
    files: TS,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Two programs: the Node side (electron/, shared/, test/, bench/) and the page (renderer/src with its tests).
        project: ['./tsconfig.json', './renderer/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Asked for by STYLE.md: no floating promises, type-only imports marked, every case of a union handled.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Off, judged: an `async` method without `await` is how this code makes a contract method or a test double
      // of an async interface return a promise, so that a throw becomes a rejection (handlers.ts relies on it).
      '@typescript-eslint/require-await': 'off',
      // Rejecting with a caught `unknown` is a rethrow, as only-throw-error allows for `throw err`.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // STYLE.md: explicit return types at module boundaries (product code; tests and benches may infer).
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts', 'test/unit/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Off, judged: zustand actions are closures over set/get, declared with method syntax in the state
      // interfaces; `useStore((s) => s.save)` detaches them safely, which the rule cannot tell from a class method.
      '@typescript-eslint/unbound-method': 'off',
    },
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off, judged: `expect(double.method).toHaveBeenCalled...` passes a method unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // Off, judged: tests read the CLI's and the bridge's JSON output untyped (CliResult.json) and check its
      // shape with expect(); a wrong shape fails the assertion. Product code keeps these rules.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // Node-side TypeScript and the build configs.
    files: ['electron/**', 'test/**', 'bench/**', 'scripts/**', '*.ts', 'renderer/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // shared/ also runs in the page, but it is type-checked with the Node program (whose types know these).
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', '__dirname', '__filename', 'setImmediate'].map((name) => ({
          name,
          message: 'shared/ runs in the page too: no Node globals',
        })),
      ],
    },
  },
  {
    // Build configs outside both tsconfigs: linted without type information.
    files: ['renderer/vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { parserOptions: { project: false } },
  },
  {
    // Plain JavaScript (scripts, benches, this file): no type information.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: globals.node, sourceType: 'module' },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    // The UI bench's functions that run inside the page (page.evaluate).
    files: ['bench/ui.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  { plugins: { kiln: kilnPlugin } },
  ...layers,
);
