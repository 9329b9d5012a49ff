// vitest globalSetup: the tests run against a real Docker engine, a real base
// image, Debian's docker-registry and chromium. This either finds them, provides
// them (root on Debian: test/support/provision.sh), or fails with what is missing
// and how to fix it. It never skips tests.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE_IMAGE = 'debian:bookworm-slim';
const PROVISION = path.join(path.dirname(fileURLToPath(import.meta.url)), 'provision.sh');
const FIX = 'sudo bash test/support/provision.sh';

function answers(args: string[]): boolean {
  const r = spawnSync('docker', args, { stdio: 'ignore', timeout: 20_000 });
  return r.status === 0;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && executable(path.join(dir, name)));
}

/** What the tests need and this machine lacks, in words. */
function missing(): string[] {
  const out: string[] = [];
  if (!answers(['info'])) {
    out.push('Docker engine (docker info does not answer)');
    out.push(`base image ${BASE_IMAGE}`);
  } else if (!answers(['image', 'inspect', BASE_IMAGE])) {
    out.push(`base image ${BASE_IMAGE}`);
  }
  if (!executable('/usr/bin/docker-registry')) out.push('docker-registry');
  if (!onPath('htpasswd')) out.push('htpasswd (apache2-utils)');
  if (!executable('/usr/bin/chromium')) out.push('chromium');
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc')) out.push('a CJK font (fonts-wqy-zenhei)');
  return out;
}

/** `vitest run test/unit ...`: every filter names unit tests, which need no services. */
function unitTestsOnly(): boolean {
  const commands = new Set(['run', 'watch', 'dev', 'related']);
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && !commands.has(a));
  return filters.length > 0 && filters.every((f) => f.replace(/\\/g, '/').includes('test/unit'));
}

export default async function globalSetup(): Promise<void> {
  if (unitTestsOnly()) return;
  const lacking = missing();
  if (lacking.length === 0) return;

  const root = process.getuid?.() === 0;
  const debian = existsSync('/etc/debian_version');
  if (!root || !debian) {
    throw new Error(
      `Tests need ${lacking.join(', ')}, missing on this machine${root ? ' (not Debian)' : ''}; run: ${FIX}`,
    );
  }
  process.stderr.write(`[global-setup] missing ${lacking.join(', ')}: running ${PROVISION}\n`);
  const r = spawnSync('bash', [PROVISION], { stdio: 'inherit' });
  if (r.error) throw new Error(`could not run ${PROVISION}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${PROVISION} failed (exit ${r.status ?? r.signal}); tests need ${lacking.join(', ')}`);
  }
  const still = missing();
  if (still.length > 0) throw new Error(`still missing after provisioning: ${still.join(', ')}; run: ${FIX}`);
}
