import { randomUUID } from 'node:crypto';
import { paymentsDependenciesFromEnvironment } from '../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import { invokeInProcess } from '../../local/http/invoke-in-process.js';
import { median } from './median.js';
import type { CallProfileSetup } from './measure-call-profile.js';
import type { PaymentVariant } from './payment-variants.js';

/** Latency of one variant with nothing else in the way: one instance in process, one request at a time. */
export interface SequentialLatency {
  readonly requests: number;
  readonly medianMs: number;
}

/**
 * Times `requests` sequential first payments (fresh key and order, the account warm in the
 * instance) on one instance built in this process, after a warm-up: no HTTP runner, no worker
 * hop, no queue — the handler, its middleware and its DynamoDB round trips only.
 *
 * @throws when a payment is not answered 201.
 */
export async function measureSequentialLatency(
  variant: PaymentVariant,
  setup: CallProfileSetup,
  requests: number,
): Promise<SequentialLatency> {
  const deps = paymentsDependenciesFromEnvironment(setup.environment);
  const handler = variant.build({ ...deps, idempotency: { ...deps.idempotency, logger: () => undefined } }, { cache: false });
  const times: number[] = [];
  try {
    for (let n = 0; n < requests + 20; n += 1) {
      const started = performance.now();
      const response = await invokeInProcess(handler, {
        method: 'POST',
        target: '/payments',
        caller: setup.callerId,
        key: `sequential-${randomUUID()}`,
        body: { orderId: `sequential-${randomUUID()}`, accountId: setup.accountId, amount: 1, currency: setup.currency },
      });
      if (response.status !== 201) throw new Error(`${variant.id}: payment answered ${response.status}: ${response.text}`);
      // The first 20 warm the JIT, the client's connections and the account snapshot.
      if (n >= 20) times.push(performance.now() - started);
    }
  } finally {
    deps.client.destroy();
  }
  return { requests, medianMs: median(times) };
}
