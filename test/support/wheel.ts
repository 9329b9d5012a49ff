// Builds a real (pure-Python) wheel with python3's zipfile: PyPI is out of reach here, so the
// packager's python-packages path is tested with a wheel installed from a find_links folder.
import { execFileSync } from 'node:child_process';

export function buildWheel(dir: string, name: string, version: string, moduleSource: string): string {
  const script = `
import base64, hashlib, os, sys, zipfile
out_dir, name, version, source = sys.argv[1:5]
dist = f"{name}-{version}.dist-info"
files = {
    f"{name}/__init__.py": source,
    f"{dist}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n",
    f"{dist}/WHEEL": "Wheel-Version: 1.0\\nGenerator: kiln-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
record = "".join(f"{p},{digest(c.encode())},{len(c.encode())}\\n" for p, c in files.items()) + f"{dist}/RECORD,,\\n"
files[f"{dist}/RECORD"] = record
path = os.path.join(out_dir, f"{name}-{version}-py3-none-any.whl")
with zipfile.ZipFile(path, "w") as z:
    for p, c in files.items():
        z.writestr(p, c)
print(path)
`;
  return execFileSync('python3', ['-c', script, dir, name, version, moduleSource], { encoding: 'utf8' }).trim();
}
