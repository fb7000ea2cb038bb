/**
 * `npx tsx bench/observability-cost.ts [samples] [before] [logs] [complete]`: what logs, metrics
 * and traces cost the POST /payments function at cold start. Bundles the handler with the
 * stack's settings as it was before the observability work (`before`, 04ed929), with logs and
 * metrics but no traces (`logs`, 619ee72), with logs, metrics and traces (`complete`, aab55a4,
 * the last change to lambda/ before the shared cache), and as this checkout has it, then imports
 * each bundle in fresh Node processes, the last two with TRACING_ENABLED=false and =true,
 * alternating so drift of a shared machine hits every variant alike: module init in wall-clock
 * and CPU time. A commit's `lambda/` (and `infra/definitions/`, which it may import) is taken
 * with `git archive` and bundled against this checkout's node_modules. Prints a Markdown table
 * for docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleHandler, type HandlerBundle } from './api/bundle-handler.js';
import { coldStartEnvironment } from './api/cold-start-environment.js';
import { median } from './api/median.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = Number(process.argv[2] ?? '30');
if (!Number.isSafeInteger(samples) || samples < 1) throw new Error(`samples must be a positive whole number, got ${process.argv[2] ?? ''}`);
const beforeCommit = process.argv[3] ?? '04ed929';
const logsCommit = process.argv[4] ?? '619ee72';
const completeCommit = process.argv[5] ?? 'aab55a4';


// Runs in the child: times the import of the bundle, in wall-clock time and in CPU time of the
// whole process (which a busy shared machine distorts far less).
const probe = `
const { pathToFileURL } = require('node:url');
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
import(pathToFileURL(process.argv[1]).href).then(() => {
  const initMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ initMs, initCpuMs: (cpu.user + cpu.system) / 1000 }));
});
`;

interface Sample {
  readonly initMs: number;
  readonly initCpuMs: number;
}

interface Variant {
  readonly label: string;
  readonly bundle: HandlerBundle;
  readonly env: Readonly<Record<string, string>>;
}

async function sample(variant: Variant): Promise<Sample> {
  const { stdout } = await run(process.execPath, ['-e', probe, variant.bundle.outfile], { env: { ...process.env, ...coldStartEnvironment, ...variant.env } });
  return JSON.parse(stdout) as Sample;
}

/** The POST /payments handler of `commit`, bundled: its sources are unpacked beside this checkout's node_modules. */
async function bundleAt(commit: string, outDir: string): Promise<HandlerBundle> {
  const { stdout: sha } = await run('git', ['-C', root, 'rev-parse', '--short', `${commit}^{commit}`]);
  const tree = path.join(outDir, sha.trim());
  await mkdir(tree, { recursive: true });
  await run('sh', ['-c', `git -C "${root}" archive ${sha.trim()} lambda infra/definitions | tar -x -C "${tree}"`]);
  return bundleHandler(path.join(tree, 'lambda/handlers/create-payment.ts'), path.join(outDir, `create-payment-${sha.trim()}.mjs`));
}

const outDir = path.join(root, '.bench-out', 'observability');
const before = await bundleAt(beforeCommit, outDir);
const logs = await bundleAt(logsCommit, outDir);
const complete = await bundleAt(completeCommit, outDir);
const now = await bundleHandler(path.join(root, 'lambda/handlers/create-payment.ts'), path.join(outDir, 'create-payment-now.mjs'));
const { stdout: head } = await run('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
const { stdout: changes } = await run('git', ['-C', root, 'status', '--porcelain', '--', 'lambda', 'infra/definitions']);
const current = `this checkout (${head.trim()}${changes.trim() === '' ? '' : ' + uncommitted changes'})`;
const variants: Variant[] = [
  { label: `before observability (${beforeCommit})`, bundle: before, env: {} },
  { label: `logs + metrics (${logsCommit})`, bundle: logs, env: {} },
  { label: `logs + metrics + traces (${completeCommit}), TRACING_ENABLED=false`, bundle: complete, env: { TRACING_ENABLED: 'false' } },
  { label: `logs + metrics + traces (${completeCommit}), TRACING_ENABLED=true`, bundle: complete, env: { TRACING_ENABLED: 'true' } },
  { label: `${current}, TRACING_ENABLED=false`, bundle: now, env: { TRACING_ENABLED: 'false' } },
  { label: `${current}, TRACING_ENABLED=true`, bundle: now, env: { TRACING_ENABLED: 'true' } },
];
const samplesOf = new Map<string, Sample[]>(variants.map((v) => [v.label, []]));
for (let i = 0; i < samples; i += 1) {
  for (const variant of variants) samplesOf.get(variant.label)?.push(await sample(variant));
}
await rm(outDir, { recursive: true, force: true });

const tracingBytes = Object.entries(now.bytesByInput)
  .filter(([input]) => input.includes('node_modules/@opentelemetry/') || input.includes('lambda/tracing/'))
  .reduce((sum, [, bytes]) => sum + bytes, 0);
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
console.log(`Node ${process.version}, ${samples} samples per variant, load average after ${load}; traces' code in the current bundle: ${kib(tracingBytes)} (OpenTelemetry and lambda/tracing)`);
console.log('| POST /payments | bundle | module init, wall, median | module init, CPU time, median | wall-clock samples ms |');
console.log('|---|---|---|---|---|');
for (const variant of variants) {
  const all = samplesOf.get(variant.label) ?? [];
  const ms = (pick: (s: Sample) => number) => `${median(all.map(pick)).toFixed(1)} ms`;
  const listed = all.map((s) => s.initMs.toFixed(0)).join(', ');
  console.log(`| ${variant.label} | ${variant.bundle.bytes} B (${kib(variant.bundle.bytes)}) | ${ms((s) => s.initMs)} | ${ms((s) => s.initCpuMs)} | ${listed} |`);
}
