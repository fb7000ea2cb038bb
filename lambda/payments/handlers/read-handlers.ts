import { callerOf } from '../../http/caller.js';
import { jsonResponse } from '../../http/json-response.js';
import { pathParametersOf } from '../../http/path-parameters.js';
import { problemResponse, validationProblem, type FieldError } from '../../http/problem.js';
import { readWithRetry } from '../adapters/read-with-retry.js';
import type { RetryBudget } from '../adapters/retry-budget.js';
import { isAccountId } from '../domain/account.js';
import { accountPath, orderPath } from '../domain/request-schemas.js';
import { PaymentCache } from '../movements/instance-caches.js';
import { requestBudget, resolvePaymentsDependencies, type PaymentsDependencies, type ResolvedPaymentsDependencies } from '../wiring/payments-dependencies.js';
import { LedgerCursorCodec } from './ledger-cursor.js';
import { paymentsRoute } from './payments-route.js';
import { refusalProblem } from './refusal-problem.js';

const accountNotFound = () => problemResponse(refusalProblem({ kind: 'account_not_found' }));

/** The caller's account read strongly consistent (and remembered by the instance), or undefined. */
async function readOwnAccount(deps: ResolvedPaymentsDependencies, budget: RetryBudget, caller: string, accountId: string) {
  const account = await readWithRetry(budget, () => deps.accountsAdapter.getAccount(accountId));
  if (account !== undefined) deps.accountSnapshots.remember(accountId, account);
  return account?.ownerId === caller ? account : undefined;
}

/**
 * `GET /accounts/{accountId}`: the caller's account, read strongly consistent (a GET shows
 * every committed movement). Another caller's account is 404, like a missing one.
 */
export function getAccountHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);
  return paymentsRoute(
    deps,
    async (event, context) => {
      const caller = callerOf(event);
      const { accountId } = pathParametersOf(event, accountPath);
      if (!isAccountId(accountId)) return accountNotFound();
      const account = await readOwnAccount(deps, requestBudget(deps, context), caller, accountId);
      if (account === undefined) return accountNotFound();
      const { currency, balance, createdAt, updatedAt } = account;
      return jsonResponse(200, { accountId, currency, balance, createdAt, updatedAt });
    },
    { path: accountPath },
  );
}

/**
 * `GET /payments/{orderId}`: the caller's payment of the order with its refunded total, read
 * strongly consistent. Payments are keyed by caller, so another caller's order is simply absent
 * (404). An orderId outside the contract's alphabet is 400 `validation_error`.
 */
export function getPaymentHandler(dependencies: PaymentsDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);
  return paymentsRoute(
    deps,
    async (event, context) => {
      const caller = callerOf(event);
      const { orderId } = pathParametersOf(event, orderPath);
      const payment = await readWithRetry(requestBudget(deps, context), () => deps.paymentsAdapter.getPayment(caller, orderId));
      if (payment === undefined) return problemResponse(refusalProblem({ kind: 'payment_not_found' }));
      deps.payments.remember(PaymentCache.keyOf(caller, orderId), payment);
      const { paymentId, accountId, amount, currency, status, refundedAmount, createdAt } = payment;
      return jsonResponse(200, { paymentId, orderId, accountId, amount, currency, status, refundedAmount, createdAt });
    },
    { path: orderPath },
  );
}

/** Dependencies of the ledger route: the common ones plus the cursor's HMAC key. */
export interface LedgerDependencies extends PaymentsDependencies {
  /** HMAC-SHA256 key for cursors, at least 32 characters. */
  readonly ledgerCursorKey: string;
}

const defaultLimit = 20;
const maxLimit = 100;

/**
 * `GET /accounts/{accountId}/ledger?limit=&cursor=`: the caller's account's entries, newest
 * first, `limit` (1..100, default 20) at a time, with an opaque `nextCursor` while older entries
 * remain. A bad limit and a malformed, forged or foreign cursor are 400 `validation_error`.
 *
 * @throws RangeError at construction when the cursor key is too short.
 */
export function listLedgerHandler(dependencies: LedgerDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);
  const cursors = new LedgerCursorCodec(dependencies.ledgerCursorKey);
  return paymentsRoute(
    deps,
    async (event, context) => {
      const caller = callerOf(event);
      const { accountId } = pathParametersOf(event, accountPath);
      const query = event.queryStringParameters ?? {};
      const errors: FieldError[] = [];
      const limit = parseLimit(query.limit);
      if (limit === undefined) errors.push({ path: 'limit', message: `limit must be an integer from 1 to ${maxLimit}` });
      const before = query.cursor === undefined ? undefined : cursors.decode(caller, accountId, query.cursor);
      if (query.cursor !== undefined && before === undefined) {
        errors.push({ path: 'cursor', message: 'cursor is not a cursor this listing returned' });
      }
      if (limit === undefined || errors.length > 0) return problemResponse(validationProblem(errors));
      if (!isAccountId(accountId)) return accountNotFound();

      const budget = requestBudget(deps, context);
      if ((await readOwnAccount(deps, budget, caller, accountId)) === undefined) return accountNotFound();
      const page = await readWithRetry(budget, () => deps.accountsAdapter.ledgerPage(accountId, limit, before));
      const last = page.at(-1);
      // Seqs are dense (1..version), so a full page whose last seq is above 1 has older entries.
      const more = last !== undefined && page.length === limit && last.seq > 1;
      const entries = page.map(({ entryId, type, amount, balanceAfter, orderId, createdAt }) => ({
        entryId,
        type,
        amount,
        balanceAfter,
        ...(orderId === undefined ? {} : { orderId }),
        createdAt,
      }));
      return jsonResponse(200, { entries, ...(more ? { nextCursor: cursors.encode(caller, accountId, last.seq) } : {}) });
    },
    { path: accountPath },
  );
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return defaultLimit;
  if (!/^[0-9]{1,3}$/.test(raw)) return undefined;
  const limit = Number(raw);
  return limit >= 1 && limit <= maxLimit ? limit : undefined;
}
