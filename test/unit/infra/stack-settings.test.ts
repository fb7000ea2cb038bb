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
  ])('refuses %s = %j, naming it', (name, value) => {
    expect(() => from({ [name]: value })).toThrow(new RegExp(`context ${name} must`));
  });
});
