/**
 * Projection of an item onto document paths, for ProjectionExpression and for the
 * UPDATED_OLD / UPDATED_NEW return values. Nested maps keep their shape; list elements picked by
 * index come back as a list of just those elements, in index order, as DynamoDB returns them.
 */
import type { AttributeValue, Item } from '../values/attribute-value.js';
import type { CompiledProjection } from './compile-projection.js';
import type { PathElement } from './document-path.js';

type Node =
  | { readonly kind: 'whole'; readonly value: AttributeValue }
  | { readonly kind: 'map'; readonly entries: Map<string, Node> }
  | { readonly kind: 'list'; readonly entries: Map<number, Node> };

function setOwn(target: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Adds the part of `value` that `rest` selects to `node`; returns the node to store. */
function collect(node: Node | undefined, value: AttributeValue, rest: readonly PathElement[]): Node | undefined {
  const [step, ...tail] = rest;
  if (step === undefined) return { kind: 'whole', value };
  if (typeof step === 'number') {
    if (!('L' in value)) return node;
    const element = value.L[step];
    if (element === undefined) return node;
    const list = node?.kind === 'list' ? node : { kind: 'list' as const, entries: new Map<number, Node>() };
    const child = collect(list.entries.get(step), element, tail);
    if (child !== undefined) list.entries.set(step, child);
    return list.entries.size > 0 ? list : node;
  }
  if (!('M' in value) || !Object.hasOwn(value.M, step)) return node;
  const member = value.M[step];
  if (member === undefined) return node;
  const map = node?.kind === 'map' ? node : { kind: 'map' as const, entries: new Map<string, Node>() };
  const child = collect(map.entries.get(step), member, tail);
  if (child !== undefined) map.entries.set(step, child);
  return map.entries.size > 0 ? map : node;
}

function build(node: Node): AttributeValue {
  switch (node.kind) {
    case 'whole':
      return node.value;
    case 'list':
      return { L: [...node.entries.entries()].sort(([a], [b]) => a - b).map(([, child]) => build(child)) };
    case 'map': {
      const map: Record<string, AttributeValue> = {};
      for (const [key, child] of node.entries) setOwn(map, key, build(child));
      return { M: map };
    }
  }
}

/** The parts of `item` that `paths` select; attributes or elements that are absent are left out. */
export function projectPaths(item: Item | undefined, paths: readonly (readonly PathElement[])[]): Item {
  const roots = new Map<string, Node>();
  if (item !== undefined) {
    for (const path of paths) {
      const [head, ...rest] = path;
      if (typeof head !== 'string' || !Object.hasOwn(item, head)) continue;
      const value = item[head];
      if (value === undefined) continue;
      const node = collect(roots.get(head), value, rest);
      if (node !== undefined) roots.set(head, node);
    }
  }
  const result: Record<string, AttributeValue> = {};
  for (const [name, node] of roots) setOwn(result, name, build(node));
  return result;
}

/** Applies a compiled ProjectionExpression to an item. */
export function projectItem(projection: CompiledProjection, item: Item): Item {
  return projectPaths(item, projection.paths);
}
