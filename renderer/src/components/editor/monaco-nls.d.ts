// Monaco's shipped message tables: each sets globalThis._VSCODE_NLS_MESSAGES when imported.
declare module 'monaco-editor/esm/nls.messages.zh-cn.js';
