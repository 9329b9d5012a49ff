// python_packages from a requirements file, installed from a package index (index_url): a
// PEP 503 "simple" index served by this test. PyPI is out of reach here, and the build's
// containers run on the engine's default bridge, where 127.0.0.1 is the container itself: a
// server on the host's loopback cannot be reached from a build. So the index listens on the
// gateway address of a Docker network this test creates (the host's own address on that
// bridge, which a container on the default bridge reaches as the host), and on nothing else.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker.js';
import { makeAlgorithm } from '../support/fixtures.js';
import { kiln, tempHome } from '../support/kiln-cli.js';
import { buildWheel } from '../support/wheel.js';

let home: ReturnType<typeof tempHome>;
let dir: string;
let network: string;
let server: http.Server;
let indexUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  home = tempHome();
  dir = makeAlgorithm('pkgs', {
    'kiln.yaml': '',
    'predict.py': `import json, os, sys
import kilnidx

class Algo:
    def predict(self, request):
        work = request["work_path"]
        os.makedirs(os.path.join(work, "out"), exist_ok=True)
        with open(os.path.join(work, "out", "result.json"), "w") as f:
            json.dump({"greeting": kilnidx.greet(), "from": os.path.dirname(kilnidx.__file__), "prefix": sys.prefix}, f)
        return {"error_code": 0, "error_msg": "success",
                "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}
`,
    'requirements.txt': '# what the algorithm needs, pinned\nkilnidx==2.0\n',
  });
  // The wheel lives outside the algorithm folder: only the index serves it.
  const wheels = path.join(home.home, 'index-files');
  mkdirSync(wheels);
  const nonce = randomBytes(4).toString('hex'); // a fresh wheel each run: pip really downloads it
  const wheel = buildWheel(wheels, 'kilnidx', '2.0', `def greet():\n    return "hello from the index ${nonce}"\n`);
  const wheelBytes = readFileSync(wheel);
  const wheelName = path.basename(wheel);
  const sha = createHash('sha256').update(wheelBytes).digest('hex');

  network = `kiln-test-index-${process.pid}-${nonce}`;
  await docker(['network', 'create', network]);
  const gateway = await docker(['network', 'inspect', network, '--format', '{{(index .IPAM.Config 0).Gateway}}']);
  expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/simple/kilnidx/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!DOCTYPE html><html><body><a href="/files/${wheelName}#sha256=${sha}">${wheelName}</a></body></html>\n`,
      );
    } else if (req.url === `/files/${wheelName}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': wheelBytes.length });
      res.end(wheelBytes);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
  indexUrl = `http://${gateway}:${(server.address() as AddressInfo).port}/simple/`;
  writeFileSync(
    path.join(dir, 'kiln.yaml'),
    `name: pkgs
entry:
  python: predict.py:Algo
outputs:
  result: {type: json}
python_packages:
  requirements: requirements.txt
  index_url: ${indexUrl}
`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (network) await docker(['network', 'rm', network]).catch(() => '');
  home.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('python_packages', () => {
  it('installs a requirements file from an index_url into the venv', async () => {
    const out = path.join(dir, 'out');
    const r = await kiln(['run', dir, '--out', out, '--json'], { home: home.home, timeoutMs: 300_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as Record<string, string>;
    expect(result['greeting']).toMatch(/^hello from the index [0-9a-f]{8}$/);
    expect(result['from']).toMatch(/^\/opt\/kiln\/venv\/lib\/python3\.\d+\/site-packages\/kilnidx$/);
    expect(result['prefix']).toBe('/opt/kiln/venv');
    // pip asked the index for the project, then fetched the wheel it listed.
    expect(requests).toEqual(expect.arrayContaining(['GET /simple/kilnidx/', expect.stringMatching(/^GET \/files\//)]));
  });
});
