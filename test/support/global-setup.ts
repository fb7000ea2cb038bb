import type { TestProject } from 'vitest/node';

/**
 * Gives every test file a DynamoDB endpoint through `inject('dynamodbEndpoint')`: the one in
 * DYNAMODB_ENDPOINT when set (DynamoDB Local, or AWS itself), otherwise an engine started here
 * on a free loopback port and stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DYNAMODB_ENDPOINT;
  if (external !== undefined && external !== '') {
    project.provide('dynamodbEndpoint', external);
    project.provide('dynamodbIsLocalEngine', false);
    return () => Promise.resolve();
  }
  // Imported here, not at the top, so a run against DYNAMODB_ENDPOINT never loads the engine.
  const { startDynamoDB } = await import('../../local/dynamodb/server.js');
  const server = await startDynamoDB({ port: 0 });
  project.provide('dynamodbEndpoint', server.endpoint);
  project.provide('dynamodbIsLocalEngine', true);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the DynamoDB endpoint under test. */
    dynamodbEndpoint: string;
    /** True when the endpoint is this project's own engine (so engine-only checks may run). */
    dynamodbIsLocalEngine: boolean;
  }
}
