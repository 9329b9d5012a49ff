#!/usr/bin/env node
// Runs the benches one after the other (never in parallel: they would measure each other),
// passes their output through, and ends with every BENCH_RESULT line together.
// `npm run bench` builds the CLI first; `node bench/run-all.mjs build cold` runs a subset.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['build', 'invoke', 'cold', 'ui'];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((b) => !ALL.includes(b));
if (unknown.length) {
  console.error(`unknown bench: ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(2);
}
const benches = wanted.length ? ALL.filter((b) => wanted.includes(b)) : ALL;

let current;
let interrupted = false;
// Ctrl-C reaches the child through the terminal's process group; forward it when it did not
// (a supervisor's kill), so the bench still cleans up, and stop after it.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    interrupted = true;
    if (current && current.exitCode === null) current.kill(sig);
  });
}

function runBench(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const results = [];
    let partial = '';
    current = spawn(process.execPath, [path.join(here, `${name}.mjs`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    current.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const l of lines) if (l.startsWith('BENCH_RESULT ')) results.push(l);
    });
    current.on('close', (code, signal) => {
      if (partial.startsWith('BENCH_RESULT ')) results.push(partial);
      resolve({ name, code: code ?? signal, seconds: Math.round((Date.now() - started) / 1000), results });
    });
  });
}

const outcomes = [];
for (const name of benches) {
  if (interrupted) break;
  console.log(`\n######## bench/${name}.mjs ########`);
  outcomes.push(await runBench(name));
}

console.log('\n######## all benches ########');
for (const o of outcomes)
  console.log(`${o.name.padEnd(7)} ${o.code === 0 ? 'ok    ' : `FAILED (${o.code})`} ${o.seconds} s`);
for (const o of outcomes) for (const r of o.results) console.log(r);
process.exit(interrupted ? 130 : outcomes.every((o) => o.code === 0) && outcomes.length === benches.length ? 0 : 1);
