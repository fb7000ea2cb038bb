/**
 * Document paths (`a.b[2].c`) after placeholders are resolved: attribute names and list indexes.
 */
import type { AttributeValue, Item } from '../values/attribute-value.js';

/** One step of a path: a map key (or top-level attribute name), or a list index. */
export type PathElement = string | number;

/** A resolved document path; the first element is always a top-level attribute name. */
export type DocumentPath = readonly [string, ...PathElement[]];

/** Renders a path the way DynamoDB's messages do: `[a, b, [2]]`. */
export function formatPath(path: readonly PathElement[]): string {
  return `[${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join(', ')}]`;
}

/** The value at `path` in `item`, or undefined when any step is missing or of the wrong type. */
export function readPath(item: Item | undefined, path: readonly PathElement[]): AttributeValue | undefined {
  if (item === undefined) return undefined;
  const [head, ...rest] = path;
  if (typeof head !== 'string' || !Object.hasOwn(item, head)) return undefined;
  let current: AttributeValue | undefined = item[head];
  for (const step of rest) {
    if (current === undefined) return undefined;
    if (typeof step === 'number') {
      current = 'L' in current ? current.L[step] : undefined;
    } else {
      current = 'M' in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined;
    }
  }
  return current;
}
