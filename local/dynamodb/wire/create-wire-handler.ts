/**
 * DynamoDB's wire protocol over node:http: `POST /` with `X-Amz-Target: DynamoDB_20120810.<Op>`
 * (or `DynamoDBStreams_20120810.<Op>` for the Streams API) and a JSON body; answers with JSON, `x-amzn-RequestId` and `x-amz-crc32`, errors shaped and
 * coded as DynamoDB sends them. Any SigV4 `Authorization` header is accepted unchecked.
 *
 * The hot path is kept lean: the body is read into one buffer sized from Content-Length, parsed
 * once, the engine runs synchronously, the response is serialized once, and the answers to the
 * requests of one event-loop turn are written together.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { DynamoDBError, validationError } from '../errors.js';
import type { Engine } from '../engine.js';
import type { HostCheck } from '../../host-allowlist.js';
import { bodyOf, ResponseWriter } from './response-writer.js';

const targetPrefix = 'DynamoDB_20120810.';
/** DynamoDB Streams is served on the same endpoint, under its own target prefix. */
const streamsTargetPrefix = 'DynamoDBStreams_20120810.';
const streamsOperations: ReadonlySet<string> = new Set(['ListStreams', 'DescribeStream', 'GetShardIterator', 'GetRecords']);
const maxRequestBytes = 16 * 1024 * 1024;
const healthBody = bodyOf(Buffer.from('healthy: dynamodb.us-east-1.amazonaws.com '));
const unknownOperationXml = bodyOf(Buffer.from('<UnknownOperationException/>\n'));
/**
 * A body over 16 MB. No capture of DynamoDB's own answer (its front end's) was found; DynamoDB
 * documents such a request as rejected whole, as it rejects a request breaking any other limit,
 * so the engine answers a ValidationException (400) in its own words and reads nothing of it.
 */
const requestTooLarge = validationError(`Request size has exceeded the maximum allowed size of ${maxRequestBytes / (1024 * 1024)} MB`);
const hostNotAllowed = new DynamoDBError(
  'AccessDeniedException',
  'The Host header names neither a loopback address nor an allowed host (--allow-host); the request was refused',
);

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
 * The request listener serving `engine` over DynamoDB's JSON protocol, to requests whose `Host`
 * header `isAllowedHost` accepts (others get a 400 AccessDeniedException and change nothing).
 * A thrown value that is not a {@link DynamoDBError} is logged and answered as a generic 500
 * InternalServerError.
 */
export function createWireHandler(engine: Engine, isAllowedHost: HostCheck): RequestListener {
  const nextRequestId = requestIdGenerator();
  const writer = new ResponseWriter();

  return function dynamodbWireHandler(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', () => {
      res.destroy();
    });
    readBody(req, (body) => {
      const requestId = nextRequestId();
      if (!isAllowedHost(req.headers.host)) {
        writer.sendError(res, 'application/x-amz-json-1.0', requestId, hostNotAllowed);
        return;
      }
      if (body === undefined) {
        writer.sendError(res, 'application/x-amz-json-1.0', requestId, requestTooLarge);
        return;
      }
      if (req.method === 'GET') {
        writer.send(res, 200, 'text/plain', requestId, healthBody);
        return;
      }
      const contentType = isJsonContentType(req.headers['content-type']);
      if (req.method !== 'POST' || (body.length > 0 && contentType === undefined)) {
        writer.send(res, 404, 'text/xml', requestId, unknownOperationXml);
        return;
      }
      const responseType = contentType === 'application/x-amz-json-1.1' ? contentType : 'application/x-amz-json-1.0';
      handleRequest(engine, writer, req, res, body, responseType, requestId);
    });
  };
}

function handleRequest(
  engine: Engine,
  writer: ResponseWriter,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  contentType: string,
  requestId: string,
): void {
  let parsed: unknown;
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      writer.sendError(res, contentType, requestId, new DynamoDBError('SerializationException', ''));
      return;
    }
  }
  const target = req.headers['x-amz-target'];
  const operation = typeof target === 'string' ? operationOf(target) : undefined;
  if (operation === undefined || !engine.supports(operation)) {
    writer.sendError(res, contentType, requestId, new DynamoDBError('UnknownOperationException', ''));
    return;
  }
  const authorization = req.headers.authorization;
  if (authorization?.trimStart().startsWith('AWS4-') !== true) {
    writer.sendError(res, contentType, requestId, new DynamoDBError('MissingAuthenticationTokenException', 'Request is missing Authentication Token'));
    return;
  }
  if (body.length === 0) {
    writer.sendError(res, contentType, requestId, new DynamoDBError('SerializationException', ''));
    return;
  }
  let result: unknown;
  try {
    result = engine.handle(operation, parsed);
  } catch (error) {
    writer.sendFailure(res, contentType, requestId, operation, error);
    return;
  }
  if (result instanceof Promise) {
    // Durable storage (the write's fsync) or an injected fault: answer once it settles.
    result.then(
      (settled: unknown) => {
        writer.sendResult(res, contentType, requestId, settled);
      },
      (error: unknown) => {
        writer.sendFailure(res, contentType, requestId, operation, error);
      },
    );
    return;
  }
  writer.sendResult(res, contentType, requestId, result);
}

/** The operation an X-Amz-Target names: a DynamoDB one, or a Streams one under its own prefix. */
function operationOf(target: string): string | undefined {
  if (target.startsWith(targetPrefix)) {
    const operation = target.slice(targetPrefix.length);
    return streamsOperations.has(operation) ? undefined : operation;
  }
  if (target.startsWith(streamsTargetPrefix)) {
    const operation = target.slice(streamsTargetPrefix.length);
    return streamsOperations.has(operation) ? operation : undefined;
  }
  return undefined;
}
