/**
 * DynamoDB's wire protocol over node:http: `POST /` with `X-Amz-Target: DynamoDB_20120810.<Op>`
 * and a JSON body; answers with JSON, `x-amzn-RequestId` and `x-amz-crc32`, errors shaped and
 * coded as DynamoDB sends them. Any SigV4 `Authorization` header is accepted unchecked.
 *
 * The hot path is kept lean: the body is read into one buffer sized from Content-Length, parsed
 * once, the engine runs synchronously, the response is serialized once, and the answers to the
 * requests of one event-loop turn are written together.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { DynamoDBError } from '../errors.js';
import type { Engine } from '../engine.js';

const targetPrefix = 'DynamoDB_20120810.';
const maxRequestBytes = 16 * 1024 * 1024;
const healthBody = bodyOf(Buffer.from('healthy: dynamodb.us-east-1.amazonaws.com '));
const unknownOperationXml = bodyOf(Buffer.from('<UnknownOperationException/>\n'));

/**
 * Request ids look like DynamoDB's (52 upper-case alphanumerics): a random per-process prefix
 * and a counter, so no randomness is drawn per request.
 */
function requestIdGenerator(): () => string {
  const prefix = randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '0').toUpperCase().slice(0, 40).padEnd(40, '0');
  let counter = 0;
  return () => {
    counter += 1;
    return prefix + counter.toString(36).toUpperCase().padStart(12, '0');
  };
}

function isJsonContentType(header: string | undefined): 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1' | 'application/json' | undefined {
  if (header === undefined) return undefined;
  const semicolon = header.indexOf(';');
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  if (type === 'application/x-amz-json-1.0' || type === 'application/x-amz-json-1.1' || type === 'application/json') return type;
  return undefined;
}

/** A response body with its CRC32 (sent as `x-amz-crc32`), computed over the bytes sent. */
interface Body {
  readonly bytes: Buffer;
  readonly crc: number;
}

function bodyOf(bytes: Buffer): Body {
  return { bytes, crc: crc32(bytes) };
}

/** `{}`: what PutItem, UpdateItem and DeleteItem without ReturnValues, and transactions, answer. */
const emptyObjectBody = bodyOf(Buffer.from('{}'));

/**
 * Answers are sent in batches, as Redis does: a response finished while handling the requests
 * that one poll of the event loop delivered is held until all of them are handled, then all are
 * written back to back (in the check phase, right after that poll). The engine itself is
 * synchronous, so a held answer waits only for the CPU work of its batch. What it saves: on a
 * busy server, each write that finds its client asleep pays for waking it (on loopback the
 * sender runs the receiver's TCP stack and wake-up); written together, one wake-up serves the
 * batch. Measured on the benchmark's 3-put transaction at 32 connections: 55 → 37 µs of server
 * CPU per request (docs/benchmarks.md, Engine).
 */
let heldResponses: HeldResponse[] = [];

interface HeldResponse {
  readonly res: ServerResponse;
  readonly bytes: Buffer;
}

function writeHeldResponses(): void {
  const batch = heldResponses;
  heldResponses = [];
  for (const { res, bytes } of batch) {
    // A client that went away meanwhile only loses its own answer.
    if (!res.destroyed) res.end(bytes);
  }
}

function send(res: ServerResponse, status: number, contentType: string, requestId: string, body: Body): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': body.bytes.length,
    'x-amzn-requestid': requestId,
    'x-amz-crc32': body.crc,
  });
  if (heldResponses.length === 0) setImmediate(writeHeldResponses);
  heldResponses.push({ res, bytes: body.bytes });
}

function resultBody(result: unknown): Body {
  const json = JSON.stringify(result);
  return json === '{}' ? emptyObjectBody : bodyOf(Buffer.from(json));
}

/**
 * Bodies of errors that carry only a type and a message (a failed condition, most validation
 * errors), serialized once: a client retrying the same failing request gets the same bytes.
 * Bounded, since validation messages quote request values.
 */
const errorBodies = new Map<string, Body>();
const maxErrorBodies = 256;

function errorBody(error: DynamoDBError): Body {
  if (Object.keys(error.extra).length > 0) return bodyOf(Buffer.from(JSON.stringify(error.toBody())));
  const key = `${error.type}\u0000${error.message}`;
  let body = errorBodies.get(key);
  if (body === undefined) {
    body = bodyOf(Buffer.from(JSON.stringify(error.toBody())));
    if (errorBodies.size >= maxErrorBodies) errorBodies.clear();
    errorBodies.set(key, body);
  }
  return body;
}

function sendError(res: ServerResponse, contentType: string, requestId: string, error: DynamoDBError): void {
  send(res, error.status, contentType, requestId, errorBody(error));
}

function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isInteger(declared) && declared >= 0 && declared <= maxRequestBytes) {
    // A body of a few KB arrives in one chunk, used as is; a longer one is copied into one
    // buffer sized from Content-Length.
    let first: Buffer | undefined;
    let buffer: Buffer | undefined;
    let offset = 0;
    let overflow = false;
    req.on('data', (chunk: Buffer) => {
      if (offset + chunk.length > declared) {
        overflow = true;
        return;
      }
      if (offset === 0) first = chunk;
      else {
        if (buffer === undefined) {
          buffer = Buffer.allocUnsafe(declared);
          first?.copy(buffer, 0);
        }
        chunk.copy(buffer, offset);
      }
      offset += chunk.length;
    });
    req.on('end', () => {
      done(overflow ? undefined : (buffer ?? first ?? Buffer.alloc(0)).subarray(0, offset));
    });
    return;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  req.on('data', (chunk: Buffer) => {
    length += chunk.length;
    if (length <= maxRequestBytes) chunks.push(chunk);
  });
  req.on('end', () => {
    done(length > maxRequestBytes ? undefined : Buffer.concat(chunks, length));
  });
}

/**
 * The request listener serving `engine` over DynamoDB's JSON protocol.
 * A thrown value that is not a {@link DynamoDBError} is logged and answered as a generic 500
 * InternalServerError.
 */
export function createWireHandler(engine: Engine): RequestListener {
  const nextRequestId = requestIdGenerator();

  return function dynamodbWireHandler(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', () => {
      res.destroy();
    });
    readBody(req, (body) => {
      const requestId = nextRequestId();
      if (body === undefined) {
        res.writeHead(413, { 'x-amzn-requestid': requestId, 'content-length': 0 });
        res.end();
        return;
      }
      if (req.method === 'GET') {
        send(res, 200, 'text/plain', requestId, healthBody);
        return;
      }
      const contentType = isJsonContentType(req.headers['content-type']);
      if (req.method !== 'POST' || (body.length > 0 && contentType === undefined)) {
        send(res, 404, 'text/xml', requestId, unknownOperationXml);
        return;
      }
      const responseType = contentType === 'application/x-amz-json-1.1' ? contentType : 'application/x-amz-json-1.0';
      handleRequest(engine, req, res, body, responseType, requestId);
    });
  };
}

function handleRequest(engine: Engine, req: IncomingMessage, res: ServerResponse, body: Buffer, contentType: string, requestId: string): void {
  let parsed: unknown;
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      sendError(res, contentType, requestId, new DynamoDBError('SerializationException', ''));
      return;
    }
  }
  const target = req.headers['x-amz-target'];
  const operation = typeof target === 'string' && target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : undefined;
  if (operation === undefined || !engine.supports(operation)) {
    sendError(res, contentType, requestId, new DynamoDBError('UnknownOperationException', ''));
    return;
  }
  const authorization = req.headers.authorization;
  if (authorization?.trimStart().startsWith('AWS4-') !== true) {
    sendError(res, contentType, requestId, new DynamoDBError('MissingAuthenticationTokenException', 'Request is missing Authentication Token'));
    return;
  }
  if (body.length === 0) {
    sendError(res, contentType, requestId, new DynamoDBError('SerializationException', ''));
    return;
  }
  let result: unknown;
  try {
    result = engine.handle(operation, parsed);
  } catch (error) {
    sendFailure(res, contentType, requestId, operation, error);
    return;
  }
  if (result instanceof Promise) {
    // Durable storage (the write's fsync) or an injected fault: answer once it settles.
    result.then(
      (settled: unknown) => {
        send(res, 200, contentType, requestId, resultBody(settled));
      },
      (error: unknown) => {
        sendFailure(res, contentType, requestId, operation, error);
      },
    );
    return;
  }
  send(res, 200, contentType, requestId, resultBody(result));
}

function sendFailure(res: ServerResponse, contentType: string, requestId: string, operation: string, error: unknown): void {
  if (error instanceof DynamoDBError) {
    sendError(res, contentType, requestId, error);
    return;
  }
  console.error(`[dynamodb] ${operation} failed (request ${requestId}):`, error);
  sendError(res, contentType, requestId, new DynamoDBError('InternalServerError', 'Internal server error'));
}
