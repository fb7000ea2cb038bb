/**
 * Narrows an error to one of the SDK's typed exceptions, failing the test when it is not one,
 * so a test can read the exception's own fields (`Item`, `CancellationReasons`).
 */
export function asInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): T {
  if (value instanceof type) return value;
  throw new Error(`expected an instance of ${type.name}, got ${String(value)}`);
}
