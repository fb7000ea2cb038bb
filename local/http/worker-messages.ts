import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';

/** What a simulated Lambda instance learns once, when its worker thread starts. */
export interface WorkerSetup {
  /** 1-based number of the instance, for logs. */
  readonly instance: number;
  /** URL of tsx's ESM API, registered first so the worker can import TypeScript handlers. */
  readonly tsxApiUrl: string;
  /** Handler modules to import at start-up (the instance's init phase), by route id. */
  readonly handlers: readonly { readonly routeId: string; readonly url: string }[];
}

/** One invocation handed to an instance. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly invocationId: string;
  readonly routeId: string;
  readonly functionName: string;
  readonly memoryMb: number;
  /** Epoch milliseconds at which the function times out. */
  readonly deadline: number;
  readonly event: APIGatewayProxyEventV2WithIAMAuthorizer;
  /**
   * Fault injection (demo and tests only): the instance dies the moment DynamoDB acknowledges
   * the invocation's first write, which for every POST handler is the idempotency claim.
   */
  readonly crashAfterClaim: boolean;
}

/** Messages from the runner to an instance. */
export type ToWorker = InvokeMessage;

/** The instance finished its init phase (or failed it). */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly error?: SerializedError;
}

/** The handler returned (`ok`) or threw. */
export interface ResultMessage {
  readonly type: 'result';
  readonly invocationId: string;
  readonly ok: boolean;
  /** The handler's return value when `ok`, as structured clone allows. */
  readonly value?: unknown;
  readonly error?: SerializedError;
}

/** Messages from an instance to the runner. */
export type FromWorker = ReadyMessage | ResultMessage;

/** An error as it crosses the thread boundary (for logs only: never sent to a client). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}
