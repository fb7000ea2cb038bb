/**
 * The syntax cache: parsing is the costly part of compiling an expression and depends on the text
 * alone, so requests that reuse an expression (the common case) skip it. A syntax error is cached
 * too, and thrown again on each use.
 */
import { ExpressionSyntaxError } from './parse-expression.js';

type Parsed<T> = { readonly syntax: T } | { readonly error: string };

// Per-kind maps keep lookups to one hash of the source text; when a map is full the oldest entry
// goes (first in, first out: cheaper on hits than reordering for a true LRU).
const cacheLimit = 2000;
const syntaxCaches = new Map<string, Map<string, Parsed<unknown>>>();

/**
 * Parses `source` with `parse`, or returns the syntax cached for the same `kind` and text.
 * @throws ExpressionSyntaxError the parser's error, cached like a success.
 */
export function cachedParse<T>(kind: string, source: string, parse: (source: string) => T): T {
  let cache = syntaxCaches.get(kind);
  if (cache === undefined) {
    cache = new Map();
    syntaxCaches.set(kind, cache);
  }
  let entry = cache.get(source) as Parsed<T> | undefined;
  if (entry === undefined) {
    try {
      entry = { syntax: parse(source) };
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      entry = { error: error.message };
    }
    if (cache.size >= cacheLimit) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(source, entry);
  }
  return unwrap(entry);
}

function unwrap<T>(entry: Parsed<T>): T {
  if ('error' in entry) throw new ExpressionSyntaxError(entry.error);
  return entry.syntax;
}
