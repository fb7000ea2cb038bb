import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Problem, problemResponse } from '../http/problem.js';
import { resultOf, storedResponseOf, type StoredResponse } from './stored-response.js';

/** Every response the middleware itself produces. */
export const idempotencyResponses = {
  /** 400: the request carries no key. */
  keyMissing(headerName: string): APIGatewayProxyStructuredResultV2 {
    return problemResponse(new Problem({
      status: 400,
      code: 'idempotency_key_missing',
      title: 'Idempotency key missing',
      detail: `This request needs an ${headerName} header: 1-255 visible ASCII characters, unique per operation.`,
    }));
  },

  /** 400: the key is malformed; `reason` says how (it never quotes the key). */
  keyInvalid(headerName: string, reason: string): APIGatewayProxyStructuredResultV2 {
    return problemResponse(new Problem({
      status: 400,
      code: 'idempotency_key_invalid',
      title: 'Idempotency key invalid',
      detail: `The ${headerName} header is malformed: ${reason}.`,
    }));
  },

  /** 409: another invocation holds the key; retry after `retryAfterSeconds`. */
  inProgress(retryAfterSeconds: number): APIGatewayProxyStructuredResultV2 {
    return problemResponse(new Problem({
      status: 409,
      code: 'idempotency_request_in_progress',
      title: 'Request in progress',
      detail: 'A request with this idempotency key is being processed. Retry later with the same key.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    }));
  },

  /** 422: the key was used for another request (other body, method or path). */
  keyReused(): APIGatewayProxyStructuredResultV2 {
    return problemResponse(new Problem({
      status: 422,
      code: 'idempotency_key_reused',
      title: 'Idempotency key reused',
      detail: 'This idempotency key was used for a different request. Use a new key for a new operation.',
    }));
  },

  /** The first answer of a request whose completion committed: exactly what replays will send, unmarked. */
  first(response: StoredResponse): APIGatewayProxyStructuredResultV2 {
    return resultOf(response);
  },

  /** The stored response again, marked as a replay. */
  replay(response: StoredResponse): APIGatewayProxyStructuredResultV2 {
    return resultOf(response, { 'idempotent-replayed': 'true' });
  },
};

/**
 * What replays of a completed request get when its response was too large to store: a fixed
 * 409 (not a 5xx, which would invite a retry that can never succeed), telling the client the
 * operation did complete.
 */
export function unavailableResponse(): StoredResponse {
  const problem = problemResponse(new Problem({
    status: 409,
    code: 'idempotency_response_unavailable',
    title: 'Response unavailable',
    detail: 'The request with this idempotency key completed, but its response was too large to keep for replay. Read the result with a GET.',
  }));
  return storedResponseOf(problem);
}
