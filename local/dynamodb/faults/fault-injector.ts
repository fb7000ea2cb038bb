import type { DynamoDBError } from '../errors.js';
import { faultError, type FaultErrorKind } from './fault-error.js';

/** The operations a rule can target; `'*'` targets every operation. */
export type FaultOperation =
  | 'PutItem'
  | 'GetItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems'
  | 'TransactGetItems'
  | 'CreateTable'
  | 'DeleteTable'
  | 'DescribeTable'
  | 'ListTables'
  | 'UpdateTimeToLive'
  | 'DescribeTimeToLive'
  | '*';

/** A request body as the engine received it (already parsed JSON). */
export type FaultRequest = Readonly<Record<string, unknown>>;

interface FaultRuleBase {
  /** The operation this rule applies to. */
  readonly operation: FaultOperation;
  /** How many matching calls the rule affects before it is used up. @default 1 */
  readonly times?: number;
  /** Only requests for which this returns true are affected (others pass untouched). */
  readonly match?: (request: FaultRequest) => boolean;
  /** Delay added before the operation runs. @default 0 */
  readonly latencyMs?: number;
}

/** A rule that fails the operation with an error (optionally after a delay). */
export interface FaultErrorRule extends FaultRuleBase {
  readonly error: FaultErrorKind;
  /**
   * Run the operation first (its writes are applied and durable), then answer with the error
   * instead of its response: the response was lost, the write happened. @default false
   */
  readonly afterApply?: boolean;
  /** For TransactionConflict on a transaction: which action's reason says so. @default 0 */
  readonly conflictIndex?: number;
}

/** A rule that only slows the operation down. */
export interface FaultLatencyRule extends FaultRuleBase {
  readonly error?: undefined;
  readonly latencyMs: number;
}

/** One fault rule; see {@link FaultInjector.inject}. */
export type FaultRule = FaultErrorRule | FaultLatencyRule;

/** What the engine must do for one call, as decided by the first matching rule. */
export interface FaultDecision {
  readonly latencyMs: number;
  /** The error to answer with, if any. */
  readonly error: DynamoDBError | undefined;
  /** When true, the error is sent only after the operation ran (and its writes applied). */
  readonly afterApply: boolean;
  /** Index of the entry in {@link FaultInjector.fired} for this call. */
  readonly firedIndex: number;
}

/** A record of one call a rule affected. */
export interface FiredFault {
  readonly operation: string;
  readonly rule: FaultRule;
  readonly error: FaultErrorKind | undefined;
  readonly latencyMs: number;
  readonly afterApply: boolean;
  /** For afterApply: whether the operation itself succeeded (so its writes were applied). */
  applied: boolean | undefined;
  readonly at: Date;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/**
 * The engine's fault registry. Reachable only through the in-process engine handle, never
 * over HTTP, and empty (so free) unless a test adds rules. Rules are consulted in the order
 * they were added; the first one that matches a call fires and uses up one of its `times`.
 */
export class FaultInjector {
  readonly #rules: ActiveRule[] = [];
  readonly #fired: FiredFault[] = [];

  /**
   * Adds a rule.
   * @throws RangeError when `times` is not a positive integer or `latencyMs` is negative.
   */
  inject(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    const latency = rule.latencyMs ?? 0;
    if (!Number.isFinite(latency) || latency < 0) throw new RangeError(`latencyMs must be >= 0, got ${latency}`);
    this.#rules.push({ rule, remaining: times });
  }

  /** Removes every rule and forgets what fired. */
  clear(): void {
    this.#rules.length = 0;
    this.#fired.length = 0;
  }

  /** True when at least one rule still has calls left to affect. */
  get active(): boolean {
    return this.#rules.length > 0;
  }

  /** The calls affected so far, oldest first. */
  get fired(): readonly FiredFault[] {
    return this.#fired;
  }

  /** How many calls the remaining rules will still affect, in total. */
  get pending(): number {
    return this.#rules.reduce((sum, active) => sum + active.remaining, 0);
  }

  /**
   * Consumes the first rule matching this call and says what to do, or returns undefined
   * when no rule matches. Called by the engine once per incoming request.
   */
  take(operation: string, request: FaultRequest): FaultDecision | undefined {
    const position = this.#rules.findIndex(
      ({ rule }) => (rule.operation === '*' || rule.operation === operation) && (rule.match?.(request) ?? true),
    );
    if (position < 0) return undefined;
    const active = this.#rules[position];
    if (active === undefined) return undefined;
    active.remaining -= 1;
    if (active.remaining === 0) this.#rules.splice(position, 1);
    const { rule } = active;
    const latencyMs = rule.latencyMs ?? 0;
    const afterApply = rule.error !== undefined && rule.afterApply === true;
    const error =
      rule.error === undefined ? undefined : faultError(rule.error, operation, request, rule.conflictIndex ?? 0);
    const firedIndex =
      this.#fired.push({
        operation,
        rule,
        error: rule.error,
        latencyMs,
        afterApply,
        applied: undefined,
        at: new Date(),
      }) - 1;
    return { latencyMs, error, afterApply, firedIndex };
  }

  /** Notes whether an afterApply call's operation succeeded (its writes applied). */
  noteApplied(firedIndex: number, applied: boolean): void {
    const fired = this.#fired[firedIndex];
    if (fired !== undefined) fired.applied = applied;
  }
}
