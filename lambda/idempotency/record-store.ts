import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { IdempotencyAttributeNames } from './options.js';
import { decodeIdempotencyRecord, type IdempotencyRecord } from './record.js';

/** What a claim writes: a new IN_PROGRESS record held by `leaseToken`. */
export interface ClaimRequest {
  readonly id: string;
  readonly fingerprint: string;
  readonly leaseToken: string;
  /** Epoch milliseconds. */
  readonly leaseExpiresAt: number;
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** Epoch milliseconds: the time the condition judges leases and records by. */
  readonly now: number;
}

/** The outcome of a claim: ours (and what it replaced), or the live record that refused it. */
export type ClaimResult =
  | { readonly claimed: true; readonly replaced: 'none' | 'expired_lease' | 'expired_record' }
  | { readonly claimed: false; readonly existing: IdempotencyRecord };

/** What a completion writes: the encoded response, kept until `expiresAt` (epoch seconds). */
export interface CompletionRequest {
  readonly id: string;
  readonly leaseToken: string;
  readonly response: AttributeValue;
  readonly expiresAt: number;
}

/** The outcome of a generic completion: done, or the record that refused it (if it still exists). */
export type CompletionResult =
  | { readonly completed: true }
  | { readonly completed: false; readonly existing: IdempotencyRecord | undefined };

/** The outcome of a release. */
export type ReleaseResult = 'released' | 'not_ours';

const inProgress: AttributeValue = { S: 'IN_PROGRESS' };
const completed: AttributeValue = { S: 'COMPLETED' };

/**
 * Every DynamoDB call of the middleware, on one table: claim (PutItem), complete (UpdateItem,
 * or the same Update as a TransactWriteItem for the handler's transaction) and release
 * (DeleteItem). All three are conditional; the conditions below are the whole protocol.
 */
export class IdempotencyRecordStore {
  readonly #names: Record<string, string>;
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #attributes: IdempotencyAttributeNames;

  constructor(client: DynamoDBClient, tableName: string, attributes: IdempotencyAttributeNames) {
    this.#client = client;
    this.#tableName = tableName;
    this.#attributes = attributes;
    this.#names = {
      '#id': attributes.id,
      '#status': attributes.status,
      '#fingerprint': attributes.fingerprint,
      '#leaseToken': attributes.leaseToken,
      '#leaseExpiresAt': attributes.leaseExpiresAt,
      '#expiresAt': attributes.expiresAt,
      '#response': attributes.response,
    };
  }

  /**
   * Claims the key in one round trip.
   *
   * ```
   *                     claim
   *   absent ─────────────────────────────▶ IN_PROGRESS (lease L until E)
   *    ▲  ▲                                    │      │        │
   *    │  │  release (thrown error or 5xx):    │      │        │ complete, while IN_PROGRESS
   *    │  └── DeleteItem if IN_PROGRESS ◀──────┘      │        │ under L (in the handler's
   *    │      under L                                 │        │ transaction, or after it)
   *    │                                              │        ▼
   *    │            now ≥ E: another claim takes ─────┘    COMPLETED (immutable: replayed,
   *    │            over: IN_PROGRESS (L', E');             │        never released)
   *    │            L can neither complete nor release      │
   *    └──────── now ≥ expiresAt: counts as absent ─────────┘
   *              (before TTL deletes it)
   * ```
   *
   * The condition admits exactly the arrows into IN_PROGRESS: no record, an expired record
   * (whatever its status), or an IN_PROGRESS record whose lease ran out. On refusal
   * ALL_OLD returns the live record, so a duplicate is answered without a GetItem.
   */
  async claim(request: ClaimRequest, attempt = 1): Promise<ClaimResult> {
    const nowSeconds = Math.floor(request.now / 1000);
    try {
      const output = await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: {
            [this.#attributes.id]: { S: request.id },
            [this.#attributes.status]: inProgress,
            [this.#attributes.fingerprint]: { S: request.fingerprint },
            [this.#attributes.leaseToken]: { S: request.leaseToken },
            [this.#attributes.leaseExpiresAt]: { N: String(request.leaseExpiresAt) },
            [this.#attributes.expiresAt]: { N: String(request.expiresAt) },
          },
          ConditionExpression:
            'attribute_not_exists(#id) OR #expiresAt <= :nowSeconds OR (#status = :inProgress AND #leaseExpiresAt <= :nowMillis)',
          ExpressionAttributeNames: this.#pick('#id', '#expiresAt', '#status', '#leaseExpiresAt'),
          ExpressionAttributeValues: {
            ':nowSeconds': { N: String(nowSeconds) },
            ':nowMillis': { N: String(request.now) },
            ':inProgress': inProgress,
          },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const old = output.Attributes;
      if (old === undefined || Object.keys(old).length === 0) return { claimed: true, replaced: 'none' };
      const replacedExpiry = Number(old[this.#attributes.expiresAt]?.N);
      return { claimed: true, replaced: replacedExpiry <= nowSeconds ? 'expired_record' : 'expired_lease' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Endpoints that predate ReturnValuesOnConditionCheckFailure send no Item: read it then.
      const item = error.Item ?? (await this.#read(request.id));
      if (item === undefined) {
        // Released between the put and the read: the key is free again.
        if (attempt < 3) return this.claim(request, attempt + 1);
        throw new Error('idempotency record keeps disappearing between claim and read', { cause: error });
      }
      return { claimed: false, existing: decodeIdempotencyRecord(item, this.#attributes) };
    }
  }

  /**
   * The completion as a TransactWriteItem: Update the record to COMPLETED with the response,
   * only while it is IN_PROGRESS under our lease token. If another invocation took the key
   * over, the condition fails and the whole transaction applies nothing.
   */
  completionAction(request: CompletionRequest): TransactWriteItem {
    return {
      Update: {
        TableName: this.#tableName,
        Key: { [this.#attributes.id]: { S: request.id } },
        UpdateExpression: 'SET #status = :completed, #response = :response, #expiresAt = :expiresAt REMOVE #leaseToken, #leaseExpiresAt',
        ConditionExpression: '#status = :inProgress AND #leaseToken = :mine',
        ExpressionAttributeNames: this.#pick('#status', '#response', '#expiresAt', '#leaseToken', '#leaseExpiresAt'),
        ExpressionAttributeValues: {
          ':completed': completed,
          ':inProgress': inProgress,
          ':response': request.response,
          ':expiresAt': { N: String(request.expiresAt) },
          ':mine': { S: request.leaseToken },
        },
      },
    };
  }

  /** The generic completion: the same conditional Update as {@link completionAction}, alone. */
  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const { Update } = this.completionAction(request);
    if (Update === undefined) throw new TypeError('completion action has no Update');
    try {
      await this.#client.send(new UpdateItemCommand({ ...Update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return { completed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = error.Item ?? (await this.#read(request.id));
      return { completed: false, existing: item === undefined ? undefined : decodeIdempotencyRecord(item, this.#attributes) };
    }
  }

  /**
   * Deletes the record only while it is IN_PROGRESS under our lease token: a record another
   * invocation took over, or one our own transaction completed (its response lost on the way
   * back), survives.
   */
  async release(id: string, leaseToken: string): Promise<ReleaseResult> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#tableName,
          Key: { [this.#attributes.id]: { S: id } },
          ConditionExpression: '#status = :inProgress AND #leaseToken = :mine',
          ExpressionAttributeNames: this.#pick('#status', '#leaseToken'),
          ExpressionAttributeValues: { ':inProgress': inProgress, ':mine': { S: leaseToken } },
        }),
      );
      return 'released';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'not_ours';
      throw error;
    }
  }

  async #read(id: string): Promise<Record<string, AttributeValue> | undefined> {
    const output = await this.#client.send(
      new GetItemCommand({ TableName: this.#tableName, Key: { [this.#attributes.id]: { S: id } }, ConsistentRead: true }),
    );
    return output.Item;
  }

  #pick(...placeholders: string[]): Record<string, string> {
    const names: Record<string, string> = {};
    for (const placeholder of placeholders) {
      const name = this.#names[placeholder];
      if (name !== undefined) names[placeholder] = name;
    }
    return names;
  }
}
