import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import type { FromWorker, InvokeMessage, SerializedError, WorkerSetup } from './worker-messages.js';

/** How an invocation ended, as the runner must answer it. */
export type InvocationOutcome =
  | { readonly kind: 'returned'; readonly value: unknown; readonly instance: number }
  | { readonly kind: 'threw'; readonly error: SerializedError; readonly instance: number }
  /** The function ran out of time; the instance was stopped and replaced. */
  | { readonly kind: 'timed-out'; readonly instance: number }
  /** The instance died mid-invocation (fault injection or a crash); it was replaced. */
  | { readonly kind: 'crashed'; readonly exitCode: number; readonly instance: number };

/** One function invocation to run on some free instance. */
export interface Invocation {
  readonly routeId: string;
  readonly functionName: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly event: APIGatewayProxyEventV2WithIAMAuthorizer;
  readonly crashAfterClaim: boolean;
}

/** Options of {@link InstancePool}. */
export interface InstancePoolOptions {
  /** Number of simulated Lambda instances (worker threads). */
  readonly instances: number;
  /** Handler modules (absolute paths) by route id; every instance imports all of them. */
  readonly handlers: ReadonlyMap<string, string>;
  /** The complete environment of the handlers: instances do not inherit the runner's. */
  readonly environment: Readonly<Record<string, string>>;
  /** Receives every line the handlers write to stdout or stderr. */
  readonly onLog: (instance: number, line: string) => void;
}

interface Slot {
  readonly instance: number;
  worker: Worker;
  ready: boolean;
  /** The invocation this instance is running, if any. */
  current?: Running | undefined;
  /** When this instance last finished an invocation: the least recently used free one goes next. */
  lastUsed: number;
}

interface Running {
  readonly id: string;
  readonly settle: (outcome: InvocationOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

interface Waiting {
  readonly invocation: Invocation;
  readonly settle: (outcome: InvocationOutcome) => void;
}

// The worker thread gets tsx registered before loading lambda-worker.ts: `--import tsx` in a
// worker's execArgv does not reach the worker's own entry module on Node 20, so a tiny eval
// bootstrap registers tsx's ESM hooks in the thread first (works on Node 20 and 22 alike).
const tsxApiUrl = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const workerUrl = new URL('./lambda-worker.ts', import.meta.url).href;
const bootstrap = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApiUrl)
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })
  .catch((error) => { console.error(error); process.exit(1); });
`;

/**
 * A fixed set of simulated Lambda instances, each a worker thread with its own module state,
 * each running one invocation at a time, like Lambda execution environments. Invocations wait
 * in arrival order for a free instance; the least recently used free instance takes the next
 * one, so concurrent requests land on different instances. An instance that times out or dies
 * is replaced by a fresh one (a cold start).
 */
export class InstancePool {
  readonly #options: InstancePoolOptions;
  readonly #slots: Slot[] = [];
  readonly #waiting: Waiting[] = [];
  readonly #allReadyWaiters: (() => void)[] = [];
  #stopping = false;

  private constructor(options: InstancePoolOptions) {
    this.#options = options;
  }

  /**
   * Starts every instance and waits for their init phase (importing the handlers).
   *
   * @throws Error when an instance fails to start: the handler modules do not load.
   */
  static async start(options: InstancePoolOptions): Promise<InstancePool> {
    if (!Number.isSafeInteger(options.instances) || options.instances < 1) {
      throw new RangeError(`instances must be a positive integer, got ${options.instances}`);
    }
    const pool = new InstancePool(options);
    const starts: Promise<void>[] = [];
    for (let instance = 1; instance <= options.instances; instance++) starts.push(pool.#spawn(instance));
    try {
      await Promise.all(starts);
    } catch (error) {
      await pool.stop();
      throw error;
    }
    return pool;
  }

  /** Number of instances. */
  get size(): number {
    return this.#slots.length;
  }

  /** Resolves once every instance is up (after a replacement's cold start, for instance). */
  whenAllReady(): Promise<void> {
    if (this.#slots.every((slot) => slot.ready)) return Promise.resolve();
    return new Promise((resolve) => this.#allReadyWaiters.push(resolve));
  }

  /** Runs an invocation on the next free instance; never rejects. */
  invoke(invocation: Invocation): Promise<InvocationOutcome> {
    return new Promise((settle) => {
      this.#waiting.push({ invocation, settle });
      this.#dispatch();
    });
  }

  /** Stops every instance; invocations still running or waiting end as crashed. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const waiting of this.#waiting.splice(0)) waiting.settle({ kind: 'crashed', exitCode: 1, instance: 0 });
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #spawn(instance: number): Promise<void> {
    const setup: WorkerSetup = {
      instance,
      tsxApiUrl,
      handlers: [...this.#options.handlers].map(([routeId, file]) => ({ routeId, url: pathToFileURL(file).href })),
    };
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: setup,
      env: { ...this.#options.environment },
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.#options.onLog(instance, line);
      });
    }
    const existing = this.#slots.find((slot) => slot.instance === instance);
    const slot: Slot = existing ?? { instance, worker, ready: false, lastUsed: 0 };
    slot.worker = worker;
    slot.ready = false;
    if (existing === undefined) this.#slots.push(slot);

    return new Promise((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          if (message.error !== undefined) {
            const error = new Error(`instance ${instance} failed to load the handlers: ${message.error.message}`);
            if (message.error.stack !== undefined) error.stack = message.error.stack;
            reject(error);
            void worker.terminate();
            return;
          }
          started = true;
          slot.ready = true;
          resolve();
          if (this.#slots.every((other) => other.ready)) for (const waiter of this.#allReadyWaiters.splice(0)) waiter();
          this.#dispatch();
          return;
        }
        const running = slot.current;
        if (running?.id !== message.invocationId) return;
        this.#finish(slot, running);
        running.settle(
          message.ok
            ? { kind: 'returned', value: message.value, instance }
            : { kind: 'threw', error: message.error ?? { name: 'Error', message: 'unknown error' }, instance },
        );
      });
      worker.on('error', (error) => {
        this.#options.onLog(instance, `uncaught error: ${error.stack ?? error.message}`);
      });
      worker.on('exit', (exitCode) => {
        if (slot.worker !== worker) return; // an instance already replaced (after a timeout)
        slot.ready = false;
        if (!started) {
          reject(new Error(`instance ${instance} exited with code ${exitCode} before it was ready`));
          return;
        }
        const running = slot.current;
        if (running !== undefined) {
          this.#finish(slot, running);
          running.settle({ kind: 'crashed', exitCode, instance });
        }
        this.#replace(instance);
      });
    });
  }

  #replace(instance: number): void {
    if (this.#stopping) return;
    this.#spawn(instance).catch((error: unknown) => {
      this.#options.onLog(instance, `could not restart: ${error instanceof Error ? error.message : String(error)}`);
      // Try again a little later rather than leave the pool one instance short for good.
      setTimeout(() => {
        this.#replace(instance);
      }, 1_000).unref();
    });
  }

  #finish(slot: Slot, running: Running): void {
    clearTimeout(running.timer);
    slot.current = undefined;
    slot.lastUsed = performance.now();
    // Let the next waiting invocation in once this one's outcome has been delivered.
    queueMicrotask(() => {
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#waiting.length > 0) {
      const free = this.#slots.filter((slot) => slot.ready && slot.current === undefined);
      if (free.length === 0) return;
      free.sort((a, b) => a.lastUsed - b.lastUsed);
      const slot = free[0];
      const next = this.#waiting.shift();
      if (slot === undefined || next === undefined) return;
      this.#start(slot, next);
    }
  }

  #start(slot: Slot, { invocation, settle }: Waiting): void {
    const id = randomUUID();
    const worker = slot.worker;
    const timer = setTimeout(() => {
      // Lambda stops a timed-out invocation and discards its execution environment.
      if (slot.current?.id !== id) return;
      this.#finish(slot, running);
      settle({ kind: 'timed-out', instance: slot.instance });
      slot.ready = false;
      // The exit handler replaces the instance.
      void worker.terminate();
    }, invocation.timeoutMs);
    const running: Running = { id, settle, timer };
    slot.current = running;
    slot.lastUsed = performance.now();
    const message: InvokeMessage = {
      type: 'invoke',
      invocationId: id,
      routeId: invocation.routeId,
      functionName: invocation.functionName,
      memoryMb: invocation.memoryMb,
      deadline: Date.now() + invocation.timeoutMs,
      event: invocation.event,
      crashAfterClaim: invocation.crashAfterClaim,
    };
    worker.postMessage(message);
  }
}
