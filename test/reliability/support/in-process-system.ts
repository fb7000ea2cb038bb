import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tables, type TableId } from '../../../infra/definitions/tables.js';
import { startDynamoDB, type DynamoDBServer } from '../../../local/dynamodb/server.js';
import type { PaymentIdempotencySettings } from '../../../lambda/payments/wiring/payments-dependencies.js';
import { createTables } from '../../../local/http/create-tables.js';
import { paymentsInstance, type PaymentsInstance } from './payments-instance.js';

/** An engine of this test file's own (so the test holds its Engine handle), its tables, and instances on it. */
export interface InProcessSystem {
  readonly server: DynamoDBServer;
  readonly tableNames: Readonly<Record<TableId, string>>;
  /** The environment the handler entries would read in Lambda. */
  readonly environment: Readonly<Record<string, string>>;
  /** A plain client for reading the state back; never fault-injected by rules matching instances only. */
  readonly reader: DynamoDBClient;
  /** A new simulated Lambda instance (own client, own caches), with optional middleware settings. */
  instance(idempotency?: PaymentIdempotencySettings): PaymentsInstance;
  stop(): Promise<void>;
}

/**
 * Starts the project's engine in this process on a free port, creates the four tables from the
 * shared definitions, and hands out instances built like the Lambda entries.
 */
export async function startInProcessSystem(): Promise<InProcessSystem> {
  const server = await startDynamoDB({ port: 0 });
  const prefix = `rel-${randomUUID().slice(0, 8)}-`;
  const tableNames = Object.fromEntries(tables.map((table) => [table.id, `${prefix}${table.localName}`])) as Record<TableId, string>;
  const reader = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(reader, tables, (definition) => tableNames[definition.id]);
  const environment: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: server.endpoint,
    LEDGER_CURSOR_KEY: randomBytes(32).toString('base64url'),
  };
  for (const table of tables) environment[table.envVar] = tableNames[table.id];
  const instances: PaymentsInstance[] = [];
  return {
    server,
    tableNames,
    environment,
    reader,
    instance: (idempotency) => {
      const created = paymentsInstance(environment, idempotency);
      instances.push(created);
      return created;
    },
    stop: async () => {
      for (const created of instances) created.destroy();
      reader.destroy();
      await server.stop();
    },
  };
}
