import { goalOutcomes, type ApiBenchmarkRun, type VariantMeasurements } from './api-report.js';

/**
 * One sentence per number worth explaining: every goal this run missed (with the mechanism
 * behind it, quantified from the run itself), and what the call counts show about behaviour.
 */
export function explainApiResults(run: ApiBenchmarkRun): string[] {
  const notes: string[] = [];
  const ours = find(run, 'ours');
  const powertools = find(run, 'powertools');
  const bare = find(run, 'bare');
  const [rounds, latency, bundle] = goalOutcomes(run);

  if (ours.calls.firstColdAccount.calls > ours.calls.first.calls) {
    notes.push(
      `A first request for an account the instance has not seen yet costs ${ours.calls.firstColdAccount.calls} round trips: ` +
        'one strongly consistent GetItem loads the account snapshot (version and balance) that the transaction is pinned to. ' +
        'Every variant shares the charge code, so Powertools and the floor pay the same extra read.',
    );
  }
  if (rounds !== undefined && !rounds.met) {
    notes.push(
      `Missed: the first request took ${rounds.ours} round trips (goal 2). Operations: ${JSON.stringify(ours.calls.first.byOperation)}.`,
    );
  }
  const inFlight = powertools.calls.inFlightDuplicate;
  if (inFlight.status >= 500) {
    notes.push(
      `Powertools answers an in-flight duplicate with ${inFlight.status}` +
        (inFlight.byOperation.DeleteItem === undefined
          ? '.'
          : ' and, in its Middy onError, deletes the idempotency record the first invocation still holds (the DeleteItem ' +
            'in its cell): a third copy would then run the charge again, stopped only by the payment record keyed by order.'),
    );
  }
  if (bare.calls.replay.status !== 201) {
    notes.push(
      `Without idempotency a retry is not a replay: it runs the charge again and is refused by the order's unique payment ` +
        `record (${bare.calls.replay.status} ${bare.calls.replay.code ?? ''}), so the client never gets its 201 back.`,
    );
  }
  if (latency !== undefined && !latency.met) {
    const at = (result: VariantMeasurements, connections: number) => result.load.find((load) => load.connections === connections);
    const rps = (result: VariantMeasurements, connections: number): number => at(result, connections)?.requestsPerSecond ?? Number.NaN;
    const p50 = (result: VariantMeasurements, connections: number): number => at(result, connections)?.p50Ms ?? Number.NaN;
    const queued = Math.max(0, 16 - run.instances);
    notes.push(
      `Missed: p50 at concurrency 16 is ${latency.ratio.toFixed(2)}× Powertools' (goal 0.8×). With 16 connections and ` +
        `${run.instances} instances per variant, ${queued} requests wait for a free instance at any moment, so p50 is mostly ` +
        `queueing: about connections ÷ throughput (ours 16 ÷ ${rps(ours, 16).toFixed(0)} req/s ≈ ${((16 / rps(ours, 16)) * 1000).toFixed(0)} ms, ` +
        `Powertools 16 ÷ ${rps(powertools, 16).toFixed(0)} req/s ≈ ${((16 / rps(powertools, 16)) * 1000).toFixed(0)} ms). Throughput is ` +
        `bounded by the CPU each request costs on ${run.machine.cores} cores shared by the load generator, the runner, the ` +
        `workers and the engine (load average ${run.loadAverageAfter} after the run). The round trip we save (Powertools' ` +
        `UpdateItem) is one of three or four per request — plus a re-sent transaction whenever another instance has moved the ` +
        `account since this instance's snapshot — next to fixed work every variant pays: HTTP parsing, the hop to a worker ` +
        `thread, the event, validation and middy. The floor without idempotency reaches ${rps(bare, 16).toFixed(0)} req/s. ` +
        `Where nothing queues, at concurrency 1, the p50 ratio is ${(p50(ours, 1) / p50(powertools, 1)).toFixed(2)}, and with ` +
        `nothing in the way at all (one in-process instance, one request at a time) it is ` +
        `${(ours.sequentialMs / powertools.sequentialMs).toFixed(2)} (${ours.sequentialMs.toFixed(2)} against ` +
        `${powertools.sequentialMs.toFixed(2)} ms).` +
        (rps(ours, 16) < rps(powertools, 16)
          ? ' In this run ours even served fewer requests per second than Powertools at 16 connections although it makes ' +
            'one round trip less per request' +
            (ours.sequentialMs < powertools.sequentialMs ? ' and is faster one request at a time' : '') +
            ': the p50 of each run in the latency table shows how far the shared machine moved between cells.'
          : ''),
    );
  }
  // Runs of one cell alternate the variants' order, so run i of ours and run i of Powertools
  // shared the same stretch of machine time: their ratio per run shows how much noise there is.
  const perRun = (result: VariantMeasurements): readonly number[] =>
    result.load.find((load) => load.connections === 16)?.p50PerRunMs ?? [];
  const ratios = perRun(ours).map((value, index) => value / (perRun(powertools)[index] ?? Number.NaN)).filter(Number.isFinite);
  if (ratios.length > 1) {
    notes.push(
      `The p50 ratio at concurrency 16 taken run by run ranges from ${Math.min(...ratios).toFixed(2)} to ` +
        `${Math.max(...ratios).toFixed(2)} in this run: single runs on this shared ${run.machine.cores}-core machine are noisy ` +
        `(load average ${run.machine.loadAverage} before, ${run.loadAverageAfter} after), so read the goal row as that range, ` +
        'not as one exact number.',
    );
  }
  if (bundle !== undefined && !bundle.met) {
    notes.push(
      `Missed: our bundle is ${bundle.ours} against Powertools' ${bundle.powertools}. Both carry the same SDK client, Middy, ` +
        'valibot and charge code; the difference is the idempotency code itself.',
    );
  }
  return notes;
}

function find(run: ApiBenchmarkRun, id: string): VariantMeasurements {
  const result = run.results.find((entry) => entry.variant.id === id);
  if (result === undefined) throw new Error(`no measurements for ${id}`);
  return result;
}
