import { ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { stackSettingsFromContext } from '../../../infra/stack-settings.js';

const from = (context: Record<string, unknown>) => stackSettingsFromContext((name) => context[name]);

describe('stackSettingsFromContext', () => {
  it('leaves every option to the stack default when no context is given', () => {
    expect(from({})).toEqual({});
  });

  it('reads strings from -c and typed values from cdk.json alike', () => {
    const expected = {
      functionEnvironment: { IDEMPOTENCY_RETENTION_SECONDS: '172800' },
      tracing: false,
      applicationLogLevel: ApplicationLogLevel.DEBUG,
      systemLogLevel: SystemLogLevel.INFO,
      alarmEmail: 'oncall@example.com',
      reservedConcurrency: { CreatePayment: 50 },
      customerManagedKey: true,
      retain: false,
      cache: 'valkey',
      cacheTimeoutMs: 30,
    };
    expect(
      from({
        idempotencyRetentionSeconds: '172800',
        tracing: 'false',
        logLevel: 'debug',
        systemLogLevel: 'INFO',
        alarmEmail: 'oncall@example.com',
        paymentsReservedConcurrency: '50',
        customerManagedKey: 'true',
        retain: 'false',
        cache: 'valkey',
        cacheTimeoutMs: '30',
      }),
    ).toEqual(expected);
    expect(
      from({
        idempotencyRetentionSeconds: 172800,
        tracing: false,
        logLevel: 'DEBUG',
        systemLogLevel: 'info',
        alarmEmail: 'oncall@example.com',
        paymentsReservedConcurrency: 50,
        customerManagedKey: true,
        retain: false,
        cache: 'VALKEY',
        cacheTimeoutMs: 30,
      }),
    ).toEqual(expected);
  });

  it.each([
    ['idempotencyRetentionSeconds', '0'],
    ['idempotencyRetentionSeconds', '1.5'],
    ['paymentsReservedConcurrency', '-1'],
    ['paymentsReservedConcurrency', '20000'],
    ['tracing', 'off'],
    ['customerManagedKey', 'yes'],
    ['retain', 'no'],
    ['logLevel', 'VERBOSE'],
    ['systemLogLevel', 'ERROR'],
    ['alarmEmail', 'not-an-address'],
    ['tracing', { enabled: false }],
    ['cache', 'redis'],
  ])('refuses %s = %j, naming it', (name, value) => {
    expect(() => from({ [name]: value })).toThrow(new RegExp(`context ${name} must`));
  });

  it.each([
    ['0', 'valkey'],
    ['1001', 'valkey'],
  ])('refuses cacheTimeoutMs = %j', (value, cache) => {
    expect(() => from({ cache, cacheTimeoutMs: value })).toThrow(/context cacheTimeoutMs must be a whole number from 1 to 1000/);
  });

  it.each([{}, { cache: 'none' }])('refuses a cache timeout without a cache (%j)', (context) => {
    expect(() => from({ ...context, cacheTimeoutMs: '20' })).toThrow(/cacheTimeoutMs needs cache=valkey/);
  });
});
