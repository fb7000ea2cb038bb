/**
 * ExpressionAttributeNames and ExpressionAttributeValues of one request: resolution of `#name`
 * and `:value` placeholders, and the bookkeeping of which ones no expression used.
 */
import type { AttributeValue } from '../values/attribute-value.js';

/** The placeholders of one request; resolving one marks it used. */
export class Placeholders {
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

/**
 * Stands in for a value that could not be resolved (an undefined placeholder), so compilation can
 * go on and report DynamoDB's first error; compilers compare against it by identity.
 */
export const placeholderValue: AttributeValue = { NULL: true };
