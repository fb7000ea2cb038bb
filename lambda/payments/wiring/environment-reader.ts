import { ConfigurationError } from './configuration-error.js';

/** A source of environment variables (`process.env` in Lambda). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Typed getters over an environment, each failing loudly (ConfigurationError naming the
 * variable) on a missing or malformed value. Use once, at cold start.
 */
export class EnvironmentReader {
  readonly #env: Environment;

  constructor(env: Environment) {
    this.#env = env;
  }

  /** A non-empty string. @throws ConfigurationError when missing or empty. */
  requiredString(name: string): string {
    const value = this.#env[name];
    if (value === undefined || value.trim() === '') throw new ConfigurationError(name, 'is required');
    return value;
  }

  /** A DynamoDB table name. @throws ConfigurationError when missing or not a valid table name. */
  tableName(name: string): string {
    const value = this.requiredString(name);
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(value)) throw new ConfigurationError(name, 'must be a DynamoDB table name');
    return value;
  }

  /** An http(s) URL, or undefined when unset or empty. @throws ConfigurationError when malformed. */
  optionalUrl(name: string): string | undefined {
    const value = this.#env[name];
    if (value === undefined || value === '') return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch (error) {
      throw new ConfigurationError(name, 'must be an http(s) URL', { cause: error });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(name, 'must be an http(s) URL');
    return value;
  }

  /**
   * A Valkey/Redis URL (`redis://`, `rediss://` for TLS, `valkey://`, `valkeys://`), or undefined
   * when unset or empty. @throws ConfigurationError when malformed (never quoting it: it may hold a password).
   */
  optionalCacheUrl(name: string): string | undefined {
    const value = this.#env[name];
    if (value === undefined || value === '') return undefined;
    let protocol: string;
    try {
      protocol = new URL(value).protocol;
    } catch (error) {
      throw new ConfigurationError(name, 'must be a redis://, rediss://, valkey:// or valkeys:// URL', { cause: error });
    }
    if (!['redis:', 'rediss:', 'valkey:', 'valkeys:'].includes(protocol)) {
      throw new ConfigurationError(name, 'must be a redis://, rediss://, valkey:// or valkeys:// URL');
    }
    return value;
  }

  /** A positive integer up to `max`, or undefined when unset or empty. @throws ConfigurationError when malformed. */
  optionalPositiveInteger(name: string, max: number): number | undefined {
    const value = this.#env[name];
    if (value === undefined || value === '') return undefined;
    const parsed = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < 1 || parsed > max) {
      throw new ConfigurationError(name, `must be an integer from 1 to ${max}`);
    }
    return parsed;
  }

  /** `true` or `false`, or undefined when unset or empty. @throws ConfigurationError for anything else. */
  optionalBoolean(name: string): boolean | undefined {
    const value = this.#env[name];
    if (value === undefined || value === '') return undefined;
    if (value !== 'true' && value !== 'false') throw new ConfigurationError(name, 'must be true or false');
    return value === 'true';
  }

  /** A secret of at least `minLength` characters. @throws ConfigurationError when missing or short (never quoting it). */
  secret(name: string, minLength: number): string {
    const value = this.#env[name];
    if (value === undefined || value.length < minLength) {
      throw new ConfigurationError(name, `is required and must have at least ${minLength} characters`);
    }
    return value;
  }
}
