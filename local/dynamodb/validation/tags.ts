/**
 * Tag rules shared by TagResource, UntagResource and CreateTable: key 1-128 and value 0-256
 * characters (counted in Unicode code points), letters, digits and white space of any script
 * plus `_ . : / = + - @`, no `aws:` prefix on keys (in any case), at most 50 per resource; each
 * with DynamoDB's own message.
 */
import { validationError, type DynamoDBError } from '../errors.js';

/** The most tags one resource may carry. */
export const maxTagsPerResource = 50;

const allowed = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A tag as a request carries it (either member may be missing). */
export interface RawTag {
  readonly Key?: string;
  readonly Value?: string;
}

/** A validated tag. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Checks one tag key.
 * @throws DynamoDBError ValidationException "The Tag Key provided is invalid, Key: ..." or
 * "Tag Key cannot be prefixed with aws:, Key: ...".
 */
export function checkTagKey(key: string | undefined): string {
  if (key === undefined) throw validationError('The Tag Key provided is invalid, Key: null');
  const length = codePoints(key);
  if (length < 1 || length > 128 || !allowed.test(key)) throw validationError(`The Tag Key provided is invalid, Key: ${key}`);
  if (key.toLowerCase().startsWith('aws:')) throw validationError(`Tag Key cannot be prefixed with aws:, Key: ${key}`);
  return key;
}

function checkTagValue(value: string | undefined): string {
  if (value === undefined) throw validationError('The Tag Value provided is invalid, Value: null');
  if (codePoints(value) > 256 || !allowed.test(value)) throw validationError(`The Tag Value provided is invalid, Value: ${value}`);
  return value;
}

/** The error for more tags than a resource may carry. */
export function tooManyTags(): DynamoDBError {
  return validationError('Number of Tags exceed the current limit for the provided ResourceArn');
}

/**
 * Checks a list of tags to set.
 * @throws DynamoDBError ValidationException with DynamoDB's message for the first bad tag, a
 * repeated key, or more than 50 tags.
 */
export function checkTags(tags: readonly RawTag[]): Tag[] {
  const checked = tags.map((tag) => ({ Key: checkTagKey(tag.Key), Value: checkTagValue(tag.Value) }));
  const seen = new Set<string>();
  for (const { Key } of checked) {
    if (seen.has(Key)) throw validationError(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${Key}`);
    seen.add(Key);
  }
  if (checked.length > maxTagsPerResource) throw tooManyTags();
  return checked;
}
