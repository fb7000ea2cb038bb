/**
 * DynamoDB numbers, exactly: parsed into a sign, a string of significant digits and a scale, so
 * no value ever passes through a JavaScript float. Arithmetic uses bigint on aligned
 * coefficients. No decimal library: the operations needed (parse, format, compare, add,
 * subtract, size) are few, the limits (38 digits, exponents -130..125) are DynamoDB's own, and
 * the project may not add dependencies.
 */
import { validationError } from '../errors.js';

/**
 * A finite decimal `(-1)^negative × digits × 10^scale`. `digits` has no leading or trailing
 * zeros; zero is `digits === ''` (and never negative).
 */
export interface DecimalNumber {
  readonly negative: boolean;
  readonly digits: string;
  readonly scale: number;
}

/** DynamoDB's limits: at most 38 significant digits, magnitudes 1E-130 .. 9.99…E+125. */
const maxDigits = 38;
const maxLeadingExponent = 125;
const minLeadingExponent = -130;

export const numberMessages = {
  empty: 'The parameter cannot be converted to a numeric value',
  invalid: (text: string) => `The parameter cannot be converted to a numeric value: ${text}`,
  overflow: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
  underflow: 'Number underflow. Attempting to store a number with magnitude smaller than supported range',
  tooManyDigits: 'Attempting to store more than 38 significant digits in a Number',
} as const;

// Java BigDecimal's grammar, which is what DynamoDB accepts: optional sign, digits with an
// optional point (".5" and "5." included), optional exponent.
const numberPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const zero: DecimalNumber = { negative: false, digits: '', scale: 0 };

/** Exponent of the leading digit (`1.5E3` → 3); meaningless for zero. */
function leadingExponent(value: DecimalNumber): number {
  return value.scale + value.digits.length - 1;
}

/** Strips zeros and builds the normalized form from raw digits and a scale. */
function normalize(negative: boolean, rawDigits: string, scale: number): DecimalNumber {
  let start = 0;
  while (start < rawDigits.length && rawDigits.charCodeAt(start) === 48) start += 1;
  let end = rawDigits.length;
  while (end > start && rawDigits.charCodeAt(end - 1) === 48) end -= 1;
  if (start === end) return zero;
  return { negative, digits: rawDigits.slice(start, end), scale: scale + (rawDigits.length - end) };
}

/** The problem with a number's magnitude or precision, or undefined when DynamoDB stores it. */
function limitProblem(value: DecimalNumber): string | undefined {
  if (value.digits === '') return undefined;
  const lead = leadingExponent(value);
  if (lead > maxLeadingExponent) return numberMessages.overflow;
  if (lead < minLeadingExponent) return numberMessages.underflow;
  if (value.digits.length > maxDigits) return numberMessages.tooManyDigits;
  return undefined;
}

/**
 * The common case without the regular expression: an optional `-` and 1 to 38 digits, no
 * leading zero (so zero itself, `-0`, `+1`, `007` and longer or decimal forms take the general
 * path). Gives exactly what the general path gives for these texts.
 */
function parsePlainInteger(text: string): DecimalNumber | undefined {
  const negative = text.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  const length = text.length - start;
  if (length === 0 || length > maxDigits) return undefined;
  const first = text.charCodeAt(start);
  if (first < 49 || first > 57) return undefined;
  let end = text.length;
  for (let i = start + 1; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  // Trailing zeros move into the scale, as normalize() does.
  while (text.charCodeAt(end - 1) === 48) end -= 1;
  return { negative, digits: start === 0 && end === text.length ? text : text.slice(start, end), scale: text.length - end };
}

/**
 * Parses a number string as DynamoDB does.
 * @returns the value, or DynamoDB's message for why it is not a storable number.
 */
export function parseNumber(text: string): DecimalNumber | string {
  if (text === '') return numberMessages.empty;
  const plain = parsePlainInteger(text);
  if (plain !== undefined) return plain;
  const match = numberPattern.exec(text);
  if (match === null) return numberMessages.invalid(text);
  const intPart = match[2] ?? '';
  const fracPart = match[3] ?? '';
  if (intPart === '' && fracPart === '') return numberMessages.invalid(text);
  const expText = match[4];
  // An exponent too long for a safe integer is out of range either way; clamp keeps it so.
  let exponent = expText === undefined ? 0 : Number(expText);
  if (!Number.isSafeInteger(exponent)) exponent = exponent > 0 ? 1e15 : -1e15;
  const value = normalize(match[1] === '-', intPart + fracPart, exponent - fracPart.length);
  return limitProblem(value) ?? value;
}

/**
 * Parses and validates a number.
 * @throws DynamoDBError ValidationException with DynamoDB's message when invalid or out of range.
 */
export function decimalOf(text: string): DecimalNumber {
  const parsed = parseNumber(text);
  if (typeof parsed === 'string') throw validationError(parsed);
  return parsed;
}

/** Formats a decimal the way DynamoDB returns numbers: plain notation, no exponent, no extra zeros. */
export function formatNumber(value: DecimalNumber): string {
  if (value.digits === '') return '0';
  const sign = value.negative ? '-' : '';
  if (value.scale >= 0) return sign + value.digits + '0'.repeat(value.scale);
  const point = value.digits.length + value.scale;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${value.digits}`;
  return `${sign}${value.digits.slice(0, point)}.${value.digits.slice(point)}`;
}

/**
 * The canonical text of a number, as DynamoDB stores and returns it ("1.50" → "1.5",
 * "1e2" → "100", "-0" → "0").
 * @throws DynamoDBError ValidationException with DynamoDB's message when invalid or out of range.
 */
export function canonicalNumber(text: string): string {
  return formatNumber(decimalOf(text));
}

/** Compares two decimals numerically: negative, zero or positive. */
export function compareDecimals(a: DecimalNumber, b: DecimalNumber): number {
  const signA = a.digits === '' ? 0 : a.negative ? -1 : 1;
  const signB = b.digits === '' ? 0 : b.negative ? -1 : 1;
  if (signA !== signB) return signA - signB;
  if (signA === 0) return 0;
  const magnitude = compareMagnitudes(a, b);
  return signA < 0 ? 0 - magnitude : magnitude;
}

function compareMagnitudes(a: DecimalNumber, b: DecimalNumber): number {
  const leadA = leadingExponent(a);
  const leadB = leadingExponent(b);
  if (leadA !== leadB) return leadA - leadB;
  // Same leading exponent: digit strings line up from the left; a longer tail is larger.
  const length = Math.min(a.digits.length, b.digits.length);
  for (let i = 0; i < length; i += 1) {
    const diff = a.digits.charCodeAt(i) - b.digits.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  return a.digits.length - b.digits.length;
}

/**
 * Compares two number strings numerically (they need not be canonical).
 * @throws DynamoDBError when either is not a valid number.
 */
export function compareNumbers(a: string, b: string): number {
  return compareDecimals(decimalOf(a), decimalOf(b));
}

function coefficient(value: DecimalNumber, scale: number): bigint {
  if (value.digits === '') return 0n;
  const magnitude = BigInt(value.digits) * 10n ** BigInt(value.scale - scale);
  return value.negative ? -magnitude : magnitude;
}

/**
 * The exact sum of two decimals, checked against DynamoDB's limits.
 * @throws DynamoDBError ValidationException: Number overflow (also for a result needing more than
 * 38 significant digits, as DynamoDB answers), Number underflow.
 */
export function addDecimals(a: DecimalNumber, b: DecimalNumber): DecimalNumber {
  if (a.digits === '') return b;
  if (b.digits === '') return a;
  const scale = Math.min(a.scale, b.scale);
  const sum = coefficient(a, scale) + coefficient(b, scale);
  const negative = sum < 0n;
  const result = normalize(negative, (negative ? -sum : sum).toString(), scale);
  const problem = limitProblem(result);
  // DynamoDB neither rounds an arithmetic result to 38 digits nor reports it as too precise:
  // a sum that needs more digits (1E+50 + 1) is refused as a Number overflow.
  if (problem !== undefined) throw validationError(problem === numberMessages.tooManyDigits ? numberMessages.overflow : problem);
  return result;
}

/** `-value`. */
export function negateDecimal(value: DecimalNumber): DecimalNumber {
  return value.digits === '' ? value : { ...value, negative: !value.negative };
}

/**
 * Adds two number strings exactly and returns the canonical result.
 * @throws DynamoDBError ValidationException when an operand is invalid or the result is out of range.
 */
export function addNumbers(a: string, b: string): string {
  return formatNumber(addDecimals(decimalOf(a), decimalOf(b)));
}

/**
 * Subtracts `b` from `a` exactly and returns the canonical result.
 * @throws DynamoDBError ValidationException when an operand is invalid or the result is out of range.
 */
export function subtractNumbers(a: string, b: string): string {
  return formatNumber(addDecimals(decimalOf(a), negateDecimal(decimalOf(b))));
}

/**
 * Bytes a number occupies in DynamoDB's item size. DynamoDB stores the significant digits in
 * base-100 pairs aligned on the decimal point (so "1.5" needs two pairs, "15" one), plus one
 * byte of exponent and one more for a negative sign; zero is one byte. This reproduces the
 * per-literal sizes measured against the 400 KB limit.
 * @throws DynamoDBError when the text is not a valid number.
 */
export function numberSize(text: string): number {
  return decimalSize(decimalOf(text));
}

/** {@link numberSize} for a parsed decimal. */
export function decimalSize(value: DecimalNumber): number {
  if (value.digits === '') return 1;
  const lead = leadingExponent(value);
  const last = value.scale;
  // Pair index of a digit at power p is floor(p / 2); count the pairs the digits span.
  const pairs = Math.floor(lead / 2) - Math.floor(last / 2) + 1;
  return 1 + pairs + (value.negative ? 1 : 0);
}
