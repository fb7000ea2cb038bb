/** Physical names of the tables the payment handlers use (from the environment in AWS). */
export interface PaymentTables {
  readonly idempotency: string;
  readonly accounts: string;
  readonly payments: string;
  readonly ledger: string;
}
