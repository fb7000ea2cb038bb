/**
 * The legacy `AttributesToGet` of GetItem, BatchGetItem, Query and Scan: top-level attribute
 * names, compiled into the projection a ProjectionExpression compiles to. A name is taken as
 * written (no document path syntax), so `a.b` is the attribute named `a.b`.
 */
import { validationError } from '../errors.js';
import type { CompiledProjection } from '../expressions/compile-projection.js';

/**
 * Validates and compiles AttributesToGet (its length was checked with the request's shape).
 * @throws DynamoDBError ValidationException when a name is repeated.
 */
export function compileAttributesToGet(names: readonly string[]): CompiledProjection {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw validationError(`One or more parameter values were invalid: Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
  return { paths: names.map((name) => [name] as const) };
}
