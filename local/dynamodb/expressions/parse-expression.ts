/**
 * Syntax of DynamoDB's expression languages (condition/filter/key condition, update,
 * projection), parsed into syntax trees that still hold placeholders as written. Meaning
 * (placeholders, reserved words, functions, types) is checked afterwards by the compilers
 * (compile-condition.ts, compile-update.ts, ...), because DynamoDB reports every syntax error
 * before any of those.
 *
 * The parser backtracks and, on failure, reports the furthest token it could not get past,
 * with DynamoDB's wording: `Syntax error; token: "<tok>", near: "<prev tok next>"`.
 */
import type { Token } from './tokenize.js';
import { tokenize } from './tokenize.js';
import { isReservedWord } from './reserved-words.js';

/** A path step as written: a bare name, a `#placeholder`, or a list index. */
export type PathPartSyntax =
  | { readonly kind: 'name'; readonly text: string; readonly reserved: boolean }
  | { readonly kind: 'placeholder'; readonly text: string }
  | { readonly kind: 'index'; readonly index: number };

/** An operand as written. `parens` counts the parentheses directly around it. */
export type OperandSyntax =
  | { readonly kind: 'path'; readonly parts: readonly PathPartSyntax[]; readonly parens: number }
  | { readonly kind: 'value'; readonly text: string; readonly parens: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly OperandSyntax[]; readonly parens: number }
  | { readonly kind: 'arithmetic'; readonly op: '+' | '-'; readonly left: OperandSyntax; readonly right: OperandSyntax; readonly parens: number };

/** Comparison operators of the condition language. */
export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A condition as written. */
export type ConditionSyntax =
  | { readonly kind: 'and' | 'or'; readonly left: ConditionSyntax; readonly right: ConditionSyntax }
  | { readonly kind: 'not'; readonly operand: ConditionSyntax }
  | { readonly kind: 'parens'; readonly inner: ConditionSyntax }
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: OperandSyntax; readonly right: OperandSyntax }
  | { readonly kind: 'between'; readonly operand: OperandSyntax; readonly lower: OperandSyntax; readonly upper: OperandSyntax }
  | { readonly kind: 'in'; readonly operand: OperandSyntax; readonly list: readonly OperandSyntax[] }
  | { readonly kind: 'call'; readonly call: OperandSyntax & { kind: 'call' } };

/** The four clauses of an update expression. */
export type UpdateSectionName = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

/** One action of an update expression as written. */
export type UpdateActionSyntax =
  | { readonly kind: 'SET'; readonly path: OperandSyntax & { kind: 'path' }; readonly value: OperandSyntax }
  | { readonly kind: 'REMOVE'; readonly path: OperandSyntax & { kind: 'path' } }
  | { readonly kind: 'ADD' | 'DELETE'; readonly path: OperandSyntax & { kind: 'path' }; readonly value: OperandSyntax & { kind: 'value' } };

/** An update expression as written: its sections in order. */
export interface UpdateSyntax {
  readonly sections: readonly { readonly name: UpdateSectionName; readonly actions: readonly UpdateActionSyntax[] }[];
}

/** Thrown for a syntax error; `message` is DynamoDB's text without the `Invalid X:` prefix. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
}

const conditionKeywords = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const updateKeywords = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);

type PathSyntax = OperandSyntax & { kind: 'path' };
type CallSyntax = OperandSyntax & { kind: 'call' };

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private furthest = 0;

  constructor(
    private readonly source: string,
    private readonly keywords: ReadonlySet<string>,
  ) {
    this.tokens = tokenize(source);
  }

  private get current(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)] ?? { kind: 'eof', text: '<EOF>', start: 0, end: 0 };
  }

  private miss(): null {
    if (this.pos > this.furthest) this.furthest = this.pos;
    return null;
  }

  private symbol(text: string): boolean {
    const token = this.current;
    if (token.kind === 'symbol' && token.text === text) {
      this.pos += 1;
      return true;
    }
    this.miss();
    return false;
  }

  private keyword(word: string): boolean {
    const token = this.current;
    if (token.kind === 'identifier' && token.text.toUpperCase() === word) {
      this.pos += 1;
      return true;
    }
    this.miss();
    return false;
  }

  private isKeyword(token: Token): boolean {
    return token.kind === 'identifier' && this.keywords.has(token.text.toUpperCase());
  }

  private peekAt(offset: number): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  /** Throws DynamoDB's syntax error for the furthest token the parse could not get past. */
  fail(): never {
    const index = Math.min(this.furthest, this.tokens.length - 1);
    const token = this.tokens[index];
    const previous = index > 0 ? this.tokens[index - 1] : undefined;
    const next = this.tokens[index + 1];
    if (token === undefined) throw new ExpressionSyntaxError('Syntax error; token: "<EOF>", near: ""');
    const start = previous?.start ?? token.start;
    const end = token.kind === 'eof' || next === undefined || next.kind === 'eof' ? this.source.length : next.end;
    throw new ExpressionSyntaxError(`Syntax error; token: "${token.text}", near: "${this.source.slice(start, end)}"`);
  }

  end(): boolean {
    if (this.current.kind === 'eof') return true;
    this.miss();
    return false;
  }

  // ---- paths and operands

  private pathPart(): PathPartSyntax | null {
    const token = this.current;
    if (token.kind === 'name') {
      this.pos += 1;
      return { kind: 'placeholder', text: token.text };
    }
    if (token.kind === 'identifier' && !this.isKeyword(token)) {
      this.pos += 1;
      return { kind: 'name', text: token.text, reserved: isReservedWord(token.text) };
    }
    return this.miss();
  }

  path(): PathSyntax | null {
    const head = this.pathPart();
    if (head === null) return null;
    const parts: PathPartSyntax[] = [head];
    for (;;) {
      const save = this.pos;
      if (this.symbol('.')) {
        const part = this.pathPart();
        if (part === null) {
          this.pos = save;
          break;
        }
        parts.push(part);
        continue;
      }
      if (this.symbol('[')) {
        const token = this.current;
        if (token.kind === 'number') {
          this.pos += 1;
          if (this.symbol(']')) {
            parts.push({ kind: 'index', index: Number(token.text) });
            continue;
          }
        } else this.miss();
        this.pos = save;
        break;
      }
      break;
    }
    return { kind: 'path', parts, parens: 0 };
  }

  private call(): CallSyntax | null {
    const token = this.current;
    const next = this.peekAt(1);
    if (token.kind !== 'identifier' || this.isKeyword(token) || next?.kind !== 'symbol' || next.text !== '(') return this.miss();
    const save = this.pos;
    this.pos += 2;
    const args: OperandSyntax[] = [];
    for (;;) {
      const arg = this.operand();
      if (arg === null) {
        this.pos = save;
        return null;
      }
      args.push(arg);
      if (this.symbol(',')) continue;
      if (this.symbol(')')) return { kind: 'call', name: token.text, args, parens: 0 };
      this.pos = save;
      return null;
    }
  }

  /** A path, a `:value`, a function call, optionally in parentheses. */
  operand(): OperandSyntax | null {
    const save = this.pos;
    if (this.symbol('(')) {
      const inner = this.operand();
      if (inner !== null && this.symbol(')')) return { ...inner, parens: inner.parens + 1 };
      this.pos = save;
      return null;
    }
    const token = this.current;
    if (token.kind === 'value') {
      this.pos += 1;
      return { kind: 'value', text: token.text, parens: 0 };
    }
    return this.call() ?? this.path();
  }

  // ---- conditions

  condition(): ConditionSyntax | null {
    let left = this.conjunction();
    if (left === null) return null;
    for (;;) {
      const save = this.pos;
      if (!this.keyword('OR')) return left;
      const right = this.conjunction();
      if (right === null) {
        this.pos = save;
        return null;
      }
      left = { kind: 'or', left, right };
    }
  }

  private conjunction(): ConditionSyntax | null {
    let left = this.negation();
    if (left === null) return null;
    for (;;) {
      const save = this.pos;
      if (!this.keyword('AND')) return left;
      const right = this.negation();
      if (right === null) {
        this.pos = save;
        return null;
      }
      left = { kind: 'and', left, right };
    }
  }

  private negation(): ConditionSyntax | null {
    const save = this.pos;
    if (this.keyword('NOT')) {
      const operand = this.negation();
      if (operand !== null) return { kind: 'not', operand };
      this.pos = save;
      return null;
    }
    return this.primary();
  }

  private primary(): ConditionSyntax | null {
    const save = this.pos;
    if (this.symbol('(')) {
      const inner = this.condition();
      if (inner !== null && this.symbol(')')) return { kind: 'parens', inner };
      this.pos = save;
    }
    return this.comparison();
  }

  private comparison(): ConditionSyntax | null {
    const save = this.pos;
    const left = this.operand();
    if (left === null) return null;
    const token = this.current;
    if (token.kind === 'symbol' && ['=', '<>', '<', '<=', '>', '>='].includes(token.text)) {
      this.pos += 1;
      const right = this.operand();
      if (right !== null) return { kind: 'compare', op: token.text as Comparator, left, right };
      this.pos = save;
      return null;
    }
    this.miss();
    if (this.keyword('BETWEEN')) {
      const lower = this.operand();
      if (lower !== null && this.keyword('AND')) {
        const upper = this.operand();
        if (upper !== null) return { kind: 'between', operand: left, lower, upper };
      }
      this.pos = save;
      return null;
    }
    if (this.keyword('IN')) {
      if (this.symbol('(')) {
        const list: OperandSyntax[] = [];
        for (;;) {
          const item = this.operand();
          if (item === null) break;
          list.push(item);
          if (this.symbol(',')) continue;
          if (this.symbol(')')) return { kind: 'in', operand: left, list };
          break;
        }
      }
      this.pos = save;
      return null;
    }
    if (left.kind === 'call' && left.parens === 0) return { kind: 'call', call: left };
    this.pos = save;
    return null;
  }

  // ---- update

  update(): UpdateSyntax | null {
    const sections: { name: UpdateSectionName; actions: UpdateActionSyntax[] }[] = [];
    for (;;) {
      const name = (['SET', 'REMOVE', 'ADD', 'DELETE'] as const).find((word) => this.keyword(word));
      if (name === undefined) break;
      const actions: UpdateActionSyntax[] = [];
      for (;;) {
        const action = this.updateAction(name);
        if (action === null) return null;
        actions.push(action);
        if (!this.symbol(',')) break;
      }
      sections.push({ name, actions });
    }
    return sections.length === 0 ? null : { sections };
  }

  private updateAction(section: UpdateSectionName): UpdateActionSyntax | null {
    const path = this.path();
    if (path === null) return null;
    switch (section) {
      case 'REMOVE':
        return { kind: 'REMOVE', path };
      case 'ADD':
      case 'DELETE': {
        const token = this.current;
        if (token.kind !== 'value') return this.miss();
        this.pos += 1;
        return { kind: section, path, value: { kind: 'value', text: token.text, parens: 0 } };
      }
      case 'SET': {
        if (!this.symbol('=')) return null;
        const value = this.setValue();
        return value === null ? null : { kind: 'SET', path, value };
      }
    }
  }

  private setValue(): OperandSyntax | null {
    const save = this.pos;
    if (this.symbol('(')) {
      const inner = this.arithmetic();
      if (inner !== null && this.symbol(')')) return { ...inner, parens: inner.parens + 1 };
      this.pos = save;
    }
    return this.arithmetic();
  }

  private arithmetic(): OperandSyntax | null {
    const left = this.operand();
    if (left === null) return null;
    const token = this.current;
    if (token.kind === 'symbol' && (token.text === '+' || token.text === '-')) {
      const save = this.pos;
      this.pos += 1;
      const right = this.operand();
      if (right !== null) return { kind: 'arithmetic', op: token.text, left, right, parens: 0 };
      this.pos = save;
      return null;
    }
    this.miss();
    return left;
  }

  // ---- projection

  projection(): PathSyntax[] | null {
    const paths: PathSyntax[] = [];
    for (;;) {
      const path = this.path();
      if (path === null) return null;
      paths.push(path);
      if (!this.symbol(',')) return paths;
    }
  }
}

/**
 * Parses a condition (ConditionExpression, FilterExpression, KeyConditionExpression).
 * @throws ExpressionSyntaxError with DynamoDB's message.
 */
export function parseConditionSyntax(source: string): ConditionSyntax {
  const parser = new Parser(source, conditionKeywords);
  const result = parser.condition();
  if (result === null || !parser.end()) return parser.fail();
  return result;
}

/**
 * Parses an UpdateExpression.
 * @throws ExpressionSyntaxError with DynamoDB's message.
 */
export function parseUpdateSyntax(source: string): UpdateSyntax {
  const parser = new Parser(source, updateKeywords);
  const result = parser.update();
  if (result === null || !parser.end()) return parser.fail();
  return result;
}

/**
 * Parses a ProjectionExpression.
 * @throws ExpressionSyntaxError with DynamoDB's message.
 */
export function parseProjectionSyntax(source: string): readonly PathSyntax[] {
  const parser = new Parser(source, new Set());
  const result = parser.projection();
  if (result === null || !parser.end()) return parser.fail();
  return result;
}
