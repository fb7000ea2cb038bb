/** Nesting deeper than this is not canonicalised (the body is then fingerprinted as raw bytes). */
const maxDepth = 512;

class NotJson extends Error {}

/**
 * The canonical form of a JSON text, or undefined when `text` is not JSON: object members
 * sorted by key (UTF-16 code units, as RFC 8785), the last of duplicate keys kept (as
 * `JSON.parse` does), insignificant whitespace removed, strings re-escaped minimally.
 *
 * Numbers are kept exactly as written. Parsing them to IEEE doubles would make two different
 * amounts such as 9007199254740993 and 9007199254740992 canonically equal, and so replay one
 * request's response to another; keeping the lexeme means `1.0` and `1` differ instead, which
 * costs at worst a 422 for a client that re-serialises its retry differently.
 */
export function canonicalJson(text: string): string | undefined {
  const parser = new Parser(text);
  try {
    parser.skipWhitespace();
    const value = parser.value(0);
    parser.skipWhitespace();
    if (!parser.atEnd()) return undefined;
    return value;
  } catch (error) {
    if (error instanceof NotJson) return undefined;
    throw error;
  }
}

const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const escapes: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  #at = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  atEnd(): boolean {
    return this.#at === this.#text.length;
  }

  skipWhitespace(): void {
    while (this.#at < this.#text.length) {
      const char = this.#text.charAt(this.#at);
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return;
      this.#at += 1;
    }
  }

  value(depth: number): string {
    if (depth > maxDepth) throw new NotJson();
    const char = this.#text.charAt(this.#at);
    switch (char) {
      case '{':
        return this.#object(depth);
      case '[':
        return this.#array(depth);
      case '"':
        return JSON.stringify(this.#string());
      case 't':
        return this.#literal('true');
      case 'f':
        return this.#literal('false');
      case 'n':
        return this.#literal('null');
      default:
        return this.#number();
    }
  }

  #object(depth: number): string {
    this.#at += 1;
    const members = new Map<string, string>();
    this.skipWhitespace();
    if (this.#eat('}')) return '{}';
    for (;;) {
      this.skipWhitespace();
      if (this.#text.charAt(this.#at) !== '"') throw new NotJson();
      const key = this.#string();
      this.skipWhitespace();
      this.#expect(':');
      this.skipWhitespace();
      // Delete first so a duplicate key takes the last value, as JSON.parse does.
      members.delete(key);
      members.set(key, this.value(depth + 1));
      this.skipWhitespace();
      if (this.#eat('}')) break;
      this.#expect(',');
    }
    const keys = [...members.keys()].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}:${members.get(key) ?? ''}`).join(',')}}`;
  }

  #array(depth: number): string {
    this.#at += 1;
    const items: string[] = [];
    this.skipWhitespace();
    if (this.#eat(']')) return '[]';
    for (;;) {
      this.skipWhitespace();
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      if (this.#eat(']')) break;
      this.#expect(',');
    }
    return `[${items.join(',')}]`;
  }

  #string(): string {
    this.#at += 1;
    let out = '';
    for (;;) {
      if (this.#at >= this.#text.length) throw new NotJson();
      const char = this.#text.charAt(this.#at);
      const code = char.charCodeAt(0);
      this.#at += 1;
      if (char === '"') return out;
      if (code < 0x20) throw new NotJson();
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = this.#text.charAt(this.#at);
      this.#at += 1;
      if (escape === 'u') {
        const hex = this.#text.slice(this.#at, this.#at + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new NotJson();
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.#at += 4;
        continue;
      }
      const unescaped = escapes[escape];
      if (unescaped === undefined) throw new NotJson();
      out += unescaped;
    }
  }

  #number(): string {
    numberPattern.lastIndex = this.#at;
    const match = numberPattern.exec(this.#text);
    if (match === null) throw new NotJson();
    this.#at += match[0].length;
    return match[0];
  }

  #literal(word: string): string {
    if (!this.#text.startsWith(word, this.#at)) throw new NotJson();
    this.#at += word.length;
    return word;
  }

  #eat(char: string): boolean {
    if (this.#text.charAt(this.#at) !== char) return false;
    this.#at += 1;
    return true;
  }

  #expect(char: string): void {
    if (!this.#eat(char)) throw new NotJson();
  }
}
