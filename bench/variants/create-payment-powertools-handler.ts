import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { movementHandler } from '../../lambda/payments/handlers/movement-handler.js';
import { payment } from '../../lambda/payments/movements/payment.js';
import { resolvePaymentsDependencies, type PaymentsDependencies } from '../../lambda/payments/wiring/payments-dependencies.js';
import { unrecordedCompletion } from './unrecorded-completion.js';

/** Options of {@link createPowertoolsPaymentHandler}. */
export interface PowertoolsVariantOptions {
  /** Powertools' in-memory cache of completed records. @default false (Powertools' default) */
  readonly useLocalCache?: boolean;
  /**
   * Where Powertools keeps its records instead of the idempotency table, e.g. its
   * CachePersistenceLayer on a Valkey/Redis server. @default a DynamoDBPersistenceLayer on the idempotency table
   */
  readonly persistenceStore?: BasePersistenceLayer;
  /** Whether a replay's body must match the stored request's (`payloadValidationJmesPath: 'body'`). @default true */
  readonly validatePayload?: boolean;
  /**
   * Whether this project's account read-ahead runs in front of Powertools' claim. Powertools'
   * middleware runs the handler, and so the account read, only once it has claimed the key;
   * starting the read earlier takes a middleware of our own that knows the request's account.
   * @default false (Powertools as its documentation wires it)
   */
  readonly readAhead?: boolean;
}

/**
 * POST /payments with AWS Powertools' idempotency instead of ours (benchmark only): the charge
 * runs its transaction without a completion action, and Powertools' Middy middleware claims the
 * key before (PutItem) and stores the response after (UpdateItem). Configured as a careful user
 * would: the key is the caller and the Idempotency-Key header (so callers never collide), the
 * body is validated against the stored hash, records live 24 h in the same table under its TTL
 * attribute, and a request without a key is refused. The handler reads an account the instance
 * has no snapshot of after the claim, as any handler behind Powertools' middleware does, unless
 * `readAhead` lends it ours.
 */
export function createPowertoolsPaymentHandler(dependencies: PaymentsDependencies, options: PowertoolsVariantOptions = {}) {
  const deps = resolvePaymentsDependencies(dependencies);
  const persistenceStore =
    options.persistenceStore ??
    new DynamoDBPersistenceLayer({
      tableName: deps.tables.idempotency,
      awsSdkV3Client: deps.client,
      expiryAttr: 'expiresAt',
    });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[requestContext.authorizer.iam.userArn, headers."idempotency-key"]',
    ...(options.validatePayload === false ? {} : { payloadValidationJmesPath: 'body' }),
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: 86_400,
    useLocalCache: options.useLocalCache ?? false,
  });
  return movementHandler(payment, dependencies, {
    middleware: makeHandlerIdempotent({ persistenceStore, config }),
    completionOf: unrecordedCompletion,
    readAhead: options.readAhead ?? false,
  });
}
