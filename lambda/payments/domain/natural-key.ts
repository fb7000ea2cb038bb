import type { Refusal } from './refusal.js';
import * as v from 'valibot';

/** The movements that carry a natural key. */
export type KeyedMovement = 'deposit' | 'refund' | 'account';

/**
 * A movement's natural key: the business identifier the client sends (`reference`), unique within
 * its scope — a deposit's external transfer id per account, a refund's reference per payment, an
 * account's customer id per caller — plus the terms the first movement ran on, so that a second
 * one with the same reference can be told apart as the same request (refused as already applied)
 * or a different one (refused as a reused reference).
 */
export interface NaturalKey {
  readonly movement: KeyedMovement;
  /** Unique across every movement and scope: `<movement>\n<scope>\n<reference>`. */
  readonly key: string;
  /** What the movement was asked to do, canonically: e.g. `amount=500 currency=USD`. */
  readonly terms: string;
}

/** The natural key of a `movement` with `reference` within `scope` (an account id, a payment, a caller). */
export function naturalKey(movement: KeyedMovement, scope: string, reference: string, terms: string): NaturalKey {
  // Newlines appear in no caller, account id, order id or reference, so the parts cannot shift.
  return { movement, key: `${movement}\n${scope}\n${reference}`, terms };
}

/** A natural key as stored: which movement took it, on what terms. */
export interface TakenKey {
  readonly movementId: string;
  readonly terms: string;
}

/**
 * A client's reference: 1–128 characters of `[A-Za-z0-9._:-]`, not only dots (`.` and `..` are
 * path segments no standard client can address).
 */
export const referenceSchema = v.pipe(
  v.string('reference must be a string'),
  v.regex(/^(?!\.+$)[A-Za-z0-9._:-]{1,128}$/, 'reference must be 1-128 characters of A-Z a-z 0-9 . _ : - and not only dots'),
);

/**
 * Why a movement whose natural key is already taken is refused: on the same terms it already
 * ran (nothing more is done); on other terms the reference is being reused.
 */
export function refusalOfTakenKey(key: NaturalKey, taken: TakenKey): Refusal {
  const kind = taken.terms === key.terms ? 'already_applied' : 'reference_reused';
  return { kind, movement: key.movement, originalId: taken.movementId };
}
