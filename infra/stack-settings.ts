import { ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import type { PaymentsStackProps } from './payments-stack.js';

/** Reads one context value (`cdk deploy -c name=value`, or `context` in cdk.json). */
export type ContextReader = (name: string) => unknown;

/** The stack options that deployers set with context values; docs/deploy.md lists them. */
export type StackSettings = Pick<
  PaymentsStackProps,
  'functionEnvironment' | 'tracing' | 'applicationLogLevel' | 'systemLogLevel' | 'alarmEmail' | 'reservedConcurrency' | 'customerManagedKey' | 'retain' | 'cache' | 'cacheTimeoutMs'
>;

/**
 * The stack options from context values. `-c` passes strings, cdk.json may hold numbers and
 * booleans: both are accepted. Anything else fails synth with the value's name, before a
 * deployment can go out half-configured.
 *
 * @throws Error naming the context value when one is malformed.
 */
export function stackSettingsFromContext(context: ContextReader): StackSettings {
  const retention = optionalWholeNumber(context, 'idempotencyRetentionSeconds', 9_999_999_999);
  const reserved = optionalWholeNumber(context, 'paymentsReservedConcurrency', 10_000);
  const tracing = optionalBoolean(context, 'tracing');
  const applicationLogLevel = optionalChoice(context, 'logLevel', applicationLogLevels);
  const systemLogLevel = optionalChoice(context, 'systemLogLevel', systemLogLevels);
  const alarmEmail = optionalEmail(context, 'alarmEmail');
  const customerManagedKey = optionalBoolean(context, 'customerManagedKey');
  const retain = optionalBoolean(context, 'retain');
  const cache = optionalChoice(context, 'cache', cacheChoices);
  const cacheTimeoutMs = optionalWholeNumber(context, 'cacheTimeoutMs', 1_000);
  if (cacheTimeoutMs !== undefined && cache !== 'valkey') throw new Error('context cacheTimeoutMs needs cache=valkey');
  return {
    ...(retention === undefined ? {} : { functionEnvironment: { IDEMPOTENCY_RETENTION_SECONDS: String(retention) } }),
    ...(tracing === undefined ? {} : { tracing }),
    ...(applicationLogLevel === undefined ? {} : { applicationLogLevel }),
    ...(systemLogLevel === undefined ? {} : { systemLogLevel }),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(reserved === undefined ? {} : { reservedConcurrency: { CreatePayment: reserved } }),
    ...(customerManagedKey === undefined ? {} : { customerManagedKey }),
    ...(retain === undefined ? {} : { retain }),
    ...(cache === undefined ? {} : { cache }),
    ...(cacheTimeoutMs === undefined ? {} : { cacheTimeoutMs }),
  };
}

const applicationLogLevels: Readonly<Record<string, ApplicationLogLevel>> = {
  TRACE: ApplicationLogLevel.TRACE,
  DEBUG: ApplicationLogLevel.DEBUG,
  INFO: ApplicationLogLevel.INFO,
  WARN: ApplicationLogLevel.WARN,
  ERROR: ApplicationLogLevel.ERROR,
  FATAL: ApplicationLogLevel.FATAL,
};

const cacheChoices: Readonly<Record<string, 'none' | 'valkey'>> = { NONE: 'none', VALKEY: 'valkey' };

const systemLogLevels: Readonly<Record<string, SystemLogLevel>> = {
  DEBUG: SystemLogLevel.DEBUG,
  INFO: SystemLogLevel.INFO,
  WARN: SystemLogLevel.WARN,
};

function text(context: ContextReader, name: string): string | undefined {
  const raw = context(name);
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new Error(`context ${name} must be a single value, got ${JSON.stringify(raw)}`);
}

function optionalWholeNumber(context: ContextReader, name: string, max: number): number | undefined {
  const value = text(context, name);
  if (value === undefined) return undefined;
  const parsed = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed <= max)) throw new Error(`context ${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return parsed;
}

function optionalBoolean(context: ContextReader, name: string): boolean | undefined {
  const value = text(context, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`context ${name} must be true or false, got ${JSON.stringify(value)}`);
}

function optionalChoice<T>(context: ContextReader, name: string, choices: Readonly<Record<string, T>>): T | undefined {
  const value = text(context, name);
  if (value === undefined) return undefined;
  const choice = choices[value.toUpperCase()];
  if (choice === undefined) throw new Error(`context ${name} must be one of ${Object.keys(choices).join(', ')}, got ${JSON.stringify(value)}`);
  return choice;
}

function optionalEmail(context: ContextReader, name: string): string | undefined {
  const value = text(context, name);
  if (value === undefined) return undefined;
  // The shape SNS accepts, checked here so a typo fails synth instead of the deployment.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new Error(`context ${name} must be an e-mail address, got ${JSON.stringify(value)}`);
  return value;
}
