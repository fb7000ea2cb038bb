import { listLedgerHandler } from '../payments/handlers/read-handlers.js';
import { ledgerCursorKey } from '../payments/wiring/ledger-cursor-key.js';
import { paymentsDependenciesFromEnvironment } from '../payments/wiring/payments-dependencies-from-environment.js';

/** Lambda entry of the ListLedger route: configuration is read once, at cold start. */
export const handler = listLedgerHandler({
  ...paymentsDependenciesFromEnvironment(),
  ledgerCursorKey: ledgerCursorKey(process.env),
});
