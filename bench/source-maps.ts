/**
 * `npx tsx bench/source-maps.ts [samples]`: does shipping source maps with
 * `--enable-source-maps` cost the POST /payments function at cold start? Bundles the handler
 * with the stack's settings, then imports it in fresh Node processes with and without the flag,
 * alternating so drift of a shared machine hits both alike: module init in wall-clock and CPU
 * time, and the first `error.stack` read through a frame of the bundle (what an error log line
 * pays once per instance).
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleHandler } from './api/bundle-handler.js';
import { coldStartEnvironment } from './api/cold-start-environment.js';
import { median } from './api/median.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = Number(process.argv[2] ?? '40');
if (!Number.isSafeInteger(samples) || samples < 1) throw new Error(`samples must be a positive whole number, got ${process.argv[2] ?? ''}`);


// Runs in the child: times the import of the bundle (wall clock, and CPU time of the whole
// process, which a busy shared machine distorts far less), then calls the handler with an event
// whose first property read captures a stack with frames in the bundle and times the first
// read of `.stack` (with the flag on, Node maps every frame through the bundle's source map).
const probe = `
const { pathToFileURL } = require('node:url');
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
import(pathToFileURL(process.argv[1]).href).then(async ({ handler }) => {
  const initMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  let stackMs = Number.NaN;
  const event = new Proxy({}, { get() {
    if (Number.isNaN(stackMs)) {
      const error = new Error('probe');
      const s0 = process.hrtime.bigint();
      void error.stack;
      stackMs = Number(process.hrtime.bigint() - s0) / 1e6;
    }
    return undefined;
  } });
  const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'probe', functionName: 'probe' };
  try { await handler(event, context); } catch {}
  process.stdout.write(JSON.stringify({ initMs, initCpuMs: (cpu.user + cpu.system) / 1000, stackMs }));
});
`;

interface Sample {
  readonly initMs: number;
  readonly initCpuMs: number;
  readonly stackMs: number;
}

async function sample(bundle: string, nodeOptions: readonly string[]): Promise<Sample> {
  const { stdout } = await run(process.execPath, [...nodeOptions, '-e', probe, bundle], { env: { ...process.env, ...coldStartEnvironment } });
  return JSON.parse(stdout) as Sample;
}

const outDir = path.join(root, '.bench-out', 'source-maps');
const bundle = await bundleHandler(path.join(root, 'lambda/handlers/create-payment.ts'), path.join(outDir, 'create-payment.mjs'));
const variants = [
  { label: 'none (no source maps)', options: [] as string[] },
  { label: '`--enable-source-maps`', options: ['--enable-source-maps'] },
];
const samplesOf = new Map<string, Sample[]>(variants.map((v) => [v.label, []]));
for (let i = 0; i < samples; i += 1) {
  for (const variant of variants) samplesOf.get(variant.label)?.push(await sample(bundle.outfile, variant.options));
}
await rm(outDir, { recursive: true, force: true });

const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
console.log(`POST /payments bundle: ${(bundle.bytes / 1024).toFixed(1)} KiB, Node ${process.version}, ${samples} samples per variant, load average after ${load}`);
console.log('| NODE_OPTIONS | module init, wall, median | module init, CPU time, median | first `error.stack` through the bundle, median |');
console.log('|---|---|---|---|');
for (const variant of variants) {
  const all = samplesOf.get(variant.label) ?? [];
  const ms = (pick: (s: Sample) => number, digits: number) => `${median(all.map(pick)).toFixed(digits)} ms`;
  console.log(`| ${variant.label} | ${ms((s) => s.initMs, 1)} | ${ms((s) => s.initCpuMs, 1)} | ${ms((s) => s.stackMs, 2)} |`);
}
