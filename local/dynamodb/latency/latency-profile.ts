/**
 * Per-operation latency the engine adds before answering, to stand in for the time a request
 * spends in DynamoDB when the engine answers in a fraction of a millisecond on loopback.
 *
 * The `in-region` profile is an assumption modelled on what AWS publishes: "for most atomic
 * operations, such as GetItem and PutItem, you can expect an average latency in single-digit
 * milliseconds" (AWS Knowledge Center, "Why is my Amazon DynamoDB request latency high?"), and a
 * transaction performs two underlying reads or writes of every item, one to prepare and one to
 * commit (Developer Guide, "Amazon DynamoDB Transactions: How it works"), so it is given about
 * twice a write plus coordination. The figures are round numbers inside those bounds, not
 * measurements; docs/local-engine.md lists them.
 */

/** Milliseconds added to each operation's answer; an operation not named gets none. */
export type LatencyProfile = Readonly<Partial<Record<string, number>>>;

/** The named profiles `--latency` accepts. */
export const latencyProfiles = {
  'in-region': {
    GetItem: 3,
    PutItem: 4,
    UpdateItem: 4,
    DeleteItem: 4,
    TransactWriteItems: 9,
    TransactGetItems: 6,
    Query: 5,
    Scan: 8,
    BatchGetItem: 5,
    BatchWriteItem: 6,
  },
} as const satisfies Readonly<Record<string, LatencyProfile>>;

/** Name of a profile in {@link latencyProfiles}. */
export type LatencyProfileName = keyof typeof latencyProfiles;

/**
 * The profile called `name`.
 * @throws Error naming the known profiles when there is none by that name.
 */
export function latencyProfileNamed(name: string): LatencyProfile {
  const profile = Object.hasOwn(latencyProfiles, name) ? latencyProfiles[name as LatencyProfileName] : undefined;
  if (profile === undefined) throw new Error(`Unknown latency profile: ${name} (known: ${Object.keys(latencyProfiles).join(', ')})`);
  return profile;
}

/**
 * Checks a profile given in code: every value a finite number of milliseconds, not negative.
 * @throws RangeError naming the operation with a bad value.
 */
export function checkLatencyProfile(profile: LatencyProfile): void {
  for (const [operation, milliseconds] of Object.entries(profile)) {
    if (milliseconds === undefined) continue;
    if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new RangeError(`Invalid latency for ${operation}: ${milliseconds}`);
  }
}
