/**
 * Runs one benchmark target in its own process, so the server never shares an event loop
 * with the load generator: `tsx bench/engine/serve.ts <engine|dynalite|bare>`. Prints
 * `{"port":N}` on stdout once listening, and exits when stdin closes.
 */
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
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
