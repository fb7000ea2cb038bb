/**
 * `npx tsx bench/tracing-overhead.ts [requests]`: what tracing adds to each POST /payments
 * invocation. Starts the engine in this process, builds two instances of the payment handler
 * from the same environment but for TRACING_ENABLED (`false` and `true`, the latter exporting to
 * a UDP socket standing in for the X-Ray daemon, which counts the datagrams), and times first
 * payments (fresh key and order, the account warm in the instance) alternately on each, with a
 * sampled X-Ray header set before every traced invocation as Lambda sets it. Prints a Markdown
 * table for docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { loadavg } from 'node:os';
import { tables } from '../infra/definitions/tables.js';
import { movementHandler } from '../lambda/payments/handlers/movement-handler.js';
import { deposit } from '../lambda/payments/movements/deposit.js';
import { openAccount } from '../lambda/payments/movements/open-account.js';
import { payment } from '../lambda/payments/movements/payment.js';
import {
  paymentsDependenciesFromEnvironment,
  tracedPaymentsDependenciesFromEnvironment,
} from '../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { startDynamoDB } from '../local/dynamodb/server.js';
import { createTables } from '../local/http/create-tables.js';
import { invokeInProcess, type HttpLambdaHandler } from '../local/http/invoke-in-process.js';
import { median } from './api/median.js';

const requests = Number(process.argv[2] ?? '300');
if (!Number.isSafeInteger(requests) || requests < 1) throw new Error(`requests must be a positive whole number, got ${process.argv[2] ?? ''}`);

// Quiet functions: only the work of a payment and of its spans is timed.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

const daemon = createSocket('udp4');
let datagrams = 0;
daemon.on('message', () => {
  datagrams += 1;
});
await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));

const engine = await startDynamoDB({ port: 0 });
const environment = {
  DYNAMODB_ENDPOINT: engine.endpoint,
  AWS_REGION: 'us-east-1',
  ...Object.fromEntries(tables.map((table) => [table.envVar, table.localName])),
};
const plain = paymentsDependenciesFromEnvironment(environment);
await createTables(plain.client, tables);
const traced = await tracedPaymentsDependenciesFromEnvironment({
  ...environment,
  TRACING_ENABLED: 'true',
  AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
});

const caller = '000000000000:AIDABENCHTRACING';
/** A funded account of its own for each variant: payments on a shared one would make each instance's snapshot stale. */
async function fundedAccount(): Promise<string> {
  const opened = await invokeInProcess(movementHandler(openAccount, plain), { method: 'POST', target: '/accounts', caller, key: randomUUID(), body: { currency: 'USD' } });
  const { accountId } = JSON.parse(opened.text) as { accountId: string };
  await invokeInProcess(movementHandler(deposit, plain), {
    method: 'POST',
    target: `/accounts/${accountId}/deposits`,
    caller,
    key: randomUUID(),
    body: { amount: 10_000_000, currency: 'USD', reference: `bench-tracing-${accountId}` },
  });
  return accountId;
}

const variants = [
  { label: 'TRACING_ENABLED=false', handler: movementHandler(payment, plain) as HttpLambdaHandler, header: undefined, accountId: await fundedAccount() },
  { label: 'TRACING_ENABLED=true, sampled', handler: movementHandler(payment, traced) as HttpLambdaHandler, header: 'Sampled=1', accountId: await fundedAccount() },
  { label: 'TRACING_ENABLED=true, not sampled', handler: movementHandler(payment, traced) as HttpLambdaHandler, header: 'Sampled=0', accountId: await fundedAccount() },
];
const times = new Map<string, number[]>(variants.map((v) => [v.label, []]));
const warmUp = 30;
for (let n = 0; n < requests + warmUp; n += 1) {
  for (const variant of variants) {
    const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    if (variant.header === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = `Root=${root};Parent=53995c3f42cd8ad8;${variant.header}`;
    const started = performance.now();
    const response = await invokeInProcess(variant.handler, {
      method: 'POST',
      target: '/payments',
      caller,
      key: randomUUID(),
      body: { orderId: `tracing-${randomUUID()}`, accountId: variant.accountId, amount: 1, currency: 'USD' },
    });
    const elapsed = performance.now() - started;
    if (response.status !== 201) throw new Error(`${variant.label}: payment answered ${response.status}: ${response.text}`);
    if (n >= warmUp) times.get(variant.label)?.push(elapsed);
  }
}
delete process.env._X_AMZN_TRACE_ID;
// Let the last datagrams arrive before counting them.
await new Promise((resolve) => setTimeout(resolve, 200));
plain.client.destroy();
traced.client.destroy();
await engine.stop();
daemon.close();

const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
console.log(`Node ${process.version}, ${requests} payments per variant after ${warmUp} of warm-up, alternating; load average after ${load}; datagrams received: ${datagrams} (${(datagrams / (requests + warmUp)).toFixed(1)} per sampled payment)`);
console.log('| POST /payments, in process | median ms per payment | p90 ms |');
console.log('|---|---|---|');
for (const variant of variants) {
  const all = [...(times.get(variant.label) ?? [])].sort((a, b) => a - b);
  const p90 = all[Math.min(all.length - 1, Math.floor(all.length * 0.9))] ?? Number.NaN;
  console.log(`| ${variant.label} | ${median(all).toFixed(2)} | ${p90.toFixed(2)} |`);
}
