/**
 * `text` parsed as a JSON object, or undefined when it is not JSON or not an object (an array,
 * a string, null...): what a reader of text it did not necessarily write checks before looking
 * at any field.
 */
export function parseJsonObject(text: string): Readonly<Record<string, unknown>> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
