/**
 * The engine's own cost per operation, without HTTP: the pre-built request body is parsed,
 * run through `Engine.handle` (validation, the operation, capacity accounting) and the response
 * serialized, in a loop, in this process. Added to the bare server's CPU per request, it gives
 * what a request would cost the engine's server if the HTTP layer cost what the bare one does.
 */
import { Engine } from '../../local/dynamodb/engine.js';
import { DynamoDBError } from '../../local/dynamodb/errors.js';
import { benchItem, benchTable, type RawRequest } from './workload.js';

/** Microseconds of CPU per call for each raw request, measured for about `durationMs` each. */
export function measureInProcess(requests: readonly RawRequest[], durationMs: number): number[] {
  const engine = new Engine();
  engine.handle('CreateTable', {
    TableName: benchTable,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  engine.handle('PutItem', { TableName: benchTable, Item: benchItem('k1') });
  return requests.map((request) => {
    const run = (): void => {
      try {
        JSON.stringify(engine.handle(request.target, JSON.parse(request.body)));
      } catch (error) {
        if (!(error instanceof DynamoDBError) || request.expectStatus !== 400) throw error;
        JSON.stringify(error.toBody());
      }
    };
    // Warm-up, so the JIT has compiled the path before it is timed.
    for (let index = 0; index < 2000; index += 1) run();
    let calls = 0;
    const started = process.cpuUsage();
    const deadline = performance.now() + durationMs;
    while (performance.now() < deadline) {
      for (let index = 0; index < 200; index += 1) run();
      calls += 200;
    }
    const used = process.cpuUsage(started);
    return (used.user + used.system) / calls;
  });
}
