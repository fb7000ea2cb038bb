import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../../lambda/payments/wiring/configuration-error.js';
import { tracingFromEnvironment } from '../../../../lambda/payments/wiring/tracing-from-environment.js';
import { dynamodbSpansMiddlewareName } from '../../../../lambda/tracing/dynamodb-spans.js';
import { XRayTracing } from '../../../../lambda/tracing/xray-tracing.js';

const client = (): DynamoDBClient => new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const hasSpans = (dynamodb: DynamoDBClient): boolean => dynamodb.middlewareStack.identify().some((entry) => entry.startsWith(dynamodbSpansMiddlewareName));

describe('tracingFromEnvironment', () => {
  it.each([[undefined], [''], ['false']])('with TRACING_ENABLED=%j sets up nothing: no tracing, no span middleware on the client', async (value) => {
    const dynamodb = client();
    await expect(tracingFromEnvironment(dynamodb, { TRACING_ENABLED: value })).resolves.toBeUndefined();
    expect(hasSpans(dynamodb)).toBe(false);
  });

  it('with TRACING_ENABLED=true traces the client, exporting to the daemon address Lambda gives', async () => {
    const dynamodb = client();
    const tracing = await tracingFromEnvironment(dynamodb, { TRACING_ENABLED: 'true', AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000' });
    expect(tracing).toBeInstanceOf(XRayTracing);
    expect(hasSpans(dynamodb)).toBe(true);
    await (tracing as XRayTracing).shutdown();
  });

  it.each(['TRUE', 'yes', '1'])('refuses TRACING_ENABLED=%j with a ConfigurationError, touching nothing', async (value) => {
    const dynamodb = client();
    await expect(tracingFromEnvironment(dynamodb, { TRACING_ENABLED: value })).rejects.toThrow(
      new ConfigurationError('TRACING_ENABLED', "must be 'true' or 'false'"),
    );
    expect(hasSpans(dynamodb)).toBe(false);
  });
});
