/**
 * Compiles the expressions of one request together, as DynamoDB validates them: syntax, then
 * placeholders, reserved words, functions and statically known types, expression by expression
 * (update, condition, key condition, filter, projection), then names and values the request
 * defined but no expression used. The compiled forms hold resolved names and values, so
 * evaluating them needs nothing else.
 */
import { validationError } from '../errors.js';
import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareScalars } from '../values/compare-values.js';
import { utf8Length } from '../values/item-size.js';
import type { DocumentPath, PathElement } from './document-path.js';
import { formatPath } from './document-path.js';
import type { Comparator, ConditionSyntax, OperandSyntax, UpdateSyntax } from './parse-expression.js';
import { ExpressionSyntaxError, parseConditionSyntax, parseProjectionSyntax, parseUpdateSyntax } from './parse-expression.js';

/** The expression members of a request, as the operations receive them (values validated). */
export interface ExpressionInputs {
  conditionExpression?: string;
  updateExpression?: string;
  projectionExpression?: string;
  filterExpression?: string;
  keyConditionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues?: Record<string, AttributeValue>;
}

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

/** A compiled UpdateExpression: its actions in the order written. */
export interface CompiledUpdate {
  readonly actions: readonly CompiledUpdateAction[];
}

/** A compiled ProjectionExpression. */
export interface CompiledProjection {
  readonly paths: readonly DocumentPath[];
}

/** One key attribute's condition in a KeyConditionExpression. */
export interface KeyConditionTerm {
  readonly attribute: string;
  readonly op: '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'BEGINS_WITH';
  readonly values: readonly AttributeValue[];
}

/** A compiled KeyConditionExpression: one term per attribute, in the order written. */
export interface CompiledKeyCondition {
  readonly terms: readonly KeyConditionTerm[];
}

/** Everything a request's expressions compile to. */
export interface CompiledExpressions {
  condition?: CompiledCondition;
  update?: CompiledUpdate;
  projection?: CompiledProjection;
  filter?: CompiledCondition;
  keyCondition?: CompiledKeyCondition;
}

// ---------------------------------------------------------------------------------------------
// Syntax cache: parsing is the costly part and depends on the text alone, so requests that reuse
// an expression (the common case) skip it.

type Parsed<T> = { readonly syntax: T } | { readonly error: string };

// Per-kind maps keep lookups to one hash of the source text; when a map is full the oldest entry
// goes (first in, first out: cheaper on hits than reordering for a true LRU).
const cacheLimit = 2000;
const syntaxCaches = new Map<string, Map<string, Parsed<unknown>>>();

function cachedParse<T>(kind: string, source: string, parse: (source: string) => T): T {
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

// ---------------------------------------------------------------------------------------------
// Placeholder resolution and the first-error-wins bookkeeping DynamoDB's messages follow.

/** Thrown inside a compile step with the message to prefix with `Invalid X: `. */
class ExpressionProblem extends Error {}

class Placeholders {
  readonly unusedNames: Set<string>;
  readonly unusedValues: Set<string>;

  constructor(
    private readonly names: Readonly<Record<string, string>>,
    private readonly values: Readonly<Record<string, AttributeValue>>,
  ) {
    this.unusedNames = new Set(Object.keys(names));
    this.unusedValues = new Set(Object.keys(values));
  }

  name(placeholder: string): string | undefined {
    if (!Object.hasOwn(this.names, placeholder)) return undefined;
    this.unusedNames.delete(placeholder);
    return this.names[placeholder];
  }

  value(placeholder: string): AttributeValue | undefined {
    if (!Object.hasOwn(this.values, placeholder)) return undefined;
    this.unusedValues.delete(placeholder);
    return this.values[placeholder];
  }
}

/** Keeps the first message per category; the winner is the first category, in order, that has one. */
class Problems<C extends string> {
  private readonly found = new Map<C, string>();

  constructor(private readonly order: readonly C[]) {}

  add(category: C, message: string): void {
    if (!this.found.has(category)) this.found.set(category, message);
  }

  has(category: C): boolean {
    return this.found.has(category);
  }

  first(): string | undefined {
    for (const category of this.order) {
      const message = this.found.get(category);
      if (message !== undefined) return message;
    }
    return undefined;
  }
}

const placeholderValue: AttributeValue = { NULL: true };

const undefinedName = (name: string) => `An expression attribute name used in the document path is not defined; attribute name: ${name}`;
const undefinedValue = (name: string) => `An expression attribute value used in expression is not defined; attribute value: ${name}`;
const reservedMessage = (word: string) => `Attribute name is a reserved keyword; reserved keyword: ${word}`;
const operandCount = (name: string, count: number) =>
  `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${count}`;
const operandType = (name: string, type: string) => `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`;
const needsPath = (name: string) => `Operator or function requires a document path; operator or function: ${name}`;

function resolvePath(
  syntax: OperandSyntax & { kind: 'path' },
  placeholders: Placeholders,
  onReserved: (word: string) => void,
  onUndefined: (name: string) => void,
): DocumentPath {
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

function samePath(a: readonly PathElement[], b: readonly PathElement[]): boolean {
  return a.length === b.length && a.every((element, i) => element === b[i]);
}

function renderValue(value: AttributeValue): string {
  const type = typeOf(value);
  const inner: unknown = Object.values(value)[0];
  return `{${type}:${Array.isArray(inner) ? `[${inner.join(', ')}]` : String(inner)}}`;
}

// ---------------------------------------------------------------------------------------------
// Conditions

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

function compileCondition(source: string, placeholders: Placeholders): CompiledCondition {
  const syntax = cachedParse('condition', source, parseConditionSyntax);
  const compiler = new ConditionCompiler(placeholders);
  const compiled = compiler.compile(syntax);
  const problem = compiler.problems.first();
  if (problem !== undefined) throw new ExpressionProblem(problem);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Updates

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

/** Records the overlap or conflict between a new path and those already written. */
function checkPaths<C extends string>(
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

function compileUpdate(source: string, placeholders: Placeholders): CompiledUpdate {
  const syntax = cachedParse('update', source, parseUpdateSyntax);
  const compiler = new UpdateCompiler(placeholders);
  const compiled = compiler.compile(syntax);
  const problem = compiler.problems.first();
  if (problem !== undefined) throw new ExpressionProblem(problem);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Projections

function compileProjection(source: string, placeholders: Placeholders): CompiledProjection {
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

// ---------------------------------------------------------------------------------------------
// Key conditions: the condition grammar, restricted to what an index can answer.

const flipped: Readonly<Record<string, KeyConditionTerm['op']>> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function keyConditionTerms(condition: CompiledCondition, terms: KeyConditionTerm[]): void {
  const operandAttribute = (operand: CompiledOperand): string | undefined => {
    if (operand.kind !== 'path') return undefined;
    if (operand.path.length > 1) throw validationError('KeyConditionExpressions cannot have conditions on nested attributes');
    return operand.path[0];
  };
  const add = (attribute: string | undefined, op: KeyConditionTerm['op'], values: AttributeValue[]): void => {
    if (attribute === undefined) throw validationError('Invalid condition in KeyConditionExpression: No key attribute specified');
    if (terms.some((t) => t.attribute === attribute)) throw validationError('KeyConditionExpressions must only contain one condition per key');
    terms.push({ attribute, op, values });
  };
  const valueOf = (operand: CompiledOperand): AttributeValue => {
    if (operand.kind === 'size') throw validationError('KeyConditionExpressions cannot contain nested operations');
    return operand.kind === 'value' ? operand.value : placeholderValue;
  };
  switch (condition.kind) {
    case 'and':
      keyConditionTerms(condition.left, terms);
      keyConditionTerms(condition.right, terms);
      return;
    case 'or':
    case 'not':
    case 'in':
      throw validationError(`Invalid operator used in KeyConditionExpression: ${condition.kind.toUpperCase()}`);
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'attribute_type':
    case 'contains':
      throw validationError(`Invalid operator used in KeyConditionExpression: ${condition.kind}`);
    case 'compare': {
      if (condition.op === '<>') throw validationError('Invalid operator used in KeyConditionExpression: <>');
      if (condition.left.kind === 'size' || condition.right.kind === 'size') {
        throw validationError('KeyConditionExpressions cannot contain nested operations');
      }
      const left = operandAttribute(condition.left);
      const right = operandAttribute(condition.right);
      if (left !== undefined && right !== undefined) {
        throw validationError('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      if (left !== undefined || right === undefined) add(left, condition.op, [valueOf(condition.right)]);
      else add(right, flipped[condition.op] ?? '=', [valueOf(condition.left)]);
      return;
    }
    case 'between': {
      if (condition.operand.kind !== 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand');
      }
      const attribute = operandAttribute(condition.operand);
      if (condition.lower.kind === 'path' || condition.upper.kind === 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      add(attribute, 'BETWEEN', [valueOf(condition.lower), valueOf(condition.upper)]);
      return;
    }
    case 'begins_with': {
      if (condition.left.kind !== 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand');
      }
      const attribute = operandAttribute(condition.left);
      if (condition.right.kind === 'path') {
        throw validationError('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      add(attribute, 'BEGINS_WITH', [valueOf(condition.right)]);
      return;
    }
  }
}

const keyOperatorNames: Readonly<Record<KeyConditionTerm['op'], string>> = {
  '=': 'EQ',
  '<': 'LT',
  '<=': 'LE',
  '>': 'GT',
  '>=': 'GE',
  BETWEEN: 'BETWEEN',
  BEGINS_WITH: 'BEGINS_WITH',
};

function checkKeyTermTypes(terms: readonly KeyConditionTerm[]): void {
  for (const term of terms) {
    const types = term.values.map(typeOf);
    const first = types[0];
    if (first !== undefined && types.some((t) => t !== first)) {
      throw validationError('One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type');
    }
    for (const type of types) {
      const allowed = term.op === 'BEGINS_WITH' ? type === 'S' || type === 'B' : type === 'S' || type === 'N' || type === 'B';
      if (!allowed) {
        throw validationError(`One or more parameter values were invalid: ComparisonOperator ${keyOperatorNames[term.op]} is not valid for ${type} AttributeValue type`);
      }
    }
    const [lower, upper] = term.values;
    if (term.op === 'BETWEEN' && lower !== undefined && upper !== undefined && (compareScalars(lower, upper) ?? 0) > 0) {
      throw validationError('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Each expression string may hold at most 4 KB (UTF-8), placeholders as written. */
const maxExpressionSize = 4096;

function step<T>(label: string, source: string | undefined, compile: (source: string) => T): T | undefined {
  if (source === undefined) return undefined;
  if (source === '') throw validationError(`Invalid ${label}: The expression can not be empty;`);
  const size = utf8Length(source);
  if (size > maxExpressionSize) {
    // Only the condition languages report the size, as DynamoDB does.
    const suffix = label === 'ConditionExpression' || label === 'FilterExpression' ? ` expression size: ${size}` : '';
    throw validationError(`Invalid ${label}: Expression size has exceeded the maximum allowed size;${suffix}`);
  }
  try {
    return compile(source);
  } catch (error) {
    if (error instanceof ExpressionProblem || error instanceof ExpressionSyntaxError) {
      throw validationError(`Invalid ${label}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Validates and compiles every expression of a request, in DynamoDB's order.
 * @throws DynamoDBError ValidationException with DynamoDB's message: syntax errors, undefined or
 * unused placeholders, reserved words, unknown functions, statically wrong operands, overlapping
 * update paths, KeyConditionExpression shapes an index cannot answer.
 */
export function compileExpressions(inputs: ExpressionInputs): CompiledExpressions {
  const placeholders = new Placeholders(inputs.expressionAttributeNames ?? {}, inputs.expressionAttributeValues ?? {});
  const compiled: CompiledExpressions = {};
  const update = step('UpdateExpression', inputs.updateExpression, (s) => compileUpdate(s, placeholders));
  if (update !== undefined) compiled.update = update;
  const condition = step('ConditionExpression', inputs.conditionExpression, (s) => compileCondition(s, placeholders));
  if (condition !== undefined) compiled.condition = condition;
  const keyCondition = step('KeyConditionExpression', inputs.keyConditionExpression, (s) => compileCondition(s, placeholders));
  const filter = step('FilterExpression', inputs.filterExpression, (s) => compileCondition(s, placeholders));
  if (filter !== undefined) compiled.filter = filter;
  const projection = step('ProjectionExpression', inputs.projectionExpression, (s) => compileProjection(s, placeholders));
  if (projection !== undefined) compiled.projection = projection;
  if (placeholders.unusedNames.size > 0) {
    throw validationError(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${[...placeholders.unusedNames].join(', ')}}`);
  }
  if (placeholders.unusedValues.size > 0) {
    throw validationError(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${[...placeholders.unusedValues].join(', ')}}`);
  }
  if (keyCondition !== undefined) {
    const terms: KeyConditionTerm[] = [];
    keyConditionTerms(keyCondition, terms);
    checkKeyTermTypes(terms);
    compiled.keyCondition = { terms };
  }
  return compiled;
}
