/**
 * Compiles an UpdateExpression: placeholders, reserved words, repeated sections, overlapping or
 * conflicting paths, functions and statically known operand types, with the problem DynamoDB
 * reports first.
 */
import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { cachedParse } from './cached-parse.js';
import type { DocumentPath } from './document-path.js';
import { ExpressionProblem, Problems, needsPath, operandCount, operandType, reservedMessage, undefinedName, undefinedValue } from './expression-problems.js';
import type { OperandSyntax, UpdateSyntax } from './parse-expression.js';
import { parseUpdateSyntax } from './parse-expression.js';
import type { Placeholders } from './placeholders.js';
import { placeholderValue } from './placeholders.js';
import { checkPaths, resolvePath } from './resolve-path.js';

/** The value side of a SET action. */
export type CompiledUpdateValue =
  | { readonly kind: 'path'; readonly path: DocumentPath }
  | { readonly kind: 'value'; readonly value: AttributeValue }
  | { readonly kind: 'if_not_exists'; readonly path: DocumentPath; readonly fallback: CompiledUpdateValue }
  | { readonly kind: 'list_append'; readonly left: CompiledUpdateValue; readonly right: CompiledUpdateValue }
  | { readonly kind: '+' | '-'; readonly left: CompiledUpdateValue; readonly right: CompiledUpdateValue };

/** One action of a compiled UpdateExpression. */
export type CompiledUpdateAction =
  | { readonly kind: 'SET'; readonly path: DocumentPath; readonly value: CompiledUpdateValue }
  | { readonly kind: 'REMOVE'; readonly path: DocumentPath }
  | { readonly kind: 'ADD' | 'DELETE'; readonly path: DocumentPath; readonly value: AttributeValue };

/** A compiled UpdateExpression (or legacy AttributeUpdates): its actions in the order written. */
export interface CompiledUpdate {
  readonly actions: readonly CompiledUpdateAction[];
  /**
   * The message for an ADD or DELETE that meets an attribute of another type, when it is not the
   * expression language's (the legacy AttributeUpdates have their own).
   */
  readonly typeMismatch?: string;
}

type UpdateCategory =
  | 'reserved'
  | 'unknownFunction'
  | 'section'
  | 'name'
  | 'value'
  | 'pathOverlap'
  | 'pathConflict'
  | 'operand'
  | 'function';

const updateFunctions: Readonly<Record<string, number>> = { if_not_exists: 2, list_append: 2 };

const operatorTypeNames: Readonly<Partial<Record<AttributeType, string>>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  NULL: 'NULL',
  BOOL: 'BOOLEAN',
  L: 'LIST',
  M: 'MAP',
};

class UpdateCompiler {
  readonly problems = new Problems<UpdateCategory>([
    'reserved',
    'unknownFunction',
    'section',
    'name',
    'value',
    'pathOverlap',
    'pathConflict',
    'operand',
    'function',
  ]);
  private readonly written: DocumentPath[] = [];

  constructor(private readonly placeholders: Placeholders) {}

  compile(syntax: UpdateSyntax): CompiledUpdate {
    const seen = new Set<string>();
    const actions: CompiledUpdateAction[] = [];
    for (const section of syntax.sections) {
      for (const action of section.actions) {
        const path = this.path(action.path);
        checkPaths(this.written, path, this.problems, 'pathOverlap', 'pathConflict');
        switch (action.kind) {
          case 'SET':
            actions.push({ kind: 'SET', path, value: this.value(action.value) });
            break;
          case 'REMOVE':
            actions.push({ kind: 'REMOVE', path });
            break;
          case 'ADD':
          case 'DELETE': {
            const value = this.literal(action.value.text);
            const type = typeOf(value);
            const typeName = operatorTypeNames[type];
            if (value !== placeholderValue && typeName !== undefined && !(action.kind === 'ADD' && type === 'N')) {
              this.problems.add('operand', `Incorrect operand type for operator or function; operator: ${action.kind}, operand type: ${typeName}`);
            }
            actions.push({ kind: action.kind, path, value });
            break;
          }
        }
      }
      // DynamoDB reports a repeated section once the section has been read.
      if (seen.has(section.name)) {
        this.problems.add('section', `The "${section.name}" section can only be used once in an update expression;`);
      }
      seen.add(section.name);
    }
    return { actions };
  }

  private path(syntax: OperandSyntax & { kind: 'path' }): DocumentPath {
    return resolvePath(
      syntax,
      this.placeholders,
      (word) => { this.problems.add('reserved', reservedMessage(word)); },
      (name) => { this.problems.add('name', undefinedName(name)); },
    );
  }

  private literal(text: string): AttributeValue {
    const value = this.placeholders.value(text);
    if (value === undefined) {
      this.problems.add('value', undefinedValue(text));
      return placeholderValue;
    }
    return value;
  }

  private checkLiteralTypes(name: string, args: readonly CompiledUpdateValue[], allowed: AttributeType): void {
    for (const arg of args) {
      if (arg.kind === 'value' && arg.value !== placeholderValue && typeOf(arg.value) !== allowed) {
        this.problems.add('function', operandType(name, typeOf(arg.value)));
        return;
      }
    }
  }

  private value(syntax: OperandSyntax): CompiledUpdateValue {
    switch (syntax.kind) {
      case 'path':
        return { kind: 'path', path: this.path(syntax) };
      case 'value':
        return { kind: 'value', value: this.literal(syntax.text) };
      case 'arithmetic': {
        const left = this.value(syntax.left);
        const right = this.value(syntax.right);
        this.checkLiteralTypes(syntax.op, [left, right], 'N');
        return { kind: syntax.op, left, right };
      }
      case 'call': {
        const args = syntax.args.map((a) => this.value(a));
        const expected = Object.hasOwn(updateFunctions, syntax.name) ? updateFunctions[syntax.name] : undefined;
        const fallback: CompiledUpdateValue = { kind: 'value', value: placeholderValue };
        if (expected === undefined) {
          this.problems.add('unknownFunction', `Invalid function name; function: ${syntax.name}`);
          return fallback;
        }
        const [first, second] = args;
        if (args.length !== expected || first === undefined || second === undefined) {
          this.problems.add('function', operandCount(syntax.name, args.length));
          return fallback;
        }
        if (syntax.name === 'if_not_exists') {
          if (first.kind !== 'path') {
            this.problems.add('function', needsPath(syntax.name));
            return fallback;
          }
          return { kind: 'if_not_exists', path: first.path, fallback: second };
        }
        this.checkLiteralTypes(syntax.name, args, 'L');
        return { kind: 'list_append', left: first, right: second };
      }
    }
  }
}

/**
 * Compiles one UpdateExpression against the request's placeholders.
 * @throws ExpressionSyntaxError on a syntax error; ExpressionProblem with DynamoDB's first problem.
 */
export function compileUpdate(source: string, placeholders: Placeholders): CompiledUpdate {
  const syntax = cachedParse('update', source, parseUpdateSyntax);
  const compiler = new UpdateCompiler(placeholders);
  const compiled = compiler.compile(syntax);
  const problem = compiler.problems.first();
  if (problem !== undefined) throw new ExpressionProblem(problem);
  return compiled;
}
