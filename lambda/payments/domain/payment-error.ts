/**
 * The business errors of the payment API. They are returned to the client as problem
 * responses (not thrown through the middleware), so the idempotency middleware stores and
 * replays them. Kept in one file because together they are the API's error vocabulary.
 */
export abstract class PaymentError extends Error {
  abstract override readonly name: string;
  /** Stable code from the HTTP contract. */
  abstract readonly code: string;
  /** HTTP status the contract gives this code. */
  abstract readonly status: number;
  /** Short human summary, the same for every occurrence of `code`. */
  abstract readonly title: string;
  /** Extra members for the problem body (e.g. the original paymentId). */
  readonly extensions: Readonly<Record<string, string | number>> = {};
}

/** The account does not exist or belongs to another caller (never told apart). */
export class AccountNotFoundError extends PaymentError {
  override readonly name = 'AccountNotFoundError';
  readonly code = 'account_not_found';
  readonly status = 404;
  readonly title = 'Account not found';
  constructor(options?: ErrorOptions) {
    super('No account with this id belongs to the caller.', options);
  }
}

/** No payment for this order belongs to the caller. */
export class PaymentNotFoundError extends PaymentError {
  override readonly name = 'PaymentNotFoundError';
  readonly code = 'payment_not_found';
  readonly status = 404;
  readonly title = 'Payment not found';
  constructor(options?: ErrorOptions) {
    super('No payment for this order belongs to the caller.', options);
  }
}

/** The request's currency is not the account's. */
export class CurrencyMismatchError extends PaymentError {
  override readonly name = 'CurrencyMismatchError';
  readonly code = 'currency_mismatch';
  readonly status = 422;
  readonly title = 'Currency mismatch';
  constructor(requested: string, accountCurrency: string, options?: ErrorOptions) {
    super(`The account holds ${accountCurrency}; the request is in ${requested}.`, options);
  }
}

/** The account's balance is smaller than the payment. */
export class InsufficientFundsError extends PaymentError {
  override readonly name = 'InsufficientFundsError';
  readonly code = 'insufficient_funds';
  readonly status = 402;
  readonly title = 'Insufficient funds';
  constructor(options?: ErrorOptions) {
    super('The account balance does not cover this payment.', options);
  }
}

/** The order already has a payment; `paymentId` names it. */
export class OrderAlreadyPaidError extends PaymentError {
  override readonly name = 'OrderAlreadyPaidError';
  readonly code = 'order_already_paid';
  readonly status = 409;
  readonly title = 'Order already paid';
  override readonly extensions: Readonly<Record<string, string>>;
  constructor(
    readonly paymentId: string,
    options?: ErrorOptions,
  ) {
    super('This order has already been paid; nothing was charged.', options);
    this.extensions = { paymentId };
  }
}

/** The refund would make the refunded total exceed the payment (or nothing is left to refund). */
export class RefundExceedsPaymentError extends PaymentError {
  override readonly name = 'RefundExceedsPaymentError';
  readonly code = 'refund_exceeds_payment';
  readonly status = 422;
  readonly title = 'Refund exceeds payment';
  override readonly extensions: Readonly<Record<string, number>>;
  constructor(
    readonly refundable: number,
    options?: ErrorOptions,
  ) {
    super(
      refundable === 0
        ? 'The payment has been fully refunded already.'
        : `At most ${refundable} minor units of this payment can still be refunded.`,
      options,
    );
    this.extensions = { refundableAmount: refundable };
  }
}

/** A deposit would take the balance past `maxBalance` (the largest balance kept exact). */
export class BalanceLimitExceededError extends PaymentError {
  override readonly name = 'BalanceLimitExceededError';
  readonly code = 'balance_limit_exceeded';
  readonly status = 422;
  readonly title = 'Balance limit exceeded';
  constructor(options?: ErrorOptions) {
    super('This deposit would take the balance past the largest balance an account may hold.', options);
  }
}
