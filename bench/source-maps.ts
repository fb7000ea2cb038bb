/**
 * `npx tsx bench/source-maps.ts [samples]`: does shipping source maps with
 * `--enable-source-maps` cost the POST /payments function at cold start? Bundles the handler
 * with the stack's settings, then imports it in fresh Node processes with and without the flag,
 * alternating so drift of a shared machine hits both alike, and times the first `error.stack`
 * read through a frame of the bundle (what an error log line pays once per instance).
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { tables } from '../infra/definitions/tables.js';
import { bundleHandler } from './api/bundle-handler.js';
import { measureImportTime } from './api/measure-import-time.js';
import { median } from './api/median.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = Number(process.argv[2] ?? '40');
if (!Number.isSafeInteger(samples) || samples < 1) throw new Error(`samples must be a positive whole number, got ${process.argv[2] ?? ''}`);

const environment = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  ...Object.fromEntries(tables.map((table) => [table.envVar, table.localName])),
};

// Runs in the child: the handler reads `event.headers` first; a getter there captures a stack
// whose top frames are in the bundle, and times the first read of `.stack` (with the flag on,
// Node maps every frame through the bundle's source map, parsing it on first use).
const stackProbe = `
const { pathToFileURL } = require('node:url');
import(pathToFileURL(process.argv[1]).href).then(async ({ handler }) => {
  let ms = Number.NaN;
  const event = new Proxy({}, { get(_target, name) {
    if (Number.isNaN(ms)) {
      const error = new Error('probe');
      const t0 = process.hrtime.bigint();
      void error.stack;
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    return undefined;
  } });
  const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'probe', functionName: 'probe' };
  try { await handler(event, context); } catch {}
  process.stdout.write(String(ms));
});
`;

async function firstStackMs(bundle: string, nodeOptions: readonly string[]): Promise<number> {
  const { stdout } = await run(process.execPath, [...nodeOptions, '-e', stackProbe, pathToFileURL(bundle).pathname], {
    env: { ...process.env, ...environment },
  });
  return Number(stdout);
}

const outDir = path.join(root, '.bench-out', 'source-maps');
const bundle = await bundleHandler(path.join(root, 'lambda/handlers/create-payment.ts'), path.join(outDir, 'create-payment.mjs'));
const variants = [
  { label: 'without source maps', options: [] as string[] },
  { label: '`--enable-source-maps`', options: ['--enable-source-maps'] },
];
const init = new Map<string, number[]>(variants.map((v) => [v.label, []]));
const stack = new Map<string, number[]>(variants.map((v) => [v.label, []]));
for (let i = 0; i < samples; i += 1) {
  for (const variant of variants) {
    const { samplesMs } = await measureImportTime(bundle.outfile, environment, 1, variant.options);
    init.get(variant.label)?.push(...samplesMs);
    stack.get(variant.label)?.push(await firstStackMs(bundle.outfile, variant.options));
  }
}
await rm(outDir, { recursive: true, force: true });

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
console.log(`POST /payments bundle: ${(bundle.bytes / 1024).toFixed(1)} KiB, Node ${process.version}, ${samples} samples per variant`);
console.log('| NODE_OPTIONS | module init median | p90 | first `error.stack` median | p90 |');
console.log('|---|---|---|---|---|');
for (const variant of variants) {
  const i = init.get(variant.label) ?? [];
  const s = stack.get(variant.label) ?? [];
  console.log(
    `| ${variant.label} | ${median(i).toFixed(1)} ms | ${quantile(i, 0.9).toFixed(1)} ms | ${median(s).toFixed(2)} ms | ${quantile(s, 0.9).toFixed(2)} ms |`,
  );
}
