import { setTimeout as sleep } from 'node:timers/promises';
import type { InProcessResponse } from '../../../local/http/invoke-in-process.js';

/** What a well-behaved client saw while retrying one request with the same key. */
export interface RetryHistory {
  readonly final: InProcessResponse;
  /** Status (and problem code) of every attempt, in order. */
  readonly attempts: readonly string[];
}

/**
 * Sends a request the way a careful client does: on a 5xx, or a 409 saying the key is in
 * progress, it waits (Retry-After when given, capped) and sends the same request again with
 * the same key, up to `maxAttempts`. `send(n)` makes attempt n (so attempts can land on
 * different instances).
 *
 * @throws when every attempt failed.
 */
export async function sendWithClientRetries(
  send: (attempt: number) => Promise<InProcessResponse>,
  maxAttempts = 12,
  maxWaitMs = 3_000,
): Promise<RetryHistory> {
  const attempts: string[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const response = await send(attempt);
    const code = problemCode(response);
    attempts.push(code === undefined ? String(response.status) : `${response.status} ${code}`);
    const inProgress = response.status === 409 && code === 'idempotency_request_in_progress';
    if (response.status < 500 && !inProgress) return { final: response, attempts };
    const retryAfter = Number(response.headers['retry-after'] ?? '0');
    await sleep(Math.min(maxWaitMs, Math.max(100, retryAfter * 1000)));
  }
  throw new Error(`no settled answer after ${maxAttempts} attempts: ${attempts.join(', ')}`);
}

/** The `code` of a problem+json response, if it is one. */
export function problemCode(response: { readonly text: string }): string | undefined {
  try {
    const parsed = JSON.parse(response.text) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : undefined;
  } catch {
    return undefined;
  }
}
