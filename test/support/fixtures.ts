// Small algorithm folders written by tests: each a real kiln.yaml and a real entry.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeAlgorithm(name: string, files: Record<string, string>, parent?: string): string {
  const dir = parent ? path.join(parent, name) : mkdtempSync(path.join(os.tmpdir(), `kiln-${name}-`));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** A python-entry algorithm on the minbase image (python3 comes from the system-packages layer). */
export function pythonAlgorithm(
  name: string,
  predictBody: string,
  opts: { timeout?: number; setup?: string; extra?: string; parent?: string } = {},
): string {
  const yaml = `name: ${name}
entry:
  python: predict.py:Algo
inputs:
  data: {type: text, required: false}
outputs:
  result: {type: json}
args:
  level: {type: integer, default: 1, minimum: 0, maximum: 10}
timeout: ${opts.timeout ?? 30}
${opts.extra ?? ''}`;
  const py = `import json, os, sys, time

class Algo:
    def setup(self):
${indent(opts.setup ?? 'pass', 8)}

    def predict(self, request):
        work = request["work_path"]
${indent(predictBody, 8)}
`;
  return makeAlgorithm(name, { 'kiln.yaml': yaml, 'predict.py': py }, opts.parent);
}

function indent(code: string, n: number): string {
  return code
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

export const OK_PREDICT = `os.makedirs(os.path.join(work, "out"), exist_ok=True)
with open(os.path.join(work, "out", "result.json"), "w") as f:
    json.dump({"level": request["arg_map"]["level"]}, f)
return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}`;
