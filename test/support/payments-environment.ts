/** The table variables every payment function needs (what the stack sets), for tests of the wiring. */
export const paymentsTablesEnvironment: Readonly<Record<string, string>> = {
  IDEMPOTENCY_TABLE: 'idem',
  ACCOUNTS_TABLE: 'accounts',
  PAYMENTS_TABLE: 'payments',
  LEDGER_TABLE: 'ledger',
  REFERENCES_TABLE: 'references',
};
