import { parseArgs } from 'node:util';
import type { LocalApiOptions } from './start-local-api.js';

/** Raised when an environment variable of the runner has a value it cannot use. */
export class RunnerConfigurationError extends Error {
  override readonly name = 'RunnerConfigurationError';
  readonly code = 'runner_configuration_invalid';

  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
  }
}

/**
 * Reads the runner's configuration from the environment, once, failing loudly on a bad value:
 * `PORT` (3000), `HOST` (127.0.0.1), `INSTANCES` (4), `DYNAMODB_ENDPOINT` (an engine in this
 * process), `TABLE_PREFIX` (''), `FUNCTION_TIMEOUT_SECONDS` (each route's), `MAX_BODY_BYTES`
 * (10 MiB), `LOCAL_FAULT_TOKEN` (fault injection off), `LOG_FORMAT` (`pretty`: the functions'
 * JSON lines rendered compactly; `json`: as printed); `IDEMPOTENCY_RETENTION_SECONDS` is
 * passed on to the handlers; `DB_PATH` (in memory) is the directory where the engine started in
 * this process keeps its data across restarts. `CACHE_URL` (none) is the shared cache the
 * functions use (a `redis://` or `rediss://` URL), `CACHE_TIMEOUT_MS` its budget per operation
 * (20); `--cache` starts `valkey-server` or `redis-server` from PATH instead (not with
 * `CACHE_URL`). The command line's `--db-path DIR` overrides `DB_PATH`; `--allow-host NAME` (repeatable) adds a host name answered besides the loopback
 * ones; `--allow-non-loopback` lets `HOST` be another address; `--quiet` is the cli's own.
 *
 * @throws RunnerConfigurationError naming the first bad variable or argument.
 */
export function runnerConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): LocalApiOptions {
  const args = argumentsOf(argv);
  const dbPath = dbPathOf(env, args);
  const port = integer(env, 'PORT', 0, 65_535);
  const instances = integer(env, 'INSTANCES', 1, 64);
  const maxBodyBytes = integer(env, 'MAX_BODY_BYTES', 1, 10 * 1024 * 1024);
  const timeoutSeconds = number(env, 'FUNCTION_TIMEOUT_SECONDS', 0.1, 900);
  const host = text(env, 'HOST');
  const dynamodbEndpoint = text(env, 'DYNAMODB_ENDPOINT');
  const tableNamePrefix = text(env, 'TABLE_PREFIX');
  const faultToken = text(env, 'LOCAL_FAULT_TOKEN');
  const logFormat = text(env, 'LOG_FORMAT');
  if (logFormat !== undefined && logFormat !== 'pretty' && logFormat !== 'json') {
    throw new RunnerConfigurationError('LOG_FORMAT', `must be pretty or json, got "${logFormat}"`);
  }
  if (dynamodbEndpoint !== undefined && !/^https?:\/\//.test(dynamodbEndpoint)) {
    throw new RunnerConfigurationError('DYNAMODB_ENDPOINT', 'must be an http:// or https:// URL');
  }
  if (tableNamePrefix !== undefined && !/^[A-Za-z0-9_.-]*$/.test(tableNamePrefix)) {
    throw new RunnerConfigurationError('TABLE_PREFIX', 'may only contain A-Z a-z 0-9 _ . -');
  }
  if (dbPath !== undefined && dynamodbEndpoint !== undefined) {
    throw new RunnerConfigurationError('DB_PATH', 'keeps the data of the engine the runner starts; with DYNAMODB_ENDPOINT that DynamoDB keeps it');
  }
  const retention = integer(env, 'IDEMPOTENCY_RETENTION_SECONDS', 1, 10 * 365 * 86_400);
  const cacheUrl = text(env, 'CACHE_URL');
  if (cacheUrl !== undefined && !/^(redis|rediss|valkey|valkeys):\/\/[^/]/.test(cacheUrl)) {
    throw new RunnerConfigurationError('CACHE_URL', 'must be a redis://, rediss://, valkey:// or valkeys:// URL');
  }
  if (cacheUrl !== undefined && args.cache === true) {
    throw new RunnerConfigurationError('--cache', 'starts a cache server of its own; with CACHE_URL the functions use that one');
  }
  const cacheTimeoutMs = integer(env, 'CACHE_TIMEOUT_MS', 1, 1_000);
  const cache = args.cache === true ? 'start' : cacheUrl;
  return {
    port: port ?? 3000,
    ...(cache === undefined ? {} : { cache }),
    ...(cacheTimeoutMs === undefined ? {} : { cacheTimeoutMs }),
    ...(retention === undefined ? {} : { functionEnvironment: { IDEMPOTENCY_RETENTION_SECONDS: String(retention) } }),
    ...(host === undefined ? {} : { host }),
    ...(instances === undefined ? {} : { instances }),
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(dynamodbEndpoint === undefined ? {} : { dynamodbEndpoint }),
    ...(tableNamePrefix === undefined ? {} : { tableNamePrefix }),
    ...(faultToken === undefined ? {} : { faultToken }),
    ...(logFormat === undefined ? {} : { logFormat }),
    ...(dbPath === undefined ? {} : { dbPath }),
    ...(args['allow-host'] === undefined ? {} : { allowedHosts: args['allow-host'] }),
    ...(args['allow-non-loopback'] === true ? { allowNonLoopback: true } : {}),
  };
}

interface RunnerArguments {
  readonly 'db-path'?: string | undefined;
  readonly 'allow-host'?: string[] | undefined;
  readonly 'allow-non-loopback'?: boolean | undefined;
  readonly cache?: boolean | undefined;
}

function argumentsOf(argv: readonly string[]): RunnerArguments {
  const options = {
    'db-path': { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    'allow-non-loopback': { type: 'boolean' },
    cache: { type: 'boolean' },
    quiet: { type: 'boolean' },
  } as const;
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new RunnerConfigurationError('the command line', `is not understood: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `--db-path DIR` (or `--db-path=DIR`), else `DB_PATH`. */
function dbPathOf(env: NodeJS.ProcessEnv, values: RunnerArguments): string | undefined {
  const fromArgs = values['db-path']?.trim();
  if (fromArgs === '') throw new RunnerConfigurationError('--db-path', 'needs a directory');
  return fromArgs ?? text(env, 'DB_PATH');
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function number(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RunnerConfigurationError(name, `must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const value = number(env, name, min, max);
  if (value !== undefined && !Number.isSafeInteger(value)) {
    throw new RunnerConfigurationError(name, `must be a whole number, got "${String(value)}"`);
  }
  return value;
}
