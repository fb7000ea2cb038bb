/**
 * Compiles a ConditionExpression or FilterExpression (also the grammar a KeyConditionExpression is
 * written in): placeholders, reserved words, functions and statically known operand types, with
 * the problem DynamoDB reports first.
 */
import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare-values.js';
import { cachedParse } from './cached-parse.js';
import type { DocumentPath } from './document-path.js';
import { formatPath } from './document-path.js';
import { ExpressionProblem, Problems, needsPath, operandCount, operandType, reservedMessage, undefinedName, undefinedValue } from './expression-problems.js';
import type { Comparator, ConditionSyntax, OperandSyntax } from './parse-expression.js';
import { parseConditionSyntax } from './parse-expression.js';
import type { Placeholders } from './placeholders.js';
import { placeholderValue } from './placeholders.js';
import { resolvePath, samePath } from './resolve-path.js';

/** An operand with placeholders resolved. */
export type CompiledOperand =
  | { readonly kind: 'path'; readonly path: DocumentPath }
  | { readonly kind: 'value'; readonly value: AttributeValue }
  | { readonly kind: 'size'; readonly operand: CompiledOperand };

/** A compiled ConditionExpression or FilterExpression. */
export type CompiledCondition =
  | { readonly kind: 'and' | 'or'; readonly left: CompiledCondition; readonly right: CompiledCondition }
  | { readonly kind: 'not'; readonly operand: CompiledCondition }
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: CompiledOperand; readonly right: CompiledOperand }
  | { readonly kind: 'between'; readonly operand: CompiledOperand; readonly lower: CompiledOperand; readonly upper: CompiledOperand }
  | { readonly kind: 'in'; readonly operand: CompiledOperand; readonly list: readonly CompiledOperand[] }
  | { readonly kind: 'attribute_exists' | 'attribute_not_exists'; readonly path: DocumentPath }
  | { readonly kind: 'attribute_type'; readonly operand: CompiledOperand; readonly type: CompiledOperand }
  | { readonly kind: 'begins_with' | 'contains'; readonly left: CompiledOperand; readonly right: CompiledOperand };

function renderValue(value: AttributeValue): string {
  const type = typeOf(value);
  const inner: unknown = Object.values(value)[0];
  return `{${type}:${Array.isArray(inner) ? `[${inner.join(', ')}]` : String(inner)}}`;
}

type ConditionCategory = 'parens' | 'unknownFunction' | 'misusedFunction' | 'reserved' | 'condition';
type LocalCategory = 'placeholder' | 'operand' | 'distinct' | 'function';

const conditionFunctions: Readonly<Record<string, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};

/** DynamoDB names document types in full in the ordering operators' messages. */
const orderTypeNames: Readonly<Partial<Record<AttributeType, string>>> = { L: 'LIST', M: 'MAP' };

/** The most values an IN list may hold. */
const maxInOperands = 100;

const attributeTypes = new Set<string>(['S', 'N', 'B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'NS', 'M']);

class ConditionCompiler {
  readonly problems = new Problems<ConditionCategory>(['parens', 'unknownFunction', 'misusedFunction', 'reserved', 'condition']);
  private local = new Problems<LocalCategory>(['placeholder', 'operand', 'distinct', 'function']);

  constructor(private readonly placeholders: Placeholders) {}

  compile(syntax: ConditionSyntax): CompiledCondition {
    return this.condition(syntax);
  }

  private misused(name: string): void {
    this.problems.add('misusedFunction', `The function is not allowed to be used this way in an expression; function: ${name}`);
  }

  /** A leaf condition is where DynamoDB settles which of its own problems it reports. */
  private leaf<T>(build: () => T): T {
    this.local = new Problems<LocalCategory>(['placeholder', 'operand', 'distinct', 'function']);
    const result = build();
    const message = this.local.first();
    if (message !== undefined) this.problems.add('condition', message);
    return result;
  }

  private condition(syntax: ConditionSyntax): CompiledCondition {
    switch (syntax.kind) {
      case 'and':
      case 'or':
        return { kind: syntax.kind, left: this.condition(syntax.left), right: this.condition(syntax.right) };
      case 'not':
        return { kind: 'not', operand: this.condition(syntax.operand) };
      case 'parens':
        if (syntax.inner.kind === 'parens') this.problems.add('parens', 'The expression has redundant parentheses;');
        return this.condition(syntax.inner);
      case 'compare':
        return this.leaf(() => {
          this.checkMisused([syntax.left, syntax.right]);
          const left = this.operand(syntax.left);
          const right = this.operand(syntax.right);
          this.checkDistinct(syntax.op, left, right);
          if (syntax.op !== '=' && syntax.op !== '<>') this.checkOrderable(syntax.op, [left, right]);
          return { kind: 'compare', op: syntax.op, left, right };
        });
      case 'between':
        return this.leaf(() => {
          this.checkMisused([syntax.operand, syntax.lower, syntax.upper]);
          const operand = this.operand(syntax.operand);
          const lower = this.operand(syntax.lower);
          const upper = this.operand(syntax.upper);
          this.checkOrderable('BETWEEN', [operand, lower, upper]);
          this.checkBetween(lower, upper);
          return { kind: 'between', operand, lower, upper };
        });
      case 'in':
        return this.leaf(() => {
          this.checkMisused([syntax.operand, ...syntax.list]);
          if (syntax.list.length > maxInOperands) {
            this.local.add('operand', `The IN operator is provided with too many operands; number of operands: ${syntax.list.length}`);
          }
          return { kind: 'in', operand: this.operand(syntax.operand), list: syntax.list.map((s) => this.operand(s)) };
        });
      case 'call':
        return this.leaf(() => {
          const compiled = this.functionCondition(syntax.call);
          if (compiled.kind !== 'size') return compiled;
          this.misused('size');
          return { kind: 'attribute_exists', path: ['?'] };
        });
    }
  }

  private checkMisused(operands: readonly OperandSyntax[]): void {
    for (const operand of operands) {
      if (operand.kind === 'call' && operand.name !== 'size') this.misused(operand.name);
    }
  }

  private checkDistinct(name: string, left: CompiledOperand, right: CompiledOperand): void {
    if (left.kind === 'path' && right.kind === 'path' && samePath(left.path, right.path)) {
      this.local.add(
        'distinct',
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${name}, first operand: ${formatPath(left.path)}`,
      );
    }
  }

  /** Only S, N and B have an order; a literal of another type cannot be compared with <, >, BETWEEN. */
  private checkOrderable(operator: string, operands: readonly CompiledOperand[]): void {
    for (const operand of operands) {
      if (operand.kind !== 'value' || operand.value === placeholderValue) continue;
      const type = typeOf(operand.value);
      if (type === 'S' || type === 'N' || type === 'B') continue;
      this.local.add('function', operandType(operator, orderTypeNames[type] ?? type));
      return;
    }
  }

  private checkBetween(lower: CompiledOperand, upper: CompiledOperand): void {
    if (lower.kind !== 'value' || upper.kind !== 'value') return;
    const bounds = `lower bound operand: AttributeValue: ${renderValue(lower.value)}, upper bound operand: AttributeValue: ${renderValue(upper.value)}`;
    if (typeOf(lower.value) !== typeOf(upper.value)) {
      this.local.add('function', `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
    } else if ((compareScalars(lower.value, upper.value) ?? 0) > 0) {
      this.local.add('function', `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`);
    }
  }

  private operand(syntax: OperandSyntax): CompiledOperand {
    if (syntax.parens > 1) this.problems.add('parens', 'The expression has redundant parentheses;');
    switch (syntax.kind) {
      case 'path':
        return {
          kind: 'path',
          path: resolvePath(
            syntax,
            this.placeholders,
            (word) => { this.problems.add('reserved', reservedMessage(word)); },
            (name) => { this.local.add('placeholder', undefinedName(name)); },
          ),
        };
      case 'value': {
        const value = this.placeholders.value(syntax.text);
        if (value === undefined) this.local.add('placeholder', undefinedValue(syntax.text));
        return { kind: 'value', value: value ?? placeholderValue };
      }
      case 'call': {
        const compiled = this.functionCondition(syntax);
        if (compiled.kind === 'size') return compiled;
        // A boolean function in operand position was reported as misused by the caller.
        return { kind: 'value', value: placeholderValue };
      }
      case 'arithmetic':
        // The condition grammar has no arithmetic; the parser never builds one here.
        return { kind: 'value', value: placeholderValue };
    }
  }

  private staticType(operand: CompiledOperand): AttributeType | undefined {
    if (operand.kind === 'value') return typeOf(operand.value);
    if (operand.kind === 'size') return 'N';
    return undefined;
  }

  private functionCondition(syntax: OperandSyntax & { kind: 'call' }): CompiledCondition | (CompiledOperand & { kind: 'size' }) {
    this.checkMisused(syntax.args);
    const args = syntax.args.map((a) => this.operand(a));
    const name = syntax.name;
    const expected = Object.hasOwn(conditionFunctions, name) ? conditionFunctions[name] : undefined;
    const fallback: CompiledCondition = { kind: 'attribute_exists', path: ['?'] };
    if (expected === undefined) {
      this.problems.add('unknownFunction', `Invalid function name; function: ${name}`);
      return fallback;
    }
    if (args.length !== expected) {
      this.local.add('operand', operandCount(name, args.length));
      return name === 'size' ? { kind: 'size', operand: { kind: 'value', value: placeholderValue } } : fallback;
    }
    const [first, second] = args;
    if (first === undefined) return fallback;
    if (second !== undefined) this.checkDistinct(name, first, second);
    switch (name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        if (first.kind !== 'path') {
          this.local.add('function', needsPath(name));
          return fallback;
        }
        return { kind: name, path: first.path };
      case 'attribute_type': {
        if (second === undefined) return fallback;
        const type = this.staticType(second);
        if (type !== 'S') {
          this.local.add('function', operandType(name, type ?? '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}'));
        } else if (second.kind === 'value' && 'S' in second.value && !attributeTypes.has(second.value.S)) {
          this.local.add('function', `Invalid attribute type name found; type: ${second.value.S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`);
        }
        return { kind: 'attribute_type', operand: first, type: second };
      }
      case 'begins_with': {
        if (second === undefined) return fallback;
        for (const arg of args) {
          const type = this.staticType(arg);
          if (type !== undefined && type !== 'S' && type !== 'B') {
            this.local.add('function', operandType(name, type));
            break;
          }
        }
        return { kind: 'begins_with', left: first, right: second };
      }
      case 'contains':
        if (second === undefined) return fallback;
        return { kind: 'contains', left: first, right: second };
      default: {
        const type = this.staticType(first);
        if (type === 'N' || type === 'BOOL' || type === 'NULL') this.local.add('function', operandType(name, type));
        return { kind: 'size', operand: first };
      }
    }
  }
}

/**
 * Compiles one condition-language expression against the request's placeholders.
 * @throws ExpressionSyntaxError on a syntax error; ExpressionProblem with DynamoDB's first problem.
 */
export function compileCondition(source: string, placeholders: Placeholders): CompiledCondition {
  const syntax = cachedParse('condition', source, parseConditionSyntax);
  const compiler = new ConditionCompiler(placeholders);
  const compiled = compiler.compile(syntax);
  const problem = compiler.problems.first();
  if (problem !== undefined) throw new ExpressionProblem(problem);
  return compiled;
}
