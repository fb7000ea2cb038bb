import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { callerOf } from '../../http/caller.js';
import { errorResponse } from '../../http/error-response.js';
import { httpErrors } from '../../http/http-errors.js';
import { jsonResponse } from '../../http/json-response.js';
import type { FieldError } from '../../http/problem.js';
import { RequestValidationError } from '../../http/request-validation-error.js';
import { AccountState } from '../account-state.js';
import { readWithRetry } from '../adapters/read-with-retry.js';
import { isAccountId } from '../domain/account-id.js';
import { AccountNotFoundError } from '../domain/payment-error.js';
import { LedgerCursorCodec } from '../ledger-cursor.js';
import { paymentProblem } from '../payment-problem.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../payments-dependencies.js';
import { requestBudget } from '../request-budget.js';

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
export function createListLedgerHandler(dependencies: LedgerDependencies) {
  const deps = resolvePaymentsDependencies(dependencies);
  const cursors = new LedgerCursorCodec(dependencies.ledgerCursorKey);

  const listLedger = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOf(event);
    const accountId = event.pathParameters?.accountId ?? '';
    const query = event.queryStringParameters ?? {};
    const errors: FieldError[] = [];
    const limit = parseLimit(query.limit);
    if (limit === undefined) errors.push({ path: 'limit', message: `limit must be an integer from 1 to ${maxLimit}` });
    const before = query.cursor === undefined ? undefined : cursors.decode(caller, accountId, query.cursor);
    if (query.cursor !== undefined && before === undefined) {
      errors.push({ path: 'cursor', message: 'cursor is not a cursor this listing returned' });
    }
    if (limit === undefined || errors.length > 0) return errorResponse(new RequestValidationError(errors));
    if (!isAccountId(accountId)) return paymentProblem(new AccountNotFoundError());

    const budget = requestBudget(deps, context);
    const account = new AccountState(accountId, caller, deps.accountSnapshots, deps.accountsAdapter, budget);
    if ((await account.refresh()) === undefined) return paymentProblem(new AccountNotFoundError());
    const page = await readWithRetry(budget, () => deps.accountsAdapter.ledgerPage(accountId, limit, before));
    const last = page.entries.at(-1);
    // Seqs are dense (1..version), so a full page whose last seq is above 1 has older entries.
    const more = last !== undefined && page.entries.length === limit && last.seq > 1;
    const entries = page.entries.map(({ entryId, type, amount, balanceAfter, orderId, createdAt }) => ({
      entryId,
      type,
      amount,
      balanceAfter,
      ...(orderId === undefined ? {} : { orderId }),
      createdAt,
    }));
    return jsonResponse(200, { entries, ...(more ? { nextCursor: cursors.encode(caller, accountId, last.seq) } : {}) });
  };

  return middy(listLedger).use(httpErrors());
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return defaultLimit;
  if (!/^[0-9]{1,3}$/.test(raw)) return undefined;
  const limit = Number(raw);
  return limit >= 1 && limit <= maxLimit ? limit : undefined;
}
