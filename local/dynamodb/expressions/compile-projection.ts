/**
 * Compiles a ProjectionExpression: placeholders, reserved words, overlapping or conflicting paths.
 */
import { cachedParse } from './cached-parse.js';
import type { DocumentPath } from './document-path.js';
import { ExpressionProblem, Problems, reservedMessage, undefinedName } from './expression-problems.js';
import { parseProjectionSyntax } from './parse-expression.js';
import type { Placeholders } from './placeholders.js';
import { checkPaths, resolvePath } from './resolve-path.js';

/** A compiled ProjectionExpression. */
export interface CompiledProjection {
  readonly paths: readonly DocumentPath[];
}

/**
 * Compiles one ProjectionExpression against the request's placeholders.
 * @throws ExpressionSyntaxError on a syntax error; ExpressionProblem with DynamoDB's first problem.
 */
export function compileProjection(source: string, placeholders: Placeholders): CompiledProjection {
  const syntax = cachedParse('projection', source, parseProjectionSyntax);
  const problems = new Problems<'reserved' | 'name' | 'pathOverlap' | 'pathConflict'>(['reserved', 'name', 'pathOverlap', 'pathConflict']);
  const written: DocumentPath[] = [];
  const paths = syntax.map((path) => {
    const resolved = resolvePath(
      path,
      placeholders,
      (word) => { problems.add('reserved', reservedMessage(word)); },
      (name) => { problems.add('name', undefinedName(name)); },
    );
    checkPaths(written, resolved, problems, 'pathOverlap', 'pathConflict');
    return resolved;
  });
  const problem = problems.first();
  if (problem !== undefined) throw new ExpressionProblem(problem);
  return { paths };
}
