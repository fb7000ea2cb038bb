/**
 * Formats the benchmark's results as a Markdown table and writes them into docs/benchmarks.md,
 * inside this benchmark's own delimited section (other sections of the file are left alone).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Measurement } from './measure.js';

/** The targets, in column order. */
export type TargetName = 'engine' | 'dynalite' | 'bare';

/** One row: an operation at one concurrency, measured on each target that supports it. */
export interface ResultRow {
  readonly operation: string;
  readonly concurrency: number;
  readonly results: Partial<Record<TargetName, Measurement>>;
  /**
   * Every round's measurement when the cell was measured in several rounds (targets taking
   * turns within each round); `results` then holds each target's median round.
   */
  readonly rounds?: Partial<Record<TargetName, readonly Measurement[]>>;
}

/** The round with the median throughput (the lower middle one for an even count). */
export function medianRound(rounds: readonly Measurement[]): Measurement | undefined {
  const sorted = [...rounds].sort((a, b) => a.opsPerSecond - b.opsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The engine's own cost for one operation, beside the servers' measured CPU per request. */
export interface LogicRow {
  readonly operation: string;
  /** CPU per call of parse + Engine.handle + serialize, in process. */
  readonly engineMicros: number;
  /** The bare server's measured CPU per request (the HTTP layer alone), when measured. */
  readonly bareMicros: number | undefined;
  /** dynalite's measured CPU per request, when it supports the operation. */
  readonly dynaliteMicros: number | undefined;
}

/**
 * The engine-logic table: its cost per operation, and the server cost and ratios it implies if
 * the engine's HTTP layer cost what the bare server's does.
 */
export function logicTable(rows: readonly LogicRow[]): string {
  const lines = [
    '| operation | engine logic, µs CPU/op | bare server, µs CPU/op | implied engine server, µs CPU/op | implied share of bare ceiling | implied / dynalite |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const implied = row.bareMicros === undefined ? undefined : row.bareMicros + row.engineMicros;
    const share = implied === undefined || row.bareMicros === undefined ? 'n/a' : `${Math.round((100 * row.bareMicros) / implied)}%`;
    const versus = implied === undefined || row.dynaliteMicros === undefined ? 'n/a' : `${(row.dynaliteMicros / implied).toFixed(2)}x`;
    lines.push(
      `| ${row.operation} | ${row.engineMicros.toFixed(1)} | ${row.bareMicros === undefined ? 'n/a' : row.bareMicros.toFixed(1)} | ${implied === undefined ? 'n/a' : implied.toFixed(1)} | ${share} | ${versus} |`,
    );
  }
  return lines.join('\n');
}

/** The machine and command a run was made with. */
export interface RunContext {
  readonly date: string;
  readonly command: string;
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverage: string;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Rounds of each autocannon cell. */
  readonly rawRounds: number;
}

const startMarker = '<!-- engine-benchmark:start -->';
const endMarker = '<!-- engine-benchmark:end -->';

function cell(measurement: Measurement | undefined): string {
  if (measurement === undefined) return 'n/a';
  const cpu = measurement.serverCpuMicrosPerOp === undefined ? '' : `, server ${Math.round(measurement.serverCpuMicrosPerOp)} µs CPU/op`;
  return `${Math.round(measurement.opsPerSecond).toLocaleString('en-US')} ops/s, p50 ${measurement.p50Ms.toFixed(2)} ms, p99 ${measurement.p99Ms.toFixed(2)} ms${cpu}`;
}

/** The range of the per-round throughput ratios, when the cell had several rounds. */
function roundRange(ours: readonly Measurement[] | undefined, other: readonly Measurement[] | undefined): string {
  if (ours === undefined || other === undefined || ours.length < 2) return '';
  const ratios = ours.flatMap((round, index) => {
    const theirs = other[index];
    return theirs === undefined ? [] : [round.opsPerSecond / theirs.opsPerSecond];
  });
  if (ratios.length < 2) return '';
  return `; rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}x`;
}

function ratio(ours: Measurement | undefined, other: Measurement | undefined, range = ''): string {
  if (ours === undefined || other === undefined) return 'n/a';
  const throughput = `${(ours.opsPerSecond / other.opsPerSecond).toFixed(2)}x`;
  const oursCpu = ours.serverCpuMicrosPerOp;
  const otherCpu = other.serverCpuMicrosPerOp;
  if (oursCpu === undefined || otherCpu === undefined || oursCpu <= 0) return `${throughput}${range}`;
  // Ops per server CPU-second, ours over theirs: the capacity ratio once the client is not the limit.
  return `${throughput} (CPU ${(otherCpu / oursCpu).toFixed(2)}x)${range}`;
}

/** The results as a Markdown table, one row per operation and concurrency. */
export function resultsTable(rows: readonly ResultRow[]): string {
  const lines = [
    '| operation | conc. | this engine | dynalite | bare node:http | engine / dynalite: ops/s (server CPU efficiency) | engine / bare: ops/s (server CPU efficiency) |',
    '|---|---:|---|---|---|---:|---:|',
  ];
  for (const row of rows) {
    const { engine, dynalite, bare } = row.results;
    const rounds = row.rounds ?? {};
    lines.push(
      `| ${row.operation} | ${row.concurrency} | ${cell(engine)} | ${cell(dynalite)} | ${cell(bare)} | ${ratio(engine, dynalite, roundRange(rounds.engine, rounds.dynalite))} | ${ratio(engine, bare, roundRange(rounds.engine, rounds.bare))} |`,
    );
  }
  return lines.join('\n');
}

/** The whole "Engine" section, between its markers. */
export function engineSection(
  rows: readonly ResultRow[],
  rawRows: readonly ResultRow[],
  logicRows: readonly LogicRow[],
  context: RunContext,
  notes: string,
): string {
  return [
    startMarker,
    '## Engine',
    '',
    `Command: \`${context.command}\` — ${context.date}.`,
    `Machine: ${context.cpu}, ${context.cores} cores, Node ${context.node}, ${context.platform}; load average at start ${context.loadAverage}.`,
    `Each cell: ${context.warmupMs} ms warm-up, then ${context.durationMs} ms measured. Client: the stock \`@aws-sdk/client-dynamodb\`,`,
    'keep-alive agent (maxSockets >= concurrency), in the benchmark process; each server runs in its own child process.',
    '',
    '### Through the stock SDK client',
    '',
    resultsTable(rows),
    '',
    `### Server capacity: the same requests pre-built and replayed by autocannon (no SDK cost), ${context.rawRounds} rounds`,
    '',
    `Each cell ran ${context.rawRounds} times, the targets taking turns within each round; each target's median round is shown, and the ratio columns end with the range of the per-round ratios.`,
    '',
    resultsTable(rawRows),
    '',
    '### Engine logic alone: parse, `Engine.handle`, serialize, in process (no HTTP)',
    '',
    logicTable(logicRows),
    '',
    notes.trim(),
    endMarker,
  ].join('\n');
}

/** Replaces (or appends) the Engine section of `path`, keeping every other section. */
export async function writeEngineSection(path: string, section: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = '# Benchmarks\n';
  }
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  const updated =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + endMarker.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(path, updated);
}
