import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { type TableId, tables as allTables } from '../../infra/definitions/tables.js';
import type { CleanupStack } from './cleanup-stack.js';
import { createTables } from './create-tables.js';

/** Where the runner's handlers keep their data. */
export interface RunnerDynamoDB {
  readonly endpoint: string;
  /** The runner's own client (table creation and deletion). */
  readonly client: DynamoDBClient;
  /** Physical table names by logical id. */
  readonly tableNames: Readonly<Record<TableId, string>>;
  /**
   * The caller's own AWS credentials, for an endpoint the runner did not start (it may be a real
   * account); undefined when the handlers use the local dummy ones.
   */
  readonly credentials: Readonly<Record<string, string>> | undefined;
}

/** Which DynamoDB to use and how its tables are named. */
export interface RunnerDynamoDBOptions {
  /** @default an engine started in this process on a free port */
  readonly dynamodbEndpoint?: string;
  /** Where the engine started here keeps its data. @default in memory */
  readonly dbPath?: string;
  /** @default '' */
  readonly tableNamePrefix?: string;
  /** Deletes the tables on stop. @default false */
  readonly deleteTablesOnStop?: boolean;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The region the runner and its handlers name: the caller's `AWS_REGION`, else us-east-1. */
export function runnerRegion(): string {
  return process.env.AWS_REGION ?? 'us-east-1';
}

/**
 * Starts the project's engine unless an endpoint is given, and creates every table of
 * infra/definitions/tables.ts under the prefix. Whatever it starts (engine, client, tables to
 * delete) is pushed onto `cleanups`, so a failure later in the start undoes it too.
 *
 * @throws Error when the engine cannot start or the tables cannot be created.
 */
export async function prepareDynamoDB(options: RunnerDynamoDBOptions, cleanups: CleanupStack): Promise<RunnerDynamoDB> {
  let endpoint = options.dynamodbEndpoint;
  if (endpoint === undefined) {
    // Imported lazily so a runner pointed at another endpoint never loads the engine.
    const { startDynamoDB } = await import('../dynamodb/server.js');
    const engine = await startDynamoDB({ port: 0, ...(options.dbPath === undefined ? {} : { dbPath: options.dbPath }) });
    cleanups.push(() => engine.stop());
    endpoint = engine.endpoint;
  }
  const credentials = options.dynamodbEndpoint === undefined ? undefined : credentialsFromEnvironment();

  const prefix = options.tableNamePrefix ?? '';
  const tableNames = Object.fromEntries(allTables.map((t) => [t.id, `${prefix}${t.localName}`])) as Record<TableId, string>;
  const client = new DynamoDBClient({
    endpoint,
    region: runnerRegion(),
    ...(credentials === undefined ? { credentials: localCredentials } : {}),
  });
  cleanups.push(() => {
    client.destroy();
    return Promise.resolve();
  });
  if (options.deleteTablesOnStop === true) cleanups.push(() => deleteTables(client, Object.values(tableNames)));
  await createTables(client, allTables, (definition) => tableNames[definition.id]);
  return { endpoint, client, tableNames, credentials };
}

async function deleteTables(client: DynamoDBClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await client.send(new DeleteTableCommand({ TableName: name })).catch((error: unknown) => {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    });
  }
}

/** The caller's own AWS credentials, for a runner pointed at a real account; undefined if none. */
function credentialsFromEnvironment(): Record<string, string> | undefined {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (AWS_ACCESS_KEY_ID === undefined || AWS_SECRET_ACCESS_KEY === undefined) return undefined;
  return {
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN === undefined ? {} : { AWS_SESSION_TOKEN }),
  };
}
