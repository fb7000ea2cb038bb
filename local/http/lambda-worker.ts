/**
 * One simulated Lambda instance, running in its own worker thread: its own module registry
 * (so its own SDK clients, caches and module state), serving one invocation at a time. Loaded
 * by the bootstrap in instance-pool.ts after tsx is registered in this thread.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';
import type { FromWorker, InvokeMessage, SerializedError, ToWorker, WorkerSetup } from './worker-messages.js';

type Handler = (event: unknown, context: Context) => unknown;

/** Exit code of an instance killed by fault injection (EX_SOFTWARE, as a crashed runtime). */
const crashExitCode = 70;

const port = parentPort;
if (port === null) throw new Error('lambda-worker.ts must run in a worker thread.');
const setup = workerData as WorkerSetup;

/** True while the current invocation asked to die after its first acknowledged write. */
let crashArmed = false;

// Fault injection sees the SDK's HTTP traffic through Node's diagnostics channels, so no handler
// code changes. The channel fires synchronously when the response head arrives, before the SDK
// resolves the call: exiting here means the write is durable in DynamoDB but the handler never
// learns it succeeded, exactly like an instance that dies right after the idempotency claim.
subscribe('http.client.response.finish', (message) => {
  if (!crashArmed) return;
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  const target = request.getHeader('x-amz-target');
  if (response.statusCode === 200 && typeof target === 'string' && /\.(PutItem|UpdateItem)$/.test(target)) {
    process.exit(crashExitCode);
  }
});

const handlers = new Map<string, Handler>();
try {
  // The init phase: every handler entry is imported once, as a cold start would.
  for (const { routeId, url } of setup.handlers) {
    const module = (await import(url)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${url} does not export a function named handler.`);
    handlers.set(routeId, module.handler as Handler);
  }
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'ready', error: serialize(error) });
}

let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  // The runner sends one invocation at a time; chaining keeps that true even if it did not.
  queue = queue.then(() => invoke(message));
});

async function invoke(message: InvokeMessage): Promise<void> {
  const handler = handlers.get(message.routeId);
  if (handler === undefined) {
    send({ type: 'result', invocationId: message.invocationId, ok: false, error: { name: 'Error', message: `no handler for ${message.routeId}` } });
    return;
  }
  const context = lambdaContext({
    functionName: message.functionName,
    memoryMb: message.memoryMb,
    awsRequestId: message.invocationId,
    deadline: message.deadline,
    instance: setup.instance,
  });
  crashArmed = message.crashAfterClaim;
  let result: FromWorker;
  try {
    const value = await handler(message.event, context);
    result = { type: 'result', invocationId: message.invocationId, ok: true, value };
  } catch (error) {
    result = { type: 'result', invocationId: message.invocationId, ok: false, error: serialize(error) };
  } finally {
    crashArmed = false;
  }
  // A worker's output reaches the runner on another channel than its messages: without this, the
  // answer could overtake the invocation's last lines (its metrics, which /_local/metrics counts).
  await Promise.all([delivered(process.stdout), delivered(process.stderr)]);
  send(result);
}

/** Resolves once the runner has taken everything written to `stream` so far. */
function delivered(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => {
      resolve();
    });
  });
}

function send(message: FromWorker): void {
  port?.postMessage(message);
}

function serialize(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  }
  return { name: 'NonError', message: String(error) };
}
