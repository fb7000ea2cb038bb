/**
 * The first-error-wins bookkeeping DynamoDB's expression messages follow, and the message texts
 * several expression kinds share.
 */

/** Thrown inside a compile step with the message to prefix with `Invalid X: `. */
export class ExpressionProblem extends Error {}

/** Keeps the first message per category; the winner is the first category, in order, that has one. */
export class Problems<C extends string> {
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

/** The message for an undefined `#name` placeholder. */
export const undefinedName = (name: string) => `An expression attribute name used in the document path is not defined; attribute name: ${name}`;
/** The message for an undefined `:value` placeholder. */
export const undefinedValue = (name: string) => `An expression attribute value used in expression is not defined; attribute value: ${name}`;
/** The message for a reserved word used as an attribute name. */
export const reservedMessage = (word: string) => `Attribute name is a reserved keyword; reserved keyword: ${word}`;
/** The message for a function or operator given the wrong number of operands. */
export const operandCount = (name: string, count: number) =>
  `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${count}`;
/** The message for a function or operator given an operand of the wrong type. */
export const operandType = (name: string, type: string) => `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`;
/** The message for a function that needs a document path operand. */
export const needsPath = (name: string) => `Operator or function requires a document path; operator or function: ${name}`;
