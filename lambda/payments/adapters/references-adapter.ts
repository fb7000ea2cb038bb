import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { NaturalKey, TakenKey } from '../domain/natural-key.js';
import { readString, stringValue, type Item } from './item-attributes.js';

/** The references-table item recording that `key` was taken by movement `movementId`. */
export function takenKeyItem(key: NaturalKey, movementId: string, at: string): Item {
  return {
    naturalKey: stringValue(key.key),
    movement: stringValue(key.movement),
    movementId: stringValue(movementId),
    terms: stringValue(key.terms),
    createdAt: stringValue(at),
  };
}

/** Who took a natural key, from its references-table item. @throws CorruptItemError on a malformed item. */
export function takenKeyFromItem(item: Item): TakenKey {
  return { movementId: readString(item, 'movementId'), terms: readString(item, 'terms') };
}

/** Reads of the references table (natural keys of movements), strongly consistent. */
export class ReferencesAdapter {
  readonly #client: DynamoDBClient;
  readonly #referencesTable: string;

  constructor(client: DynamoDBClient, referencesTable: string) {
    this.#client = client;
    this.#referencesTable = referencesTable;
  }

  /** Who took `key`, or undefined while it is free. */
  async takenKey(key: NaturalKey): Promise<TakenKey | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#referencesTable, Key: { naturalKey: stringValue(key.key) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : takenKeyFromItem(Item);
  }
}
