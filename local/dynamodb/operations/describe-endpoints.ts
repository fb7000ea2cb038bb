/**
 * DescribeEndpoints: the regional endpoint and how long a client may cache it, as DynamoDB
 * answers (the engine's ARNs name us-east-1). Endpoint discovery is off in the SDKs unless asked
 * for; a client that enables it should not point at this engine.
 */
import { engineRegion } from '../storage/table.js';

/** Describes the endpoint. */
export function describeEndpoints(): { Endpoints: { Address: string; CachePeriodInMinutes: number }[] } {
  return { Endpoints: [{ Address: `dynamodb.${engineRegion}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
