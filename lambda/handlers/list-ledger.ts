import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { listLedgerHandler } from '../payments/handlers/read-handlers.js';
import { ledgerCursorKeySource } from '../payments/wiring/ledger-cursor-key.js';
import { tracedPaymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

const dependencies = await tracedPaymentsDependenciesFromEnvironment(process.env, { sharedCache: false });
const cursorKey = ledgerCursorKeySource(process.env);
let current: { key: string; handle: ReturnType<typeof listLedgerHandler> } | undefined;

/**
 * Lambda entry of the ListLedger route. Configuration (and tracing) is set up once, at cold
 * start; the cursor key comes from the environment locally and from Secrets Manager in AWS (read
 * on the first request, then cached), and the handler is rebuilt only when that key changes.
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const key = await cursorKey();
  if (current?.key !== key) current = { key, handle: listLedgerHandler({ ...dependencies, ledgerCursorKey: key }) };
  return current.handle(event, context);
}
