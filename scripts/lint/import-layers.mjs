// The import layers as one ESLint rule, `kiln/import-layers` (after VS Code's code-layering rule).
// eslint.config.mjs sets its options per folder; each option forbids one kind of import:
//   electron: false        no 'electron' (or 'electron/...') import
//   nodeBuiltins: false    no Node built-in ('fs', 'node:fs', ...)
//   packages: [names]      only these npm packages (absent: any package)
//   onlyFolders: [dirs]    relative imports must resolve inside these top-level folders
//   denyFolders: [dirs]    relative imports must not resolve inside these folders
// Relative specifiers are resolved against the importing file, so `../../electron/x.js` is caught from
// any depth. It sees static imports, `export ... from`, `import type`, `import()`, `import('x').T` in
// types, `require()` and `import x = require()`.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** 'a/b' -> 'a', '@s/a/b' -> '@s/a'; null for a relative or absolute specifier. */
function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(spec) {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]);
}

/** Which of `dirs` (paths from the repository root, e.g. 'renderer' or 'electron/services') holds `rel`. */
function inside(rel, dirs) {
  return dirs.find((d) => rel === d || rel.startsWith(`${d}/`));
}

const importLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each folder to the imports its layer allows (see ARCHITECTURE.md)' },
    schema: [
      {
        type: 'object',
        properties: {
          electron: { type: 'boolean' },
          nodeBuiltins: { type: 'boolean' },
          packages: { type: 'array', items: { type: 'string' } },
          onlyFolders: { type: 'array', items: { type: 'string' } },
          denyFolders: { type: 'array', items: { type: 'string' } },
          layer: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      electron:
        "{{layer}} must not import '{{spec}}': only electron/main.ts, electron/preload.ts and electron/ipc.ts do",
      builtin: '{{layer}} must not import the Node built-in {{spec}}: it runs where Node does not',
      package: '{{layer}} must not import the package {{pkg}} (allowed here: {{allowed}})',
      outside: '{{layer}} must not import {{spec}}: it resolves to {{target}}, outside {{allowed}}',
      denied: '{{layer}} must not import {{spec}}: it resolves into {{folder}}/',
    },
  },
  create(context) {
    const opts = context.options[0] ?? {};
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const layer = opts.layer ?? path.posix.dirname(file) + '/';

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const pkg = packageOf(spec);
      if (pkg === null) {
        if (!spec.startsWith('.')) return;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        if (opts.onlyFolders && !inside(target, opts.onlyFolders)) {
          const allowed = opts.onlyFolders.map((d) => `${d}/`).join(', ');
          context.report({ node, messageId: 'outside', data: { layer, spec, target, allowed } });
        }
        const denied = opts.denyFolders && inside(target, opts.denyFolders);
        if (denied) context.report({ node, messageId: 'denied', data: { layer, spec, folder: denied } });
        return;
      }
      if (pkg === 'electron' && opts.electron === false) {
        context.report({ node, messageId: 'electron', data: { layer, spec } });
      } else if (isBuiltin(spec)) {
        if (opts.nodeBuiltins === false) context.report({ node, messageId: 'builtin', data: { layer, spec } });
      } else if (opts.packages && !opts.packages.includes(pkg)) {
        const allowed = opts.packages.join(', ') || 'none';
        context.report({ node, messageId: 'package', data: { layer, pkg, allowed } });
      }
    }

    const literal = (n) => (n && n.type === 'Literal' ? n.value : undefined);
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => check(n.source, literal(n.source)),
      TSImportType: (n) => check(n.argument, literal(n.argument?.literal)),
      TSExternalModuleReference: (n) => check(n.expression, literal(n.expression)),
      CallExpression(n) {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1)
          check(n.arguments[0], literal(n.arguments[0]));
      },
    };
  },
};

export const kilnPlugin = { meta: { name: 'kiln' }, rules: { 'import-layers': importLayers } };
