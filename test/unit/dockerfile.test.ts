import { describe, expect, it } from 'vitest';
import { generateDockerfile } from '../../electron/services/packager/dockerfile.js';
import { parseManifest } from '../../shared/manifest/parse.js';

function manifest(extra = ''): ReturnType<typeof parse> {
  return parse(`name: demo
base: python:3.11-slim
system_packages: [libgl1]
entry: {python: predict.py:P}
outputs: {o: {type: json}}
env: {OMP_NUM_THREADS: 2}
${extra}`);
}
function parse(text: string) {
  const r = parseManifest(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.manifest;
}

describe('generateDockerfile', () => {
  it('orders layers from least to most often changed', () => {
    const df = generateDockerfile({
      manifest: manifest(),
      modelsImage: 'kiln-models/demo:abc',
      hasPythonPackages: true,
    });
    const order = [
      'FROM python:3.11-slim',
      'apt-get install',
      'pip install',
      'COPY --from=kiln-models/demo:abc',
      'kiln_runtime.py',
      'manifest.json',
      'COPY code/ /kiln/',
    ];
    const positions = order.map((s) => df.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(df).toContain('python3 -m venv --system-site-packages /opt/kiln/venv');
    expect(df).not.toContain('--break-system-packages');
    expect(df).toContain('OMP_NUM_THREADS="2"');
  });

  it('adds python3 only when the base lacks it, and python3-venv for pip packages', () => {
    const df = generateDockerfile({ manifest: manifest(), hasPythonPackages: true });
    expect(df).toContain("pkgs='libgl1 python3-venv'");
    expect(df).toContain('command -v python3 >/dev/null 2>&1 || pkgs="$pkgs python3"');
  });

  it('installs offline from find_links when no index is given', () => {
    const df = generateDockerfile({ manifest: manifest(), hasPythonPackages: true, findLinksDir: 'wheels' });
    expect(df).toContain('COPY code/app/wheels/ /opt/kiln/wheels/');
    expect(df).toContain('--find-links /opt/kiln/wheels --no-index');
  });

  it('trusts a plain-http index_url that kiln.yaml names (pip ignores it otherwise), never an https one', () => {
    const http = generateDockerfile({
      manifest: manifest(),
      hasPythonPackages: true,
      indexUrl: 'http://10.1.2.3:8080/simple/',
    });
    expect(http).toContain("--index-url 'http://10.1.2.3:8080/simple/' --trusted-host '10.1.2.3:8080' -r");
    const https = generateDockerfile({
      manifest: manifest(),
      hasPythonPackages: true,
      indexUrl: 'https://pypi.example.org/simple/',
    });
    expect(https).toContain("--index-url 'https://pypi.example.org/simple/' -r");
    expect(https).not.toContain('--trusted-host');
  });

  it('copies the code last: labels before it, nothing after it but the build commands', () => {
    const labels = { 'kiln.name': 'demo', 'kiln.manifest': '{"name":"demo"}' };
    const plain = generateDockerfile({ manifest: manifest(), labels, hasPythonPackages: false }).trimEnd().split('\n');
    expect(plain.at(-1)).toBe('COPY code/ /kiln/');
    expect(plain.findIndex((l) => l.startsWith('LABEL kiln.name="demo"'))).toBeLessThan(plain.length - 1);
    const withBuild = generateDockerfile({
      manifest: manifest('build: ["make -C src"]'),
      labels,
      hasPythonPackages: false,
    })
      .trimEnd()
      .split('\n');
    expect(withBuild.slice(-2)).toEqual(['COPY code/ /kiln/', 'RUN (make -C src)']);
  });

  it('runs build commands after the code is copied', () => {
    const df = generateDockerfile({ manifest: manifest('build: ["make -C src"]'), hasPythonPackages: false });
    expect(df.indexOf('RUN (make -C src)')).toBeGreaterThan(df.indexOf('COPY code/ /kiln/'));
    expect(df).not.toContain('pip install');
  });
});
