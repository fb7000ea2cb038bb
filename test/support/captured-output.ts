import { afterEach, beforeEach, vi } from 'vitest';

/** What a function printed while captured: its stdout and stderr, line by line. */
export interface CapturedOutput {
  /** Every complete line written so far, stdout and stderr in the order written. */
  lines(): string[];
  /** The lines that parse as JSON objects (log lines and EMF blobs). */
  json(): Record<string, unknown>[];
  /** Puts process.stdout and process.stderr back. */
  restore(): void;
}

/**
 * Captures what is written to process.stdout and process.stderr (where Powertools' Logger and
 * Metrics write, through their own Console) instead of printing it.
 */
export function captureOutput(): CapturedOutput {
  const written: string[] = [];
  const capture = (chunk: unknown): boolean => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const lines = (): string[] =>
    written
      .join('')
      .split('\n')
      .filter((line) => line !== '');
  return {
    lines,
    json: () =>
      lines().map((line) => {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`not a JSON object: ${line}`);
        return parsed as Record<string, unknown>;
      }),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

/** The metric values of one EMF blob, by name, with its namespace and dimensions. */
export interface EmfBlob {
  readonly namespace: string;
  readonly dimensions: readonly (readonly string[])[];
  readonly values: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number>>;
}

/** The EMF blobs among `lines` (objects with `_aws.CloudWatchMetrics`), each metric summed. */
export function emfBlobs(lines: readonly Record<string, unknown>[]): EmfBlob[] {
  const blobs: EmfBlob[] = [];
  for (const line of lines) {
    const aws = line._aws as { CloudWatchMetrics?: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } | undefined;
    const [directive] = aws?.CloudWatchMetrics ?? [];
    if (directive === undefined) continue;
    const metrics: Record<string, number> = {};
    for (const { Name } of directive.Metrics) {
      const value = line[Name];
      metrics[Name] = Array.isArray(value) ? value.reduce((sum: number, one) => sum + Number(one), 0) : Number(value);
    }
    blobs.push({ namespace: directive.Namespace, dimensions: directive.Dimensions, values: line, metrics });
  }
  return blobs;
}

/**
 * For a test file about what the functions print: before each test Powertools is switched back
 * on (vitest.config.ts silences it for the rest of the suite), as Lambda runs it (a cold start
 * is reported only with AWS_LAMBDA_INITIALIZATION_TYPE set), and the output is captured; after
 * each, everything is put back. Returns the current test's capture.
 */
export function usePrintedOutput(): () => CapturedOutput {
  let output: CapturedOutput | undefined;
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    output = captureOutput();
  });
  afterEach(() => {
    output?.restore();
    output = undefined;
    vi.unstubAllEnvs();
  });
  return () => {
    if (output === undefined) throw new Error('usePrintedOutput: read the output inside a test');
    return output;
  };
}
