/**
 * The lexer shared by every expression grammar. Characters it does not know become one-character
 * tokens, so the parser can report them the way DynamoDB does (`token: "!"`).
 */

/** Kinds of token. `name` is `#x`, `value` is `:x`. */
export type TokenKind = 'identifier' | 'name' | 'value' | 'number' | 'symbol' | 'unknown' | 'eof';

/** One token with its span in the source. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const twoCharSymbols = new Set(['<>', '<=', '>=']);
const oneCharSymbols = new Set(['=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-']);

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Splits an expression into tokens, ending with one `eof` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (isSpace(code)) {
      i += 1;
      continue;
    }
    const start = i;
    if (isDigit(code)) {
      while (i < source.length && isDigit(source.charCodeAt(i))) i += 1;
      tokens.push({ kind: 'number', text: source.slice(start, i), start, end: i });
      continue;
    }
    // A bare name starts with a letter; anything else (such as "_") is a token of its own.
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      while (i < source.length && isWordChar(source.charCodeAt(i))) i += 1;
      tokens.push({ kind: 'identifier', text: source.slice(start, i), start, end: i });
      continue;
    }
    if ((code === 35 || code === 58) && i + 1 < source.length && isWordChar(source.charCodeAt(i + 1))) {
      i += 1;
      while (i < source.length && isWordChar(source.charCodeAt(i))) i += 1;
      tokens.push({ kind: code === 35 ? 'name' : 'value', text: source.slice(start, i), start, end: i });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (twoCharSymbols.has(two)) {
      i += 2;
      tokens.push({ kind: 'symbol', text: two, start, end: i });
      continue;
    }
    // A lone surrogate pair stays one token so the message never splits a character.
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < source.length ? 2 : 1;
    i += width;
    const text = source.slice(start, i);
    tokens.push({ kind: oneCharSymbols.has(text) ? 'symbol' : 'unknown', text, start, end: i });
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: source.length, end: source.length });
  return tokens;
}
