import type { FunctionLine } from './function-output.js';

// Fields every Powertools line carries; the compact form shows the useful ones in fixed places
// (time, level, route, message, cold start, API request id) and drops the rest.
const placedFields = new Set([
  'level',
  'message',
  'timestamp',
  'route',
  'cold_start',
  'api_request_id',
  'service',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'tenant_id',
]);

/**
 * One line of a function's output made readable in a terminal: a log line as
 * `12:03:04.567 INFO  POST /payments idempotency claimed keyHash=7d4b5b4158ce… cold req=…`,
 * an EMF blob as the metrics it counted, text as it is.
 */
export function renderFunctionLine(line: FunctionLine): string {
  switch (line.kind) {
    case 'text':
      return line.text;
    case 'metrics':
      return `${line.route} counted ${Object.entries(line.counts)
        .map(([name, count]) => (count === 1 ? name : `${name}×${count}`))
        .join(' ')}`;
    case 'log':
      return renderLog(line.record);
  }
}

function renderLog(record: Readonly<Record<string, unknown>>): string {
  const { level, message, timestamp, route, cold_start: coldStart, api_request_id: apiRequestId } = record;
  const parts: string[] = [];
  if (typeof timestamp === 'string' && timestamp.length >= 23) parts.push(timestamp.slice(11, 23));
  parts.push(typeof level === 'string' ? level.padEnd(5) : 'LOG  ');
  if (typeof route === 'string') parts.push(route);
  parts.push(typeof message === 'string' ? message : JSON.stringify(message));
  // An idempotency line reads as "idempotency claimed ...".
  if (typeof record.outcome === 'string') parts.push(record.outcome);
  for (const [name, value] of Object.entries(record)) {
    if (placedFields.has(name) || name === 'outcome' || value === undefined) continue;
    parts.push(`${name}=${fieldText(name, value)}`);
  }
  if (coldStart === true) parts.push('cold');
  if (typeof apiRequestId === 'string') parts.push(`req=${apiRequestId}`);
  return parts.join(' ');
}

function fieldText(name: string, value: unknown): string {
  // A key hash is a SHA-256: its first 12 characters find it in a terminal.
  if (name === 'keyHash' && typeof value === 'string' && value.length > 12) return `${value.slice(0, 12)}…`;
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
