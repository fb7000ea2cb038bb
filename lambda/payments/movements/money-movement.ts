import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as v from 'valibot';
import { IdempotencyLeaseLostError } from '../../idempotency/claim.js';
import type { MovementTransactions, MovementWrite } from '../adapters/movement-transactions.js';
import type { RetryBudget } from '../adapters/retry-budget.js';
import type { Refusal } from '../domain/refusal.js';
import type { MovementState } from './movement-state.js';

type Response = APIGatewayProxyStructuredResultV2;

/** What a plan decided from what the request knows. */
export type PlanStep<Created> =
  /** Commit `writes`; once committed, the movement created `created`. */
  | { readonly kind: 'commit'; readonly writes: readonly MovementWrite[]; readonly created: Created }
  /** Refuse, for a business reason. */
  | { readonly kind: 'refuse'; readonly refusal: Refusal }
  /** The decision needs fresh state: read again what came from the instance's caches, then plan again. */
  | { readonly kind: 'refresh' };

/** What a plan sees. */
export interface PlanContext {
  readonly state: MovementState;
  /** The movement's timestamp (ISO 8601), taken when this plan started. */
  readonly at: string;
}

/** Plans one request's movement; called again whenever the state it planned from moved. */
export type Planner<Created> = (context: PlanContext) => Promise<PlanStep<Created>>;

/** The success answer of a movement, before it becomes HTTP. */
export interface Reply {
  readonly status: 201;
  readonly body: Readonly<Record<string, unknown>>;
  /** The created resource's path, for `Location`. */
  readonly location?: string;
}

/**
 * A money movement's rules, and nothing else: its input, what it reads and writes (its
 * planner), and its answer. The runner owns everything they share.
 */
export interface MoneyMovement<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created> {
  /** Short, stable name, for logs and metrics. */
  readonly name: string;
  readonly body: TBody;
  /** Treat an absent or empty body as `{}` (when every field is optional). */
  readonly emptyBodyAsObject?: boolean;
  readonly path: TPath;
  /**
   * The account the movement will read, when the request names it: on an instance without its
   * snapshot, the read starts while the idempotency claim is in flight, so a first charge costs
   * two sequential round trips instead of three (a replay then wastes that read, not time).
   */
  accountOf?(request: MovementRequest<TBody, TPath>): string;
  /**
   * For a movement that pays orders: the order a request would pay, and the order a committed
   * movement paid. With a shared cache, the paid order's marker then answers a fresh key for it
   * with `409 order_already_paid` and no DynamoDB call.
   */
  readonly paysOrder?: {
    orderOf(request: MovementRequest<TBody, TPath>): OrderTerms;
    paidOrderOf(created: Created): OrderTerms & { readonly paymentId: string };
  };
  /** Starts one request: mints its ids once, and returns its planner. */
  start(request: MovementRequest<TBody, TPath>, caller: string): Planner<Created>;
  reply(created: Created): Reply;
}

/** The order a payment is for, on which account, in which currency. */
export interface OrderTerms {
  readonly orderId: string;
  readonly accountId: string;
  readonly currency: string;
}

/** The validated input of a movement. */
export interface MovementRequest<TBody extends v.GenericSchema, TPath extends v.GenericSchema> {
  readonly body: v.InferOutput<TBody>;
  readonly path: v.InferOutput<TPath>;
}

/**
 * What a movement's transaction needs from idempotency: the idempotency middleware's claim
 * (`idempotencyClaimOf(context)`) is one. A completion that returns no action records nothing in
 * the transaction (the benchmark's variants without our middleware use that).
 */
export interface MovementCompletion {
  /** ClientRequestToken of attempt `attempt`, so SDK retries of one attempt are deduplicated. */
  clientRequestToken(attempt: number): string;
  /** The action that completes the idempotency record with `response`, appended last. */
  completionAction(response: Response): TransactWriteItem | undefined;
  /** Called once the transaction holding that action committed. */
  markCompleted(response: Response): void;
}

/**
 * What a run reports about money as it happens, once each: the movement committed, it was
 * refused (with why), or its transaction was sent again because another request had changed
 * the account or payment it planned from. The handlers count these as metrics; the run never
 * waits on it, and nothing here knows how they are counted.
 */
export type MovementEvent =
  | { readonly kind: 'committed' }
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  | { readonly kind: 'conflict_retried' };

/** Receives a run's {@link MovementEvent}s. */
export type MovementRecorder = (event: MovementEvent) => void;

/** Everything one run needs besides the planner. */
export interface MovementRun<Created> {
  readonly state: MovementState;
  readonly transactions: MovementTransactions;
  readonly completion: MovementCompletion;
  readonly budget: RetryBudget;
  readonly now: () => Date;
  /** The HTTP answer of an outcome; a committed one's is stored by the completion. */
  readonly respond: (outcome: { readonly kind: 'created'; readonly created: Created } | Refusal) => Response;
  /** Receives what happened to the money. @default nothing */
  readonly record?: MovementRecorder;
  /** Told what the movement created, once its transaction has committed. @default nothing */
  readonly onCommitted?: (created: Created) => void;
}

/**
 * Plans and commits one money movement with its idempotency completion in one transaction.
 * A plan that needs fresh state gets it and plans again; a transaction cancelled because the
 * state moved makes the state adopt what the conditions returned, and plans again (the first
 * time at once, later after a backoff, since it means the account is hot).
 *
 * @throws IdempotencyLeaseLostError when the completion's condition failed (another invocation
 *   holds the key; nothing was applied); RetryBudgetExhaustedError when out of budget.
 */
export async function runMovement<Created>(planner: Planner<Created>, run: MovementRun<Created>): Promise<Response> {
  const { state, transactions, completion, budget } = run;
  const record = run.record ?? ignore;
  const refuse = (refusal: Refusal): Response => {
    record({ kind: 'refused', refusal });
    return run.respond(refusal);
  };
  // Set when a condition showed the state moved under the plan: the next commit is a retry.
  let moved = false;
  for (let replans = 0; ; replans += 1) {
    if (replans > 1) await budget.backoff(new Error('the account kept moving under the request'));
    const step = await freshEnoughStep(planner, run);
    if (step.kind === 'refuse') return refuse(step.refusal);
    const response = run.respond({ kind: 'created', created: step.created });
    if (moved) record({ kind: 'conflict_retried' });
    moved = false;
    const outcome = await transactions.commit(step.writes, completion.completionAction(response));
    switch (outcome.kind) {
      case 'committed':
        completion.markCompleted(response);
        state.committed(outcome.account, outcome.payment);
        record({ kind: 'committed' });
        run.onCommitted?.(step.created);
        return response;
      case 'lease_lost':
        throw new IdempotencyLeaseLostError();
      case 'order_already_paid':
        // The order is paid: that answer holds whatever the account's state.
        state.adopt(outcome.fresh);
        return refuse({ kind: 'order_already_paid', paymentId: outcome.paymentId });
      case 'natural_key_taken':
        // So is a reference already used: the unique constraint answers, at any time.
        state.adopt(outcome.fresh);
        return refuse(outcome.refusal);
      case 'account_moved':
      case 'payment_moved':
      case 'account_not_found':
      case 'payment_not_found':
      case 'currency_mismatch':
      case 'insufficient_funds':
      case 'account_id_taken':
        // The state moved under the plan: plan again from what the conditions returned, which
        // then refuses or commits on fresh state.
        state.adopt(outcome.fresh);
        moved = true;
    }
  }
}

function ignore(): void {
  // A run without a recorder reports nothing.
}

/** Plans until the plan commits or refuses, refreshing cached state when the plan asks. */
async function freshEnoughStep<Created>(planner: Planner<Created>, run: MovementRun<Created>): Promise<Exclude<PlanStep<Created>, { kind: 'refresh' }>> {
  for (;;) {
    const step = await planner({ state: run.state, at: run.now().toISOString() });
    if (step.kind !== 'refresh') return step;
    if (run.state.fresh) throw new Error('a plan asked for fresh state although everything it read is fresh');
    await run.state.refresh();
  }
}
