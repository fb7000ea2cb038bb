/**
 * Resolves the path syntax of an expression into a document path, substituting `#name`
 * placeholders, and compares and checks resolved paths.
 */
import type { DocumentPath, PathElement } from './document-path.js';
import { formatPath } from './document-path.js';
import { ExpressionProblem, type Problems } from './expression-problems.js';
import type { OperandSyntax } from './parse-expression.js';
import type { Placeholders } from './placeholders.js';

/** Documents nest at most 32 levels (a top-level attribute is level 1), so paths do too. */
const maxPathDepth = 32;

/**
 * The document path `syntax` names, with `#name` placeholders resolved; `onReserved` hears each
 * reserved word used as a name, `onUndefined` each undefined placeholder (kept as written).
 * @throws ExpressionProblem for a path of more than 32 elements (the engine's wording: no capture
 * of DynamoDB's answer to one was found).
 */
export function resolvePath(
  syntax: OperandSyntax & { kind: 'path' },
  placeholders: Placeholders,
  onReserved: (word: string) => void,
  onUndefined: (name: string) => void,
): DocumentPath {
  if (syntax.parts.length > maxPathDepth) {
    throw new ExpressionProblem(
      `Nesting Levels have exceeded supported limits: the document path has ${syntax.parts.length} levels, at most ${maxPathDepth} are supported`,
    );
  }
  const elements: PathElement[] = [];
  for (const part of syntax.parts) {
    if (part.kind === 'index') elements.push(part.index);
    else if (part.kind === 'name') {
      if (part.reserved) onReserved(part.text);
      elements.push(part.text);
    } else {
      const resolved = placeholders.name(part.text);
      if (resolved === undefined) onUndefined(part.text);
      elements.push(resolved ?? part.text);
    }
  }
  const [head, ...rest] = elements;
  return [typeof head === 'string' ? head : String(head), ...rest];
}

/** Whether two resolved paths are the same path. */
export function samePath(a: readonly PathElement[], b: readonly PathElement[]): boolean {
  return a.length === b.length && a.every((element, i) => element === b[i]);
}

/**
 * Records the overlap or conflict between a new path and those already written (update and
 * projection paths); an overlap already found stops the check.
 */
export function checkPaths<C extends string>(
  written: DocumentPath[],
  path: DocumentPath,
  problems: Problems<C>,
  overlap: C,
  conflict: C,
): void {
  if (problems.has(overlap)) return;
  for (const other of written) {
    let diverged = false;
    const length = Math.min(other.length, path.length);
    for (let i = 0; i < length; i += 1) {
      if (typeof other[i] !== typeof path[i]) {
        problems.add(
          conflict,
          `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${formatPath(other)}, path two: ${formatPath(path)}`,
        );
        diverged = true;
        break;
      }
      if (other[i] !== path[i]) {
        diverged = true;
        break;
      }
    }
    if (!diverged) {
      problems.add(
        overlap,
        `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(other)}, path two: ${formatPath(path)}`,
      );
      return;
    }
  }
  written.push(path);
}
