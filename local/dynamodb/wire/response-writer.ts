/**
 * Writes one server's answers: serialized bodies with their CRC32, error bodies cached per
 * server, and answers held and written in batches. Everything that changes lives on the
 * writer, so two servers in one process share nothing.
 */
import type { ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { DynamoDBError } from '../errors.js';

/** A response body with its CRC32 (sent as `x-amz-crc32`), computed over the bytes sent. */
export interface Body {
  readonly bytes: Buffer;
  readonly crc: number;
}

/** The body `bytes` make, with their CRC32. */
export function bodyOf(bytes: Buffer): Body {
  return { bytes, crc: crc32(bytes) };
}

/** `{}`: what PutItem, UpdateItem and DeleteItem without ReturnValues, and transactions, answer. */
const emptyObjectBody = bodyOf(Buffer.from('{}'));

/** How many distinct error bodies a writer keeps; validation messages quote request values. */
const maxErrorBodies = 256;

interface HeldResponse {
  readonly res: ServerResponse;
  readonly bytes: Buffer;
}

/** The answering side of one server's wire handler. */
export class ResponseWriter {
  /**
   * Answers are sent in batches, as Redis does: a response finished while handling the requests
   * that one poll of the event loop delivered is held until all of them are handled, then all
   * are written back to back (in the check phase, right after that poll). The engine is
   * synchronous, so a held answer waits only for the CPU work of its batch. On a busy server
   * each write that finds its client asleep pays for waking it (on loopback the sender runs the
   * receiver's TCP stack and wake-up); written together, one wake-up serves the batch
   * (measured in docs/benchmarks.md, Engine).
   */
  #held: HeldResponse[] = [];
  /**
   * Bodies of errors that carry only a type and a message (a failed condition, most validation
   * errors), serialized once: a client retrying the same failing request gets the same bytes.
   */
  readonly #errorBodies = new Map<string, Body>();

  readonly #writeHeld = (): void => {
    const batch = this.#held;
    this.#held = [];
    for (const { res, bytes } of batch) {
      // A client that went away meanwhile only loses its own answer.
      if (!res.destroyed) res.end(bytes);
    }
  };

  /** Sends `body` with DynamoDB's headers, in this turn's batch. */
  send(res: ServerResponse, status: number, contentType: string, requestId: string, body: Body): void {
    res.writeHead(status, {
      'content-type': contentType,
      'content-length': body.bytes.length,
      'x-amzn-requestid': requestId,
      'x-amz-crc32': body.crc,
    });
    if (this.#held.length === 0) setImmediate(this.#writeHeld);
    this.#held.push({ res, bytes: body.bytes });
  }

  /** Sends an operation's result as JSON. */
  sendResult(res: ServerResponse, contentType: string, requestId: string, result: unknown): void {
    const json = JSON.stringify(result);
    this.send(res, 200, contentType, requestId, json === '{}' ? emptyObjectBody : bodyOf(Buffer.from(json)));
  }

  /** Sends a DynamoDB error with its status, `__type` and message. */
  sendError(res: ServerResponse, contentType: string, requestId: string, error: DynamoDBError): void {
    this.send(res, error.status, contentType, requestId, this.#errorBody(error));
  }

  /**
   * Sends what `error` means to a client: a DynamoDBError as itself, anything else logged and
   * answered as a generic 500 InternalServerError that says nothing internal.
   */
  sendFailure(res: ServerResponse, contentType: string, requestId: string, operation: string, error: unknown): void {
    if (error instanceof DynamoDBError) {
      this.sendError(res, contentType, requestId, error);
      return;
    }
    console.error(`[dynamodb] ${operation} failed (request ${requestId}):`, error);
    this.sendError(res, contentType, requestId, new DynamoDBError('InternalServerError', 'Internal server error'));
  }

  #errorBody(error: DynamoDBError): Body {
    if (Object.keys(error.extra).length > 0) return bodyOf(Buffer.from(JSON.stringify(error.toBody())));
    const key = `${error.type}\u0000${error.message}`;
    let body = this.#errorBodies.get(key);
    if (body === undefined) {
      body = bodyOf(Buffer.from(JSON.stringify(error.toBody())));
      if (this.#errorBodies.size >= maxErrorBodies) this.#errorBodies.clear();
      this.#errorBodies.set(key, body);
    }
    return body;
  }
}
