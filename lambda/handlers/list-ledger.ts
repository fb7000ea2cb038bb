import { ledgerCursorKey } from '../config/ledger-cursor-key.js';
import { paymentsDependenciesFromEnvironment } from '../config/payments-dependencies-from-environment.js';
import { createListLedgerHandler } from '../payments/handlers/list-ledger-handler.js';

/** Lambda entry of the ListLedger route: configuration is read once, at cold start. */
export const handler = createListLedgerHandler({
  ...paymentsDependenciesFromEnvironment(),
  ledgerCursorKey: ledgerCursorKey(process.env),
});
