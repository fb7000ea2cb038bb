import { parseJsonObject } from '../../lambda/shared/json-object.js';

/**
 * What one line a function printed is: an embedded-metric-format blob (Powertools Metrics), a
 * structured log line (Powertools Logger, or any JSON object), or plain text (a stack trace, a
 * library's warning).
 */
export type FunctionLine =
  | { readonly kind: 'metrics'; readonly route: string; readonly counts: Readonly<Record<string, number>> }
  | { readonly kind: 'log'; readonly record: Readonly<Record<string, unknown>> }
  | { readonly kind: 'text'; readonly text: string };

// Powertools prints every EMF blob as JSON starting with its `_aws` member.
const emfPrefix = '{"_aws":';

/** Says whether `line` is an EMF blob, without parsing it (the runner sees every line). */
export function isEmfLine(line: string): boolean {
  return line.startsWith(emfPrefix);
}

/** Reads one line of a function's output. */
export function parseFunctionLine(line: string): FunctionLine {
  if (!line.startsWith('{')) return { kind: 'text', text: line };
  const record = parseJsonObject(line);
  if (record === undefined) return { kind: 'text', text: line };
  return metricsOf(record) ?? { kind: 'log', record };
}

/** The counts of an EMF blob (a metric's list of values is summed), or undefined when it is not one. */
function metricsOf(record: Readonly<Record<string, unknown>>): FunctionLine | undefined {
  const aws = record._aws;
  if (typeof aws !== 'object' || aws === null) return undefined;
  const directives = (aws as { CloudWatchMetrics?: unknown }).CloudWatchMetrics;
  if (!Array.isArray(directives)) return undefined;
  const counts: Record<string, number> = {};
  for (const directive of directives as unknown[]) {
    const metrics = (directive as { Metrics?: unknown } | null)?.Metrics;
    if (!Array.isArray(metrics)) continue;
    for (const metric of metrics as unknown[]) {
      const name = (metric as { Name?: unknown } | null)?.Name;
      if (typeof name !== 'string') continue;
      const value = record[name];
      const values = Array.isArray(value) ? (value as unknown[]) : [value];
      const sum = values.reduce<number>((total, one) => total + (typeof one === 'number' && Number.isFinite(one) ? one : 0), 0);
      counts[name] = (counts[name] ?? 0) + sum;
    }
  }
  const route = typeof record.route === 'string' ? record.route : '(no route)';
  return { kind: 'metrics', route, counts };
}
