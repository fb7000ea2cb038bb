import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { paymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import type { PaymentsDependencies } from '../../lambda/payments/wiring/payments-dependencies.js';
import { dynamoDBCallCounter, type DynamoDBCallCounter } from './dynamodb-call-counter.js';
import { invokeInProcess, type InProcessResponse } from '../../local/http/invoke-in-process.js';
import type { PaymentVariant } from './payment-variants.js';

/** Round trips (and what answered) for one kind of request. */
export interface CallSample {
  readonly calls: number;
  /** Round trips the request waited for one after another (calls sent together count once). */
  readonly sequential: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly status: number;
  /** Problem code of the answer, when it was one. */
  readonly code?: string;
}

/** DynamoDB round trips per request of one variant. */
export interface CallProfile {
  /** A new key and order, the account already known to the instance (warm snapshot). */
  readonly first: CallSample;
  /** A new key and order on an instance that has never seen the account. */
  readonly firstColdAccount: CallSample;
  /** The same key and body again, on another instance (one that has never seen the account). */
  readonly replay: CallSample;
  /** A fresh key for an order already paid (on the instance that paid it). */
  readonly paidOrder: CallSample;
  /** The same key and body again on the instance that completed it, its cache on; undefined without a cache. */
  readonly replayFromCache: CallSample | undefined;
  /** The same key and body while the first request is still running, on another instance. */
  readonly inFlightDuplicate: CallSample;
}

/** Where the call profile runs: the engine and tables of the local API, one funded account. */
export interface CallProfileSetup {
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Builds one instance's dependencies and what closes them. @default the functions' own wiring
   * from `environment`, closed by destroying the client
   */
  readonly dependencies?: () => { readonly deps: PaymentsDependencies; readonly close: () => void };
  readonly callerId: string;
  readonly accountId: string;
  readonly currency: string;
}

interface Instance {
  readonly handler: ReturnType<PaymentVariant['build']>;
  readonly counter: DynamoDBCallCounter;
  readonly close: () => void;
}

/**
 * Counts the DynamoDB round trips of each kind of request the issue names, for one variant,
 * with an SDK middleware on each simulated instance's client. Instances are built in this
 * process from the same factories the local API's workers load, against the same engine and
 * tables; each has its own client and caches, like separate Lambda instances.
 */
export async function measureCallProfile(variant: Pick<PaymentVariant, 'build' | 'hasCache'>, setup: CallProfileSetup): Promise<CallProfile> {
  const instances: Instance[] = [];
  const instance = (cache: boolean, holdTransactionsMs = 0): Instance => {
    const { deps, close } = setup.dependencies?.() ?? functionDependencies(setup.environment);
    const counter = dynamoDBCallCounter(deps.client);
    if (holdTransactionsMs > 0) holdTransactions(deps.client, holdTransactionsMs);
    const built: Instance = { handler: variant.build(quiet(deps), { cache }), counter, close };
    instances.push(built);
    return built;
  };
  const payment = (): { key: string; body: Record<string, unknown> } => ({
    key: `profile-${randomUUID()}`,
    body: { orderId: `profile-${randomUUID()}`, accountId: setup.accountId, amount: 1, currency: setup.currency },
  });
  const send = async (target: Instance, request: { key: string; body: Record<string, unknown> }): Promise<CallSample> => {
    target.counter.reset();
    const response = await invokeInProcess(target.handler, {
      method: 'POST',
      target: '/payments',
      caller: setup.callerId,
      key: request.key,
      body: request.body,
    });
    return sampleOf(target.counter, response);
  };

  try {
    const a = instance(false);
    const firstColdAccount = await send(a, payment());
    const firstRequest = payment();
    const first = await send(a, firstRequest);
    const replay = await send(instance(false), firstRequest);
    const paidOrder = await send(a, { key: `profile-${randomUUID()}`, body: firstRequest.body });

    let replayFromCache: CallSample | undefined;
    if (variant.hasCache) {
      const cached = instance(true);
      const request = payment();
      await send(cached, request);
      replayFromCache = await send(cached, request);
      // A cache filled on the first replay rather than at completion shows on the next one.
      if (replayFromCache.calls > 0) replayFromCache = await send(cached, request);
    }

    // The holder's transaction is held back client-side after its claim, so the duplicate
    // arrives while the first request is certainly still running.
    const holder = instance(false, 600);
    const duplicate = instance(false);
    const request = payment();
    const running = send(holder, request);
    await waitFor(() => holder.counter.total() >= 1);
    await sleep(50);
    const inFlightDuplicate = await send(duplicate, request);
    await running;
    return { first, firstColdAccount, replay, paidOrder, replayFromCache, inFlightDuplicate };
  } finally {
    for (const { close } of instances) close();
  }
}

function functionDependencies(environment: Readonly<Record<string, string>>): { readonly deps: PaymentsDependencies; readonly close: () => void } {
  const deps = paymentsDependenciesFromEnvironment(environment);
  return {
    deps,
    close: () => {
      deps.client.destroy();
    },
  };
}

function sampleOf(counter: DynamoDBCallCounter, response: InProcessResponse): CallSample {
  let code: string | undefined;
  if (response.status >= 400) {
    try {
      const parsed = JSON.parse(response.text) as { code?: unknown };
      if (typeof parsed.code === 'string') code = parsed.code;
    } catch {
      code = undefined;
    }
  }
  return {
    calls: counter.total(),
    sequential: counter.sequential(),
    byOperation: counter.byOperation(),
    status: response.status,
    ...(code === undefined ? {} : { code }),
  };
}

/** Our middleware logs one line per outcome; the benchmark's output is the table, not those lines. */
function quiet(deps: PaymentsDependencies): PaymentsDependencies {
  return { ...deps, idempotency: { ...deps.idempotency, logger: () => undefined } };
}

/** Delays every TransactWriteItems of this client by `ms` before it is sent. */
function holdTransactions(client: DynamoDBClient, ms: number): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') await sleep(ms);
      return next(args);
    },
    { step: 'initialize', name: 'benchHoldTransactions' },
  );
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the first request never reached DynamoDB');
    await sleep(5);
  }
}
