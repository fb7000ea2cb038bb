/**
 * Runs one benchmark target in its own process, so the server never shares an event loop
 * with the load generator: `tsx bench/engine/serve.ts <engine|dynalite|bare>`. Prints
 * `{"port":N}` on stdout once listening, answers each `cpu` line on stdin with the process's
 * CPU time so far (`{"cpuMicros":N}`), and exits when stdin closes.
 */
import { createInterface } from 'node:readline';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { createBareServer } from './bare-server.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function start(target: string): Promise<number> {
  switch (target) {
    case 'engine': {
      // Loaded only for this target, so the other targets run whatever state the engine is in.
      const { startDynamoDB } = await import('../../local/dynamodb/server.js');
      // As its CLI runs it (local/dynamodb/tune-v8.ts).
      const { tuneV8ForEngineServer } = await import('../../local/dynamodb/tune-v8.js');
      tuneV8ForEngineServer();
      return (await startDynamoDB({ port: 0 })).port;
    }
    case 'dynalite':
      return listen(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
    case 'bare':
      return listen(createBareServer());
    default:
      throw new Error(`unknown target '${target}': expected engine, dynalite or bare`);
  }
}

const port = await start(process.argv[2] ?? '');
process.stdout.write(`${JSON.stringify({ port })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMicros: user + system })}\n`);
});
lines.on('close', () => process.exit(0));
