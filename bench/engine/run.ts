/**
 * `npm run bench:engine [-- --duration-ms 3000 --warmup-ms 500 --concurrency 1,32 --raw-rounds 3 --targets engine,dynalite,bare --no-write]`
 *
 * Measures PutItem, GetItem, a failing conditional PutItem and a 3-put TransactWriteItems
 * through the stock SDK client against this engine, dynalite, and a bare node:http server
 * answering canned responses (the ceiling), side by side in one run; prints the table and
 * writes it into docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { cpus, loadavg, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { measure, type Measurement } from './measure.js';
import { measureInProcess } from './measure-in-process.js';
import { measureRaw } from './measure-raw.js';
import { engineSection, logicTable, medianRound, resultsTable, type LogicRow, type ResultRow, type TargetName, writeEngineSection } from './report.js';
import { benchOperations, prepareTarget } from './workload.js';

interface Target {
  readonly name: TargetName;
  readonly endpoint: string;
  readonly child: ChildProcess;
  readonly client: DynamoDBClient;
  /** The server process's CPU time so far, in microseconds. */
  readonly cpuMicros: () => Promise<number>;
}

const { values } = parseArgs({
  options: {
    'duration-ms': { type: 'string', default: '3000' },
    'warmup-ms': { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '1,32' },
    'raw-rounds': { type: 'string', default: '3' },
    targets: { type: 'string', default: 'engine,dynalite,bare' },
    'no-write': { type: 'boolean', default: false },
  },
});

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
}

const durationMs = positiveInteger(values['duration-ms'], 'duration-ms');
const warmupMs = positiveInteger(values['warmup-ms'], 'warmup-ms');
const concurrencies = values.concurrency.split(',').map((text) => positiveInteger(text, 'concurrency'));
const maxConcurrency = Math.max(...concurrencies);
const rawRounds = positiveInteger(values['raw-rounds'], 'raw-rounds');

function startTarget(name: TargetName): Promise<Target> {
  const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', serve, name], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const waiting: ((line: string) => void)[] = [];
    let listening = false;
    child.once('exit', (code) => {
      reject(new Error(`the ${name} server exited with code ${code ?? 'null'} before listening`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (let newline = output.indexOf('\n'); newline >= 0; newline = output.indexOf('\n')) {
        const line = output.slice(0, newline);
        output = output.slice(newline + 1);
        if (listening) waiting.shift()?.(line);
        else onListening(line);
      }
    });
    const cpuMicros = (): Promise<number> =>
      new Promise((answer) => {
        waiting.push((line) => {
          answer((JSON.parse(line) as { cpuMicros: number }).cpuMicros);
        });
        child.stdin?.write('cpu\n');
      });
    const onListening = (line: string): void => {
      listening = true;
      const { port } = JSON.parse(line) as { port: number };
      child.removeAllListeners('exit');
      const client = new DynamoDBClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
        maxAttempts: 1,
        requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: maxConcurrency * 2 }) },
      });
      resolve({ name, endpoint: `http://127.0.0.1:${port}`, child, client, cpuMicros });
    };
  });
}

/** Runs `cell` and adds the server's CPU time per operation to its measurement. */
async function withServerCpu(target: Target, cell: () => Promise<Measurement>): Promise<Measurement> {
  const before = await target.cpuMicros();
  const measurement = await cell();
  const after = await target.cpuMicros();
  return { ...measurement, serverCpuMicrosPerOp: (after - before) / measurement.operations };
}

const knownTargets: readonly TargetName[] = ['engine', 'dynalite', 'bare'];
const chosenTargets = knownTargets.filter((name) => values.targets.split(',').includes(name));
const targets = await Promise.all(chosenTargets.map(startTarget));
try {
  for (const target of targets) if (target.name !== 'bare') await prepareTarget(target.client);

  const rows: ResultRow[] = [];
  for (const operation of benchOperations) {
    for (const concurrency of concurrencies) {
      const results: ResultRow['results'] = {};
      // Targets take turns within a row, so a burst of load from elsewhere on a shared machine
      // hits one row's cells alike rather than one target's whole column.
      for (const target of targets) {
        if (target.name === 'dynalite' && !operation.dynalite) continue;
        results[target.name] = await withServerCpu(target, () => measure(target.client, operation, { concurrency, durationMs, warmupMs }));
        process.stderr.write('.');
      }
      rows.push({ operation: operation.name, concurrency, results });
    }
  }
  const rawRows: ResultRow[] = [];
  for (const operation of benchOperations) {
    // On a shared machine one round says little: the targets take turns, round after round, and
    // each target's median round is reported beside the spread of the per-round ratios.
    const rounds: Partial<Record<TargetName, Measurement[]>> = {};
    for (let round = 0; round < rawRounds; round += 1) {
      for (const target of targets) {
        if (target.name === 'dynalite' && !operation.dynalite) continue;
        const measured = await withServerCpu(target, () => measureRaw(target.endpoint, operation.raw, maxConcurrency, durationMs));
        (rounds[target.name] ??= []).push(measured);
        process.stderr.write('.');
      }
    }
    const results: ResultRow['results'] = {};
    for (const name of knownTargets) {
      const measured = rounds[name];
      const median = measured === undefined ? undefined : medianRound(measured);
      if (median !== undefined) results[name] = median;
    }
    rawRows.push({ operation: operation.name, concurrency: maxConcurrency, results, rounds });
  }
  const engineMicros = measureInProcess(
    benchOperations.map((operation) => operation.raw),
    durationMs,
  );
  const logicRows: LogicRow[] = benchOperations.map((operation, index) => ({
    operation: operation.name,
    engineMicros: engineMicros[index] ?? Number.NaN,
    bareMicros: rawRows[index]?.results.bare?.serverCpuMicrosPerOp,
    dynaliteMicros: rawRows[index]?.results.dynalite?.serverCpuMicrosPerOp,
  }));
  process.stderr.write('\n');
  console.log('Through the stock SDK client:');
  console.log(resultsTable(rows));
  console.log('\nServer capacity (autocannon, pre-built requests, no SDK):');
  console.log(resultsTable(rawRows));
  console.log('\nEngine logic alone (in process, no HTTP), and the server cost it implies:');
  console.log(logicTable(logicRows));

  if (!values['no-write']) {
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const section = engineSection(
      rows,
      rawRows,
      logicRows,
      {
        date: new Date().toISOString().slice(0, 10),
        command: `npm run bench:engine${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
        cpu,
        cores: cpus().length,
        node: process.version,
        platform: `${platform()} ${release()}`,
        loadAverage: loadavg().map((load) => load.toFixed(2)).join(' / '),
        durationMs,
        warmupMs,
        rawRounds,
      },
      await readFile(fileURLToPath(new URL('./notes.md', import.meta.url)), 'utf8'),
    );
    await writeEngineSection(fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url)), section);
    console.log('Written to docs/benchmarks.md');
  }
} finally {
  for (const target of targets) {
    target.client.destroy();
    target.child.stdin?.end();
    target.child.kill();
  }
}
