/**
 * V8 settings for a process whose job is serving the engine: its CLI (`npm run dynamodb`), the
 * local API runner (`npm start`) and the benchmark's engine server call this first thing. The
 * engine as a library (`startDynamoDB()` inside a test runner) leaves its host process alone.
 *
 * Allocation-site pretenuring off. V8 watches each place in the code that allocates objects;
 * when most objects from one place survive young-generation collections, it starts allocating
 * them directly in the old generation. The engine's stored records come from a few such places,
 * and whether they live long depends on the traffic, not the code: a bulk load keeps them (V8
 * then pretenures), while keys written over and over (an idempotency claim replaced by its
 * completion a few milliseconds later, counters, the benchmark's hot keys) make them garbage at
 * once. Once pretenured, that garbage fills the old generation and every collection gets dearer
 * (measured in docs/benchmarks.md, Engine). Without pretenuring, records that do live long are
 * copied once or twice by the young-generation collector, a one-off cost.
 */
import { setFlagsFromString } from 'node:v8';

/** Applies the engine server's V8 settings to this process; call it before serving. */
export function tuneV8ForEngineServer(): void {
  // A flag V8 reads at each collection, so setting it at run time takes effect.
  setFlagsFromString('--no-allocation-site-pretenuring');
}
