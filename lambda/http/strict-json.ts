/** One place where a JSON text breaks the rules: the dotted path of the member, and why. */
export interface StrictJsonViolation {
  readonly path: string;
  readonly message: string;
}

/**
 * What `parseStrictJson` read: invalid JSON (`value` absent), or the value with every violation
 * found (none: the text is acceptable).
 */
export type StrictJson =
  | { readonly json: false }
  | { readonly json: true; readonly value: unknown; readonly violations: readonly StrictJsonViolation[] };

/** Options of `parseStrictJson`. */
export interface StrictJsonOptions {
  /**
   * Refuse every number not written as a plain integer (`-?(0|[1-9][0-9]*)`): `1.0`, `1e2`
   * and `99.999999999999999999` are refused rather than rounded by the double they parse to.
   */
  readonly integersOnly: boolean;
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly names: Set<string>;
  name: string;
  expectingName: boolean;
}

interface ArrayFrame {
  readonly kind: 'array';
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

/**
 * Parses an I-JSON text (RFC 7493): JSON whose objects never repeat a member name, and, with
 * `integersOnly`, whose numbers are all plain integers. `JSON.parse` checks the syntax and builds
 * the value; one linear pass over the text then finds what it cannot see (it keeps the last of
 * duplicate members and turns every number into a double). Each violation names the dotted
 * path of the offending member (`amount`, `items.0.price`; the body itself is `''`).
 */
export function parseStrictJson(text: string, options: StrictJsonOptions): StrictJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { json: false };
  }
  return { json: true, value, violations: strictnessViolations(text, options) };
}

/** Walks text already known to be valid JSON. */
function strictnessViolations(text: string, options: StrictJsonOptions): StrictJsonViolation[] {
  const violations: StrictJsonViolation[] = [];
  const frames: Frame[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text.charAt(at);
    const frame = frames.at(-1);
    if (char === '"') {
      const end = endOfString(text, at);
      if (frame?.kind === 'object' && frame.expectingName) {
        const name = JSON.parse(text.slice(at, end)) as string;
        frame.name = name;
        if (frame.names.has(name)) violations.push({ path: pathOf(frames), message: 'member name appears more than once in its object' });
        frame.names.add(name);
      }
      at = end;
      continue;
    }
    if (char === '-' || (char >= '0' && char <= '9')) {
      let end = at + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end += 1;
      if (options.integersOnly && !isPlainInteger(text, at, end)) {
        violations.push({ path: pathOf(frames), message: 'numbers must be written as plain integers, without a fraction or an exponent' });
      }
      at = end;
      continue;
    }
    if (char === '{') frames.push({ kind: 'object', names: new Set(), name: '', expectingName: true });
    else if (char === '[') frames.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') frames.pop();
    else if (char === ':' && frame?.kind === 'object') frame.expectingName = false;
    else if (char === ',' && frame !== undefined) {
      if (frame.kind === 'object') frame.expectingName = true;
      else frame.index += 1;
    }
    at += 1;
  }
  return violations;
}

/** Index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let at = start + 1;
  while (at < text.length) {
    const char = text.charAt(at);
    if (char === '\\') at += 2;
    else if (char === '"') return at + 1;
    else at += 1;
  }
  return at;
}

function isNumberChar(code: number): boolean {
  // digits, '+', '-', '.', 'e', 'E'
  return (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e || code === 0x65 || code === 0x45;
}

function isPlainInteger(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 0x2e || code === 0x65 || code === 0x45) return false;
  }
  return true;
}

function pathOf(frames: readonly Frame[]): string {
  return frames.map((frame) => (frame.kind === 'object' ? frame.name : String(frame.index))).join('.');
}
