import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';

/**
 * Awaits a call that must fail, and checks the error DynamoDB sent: its type (the SDK's
 * exception name) and, when given, its message (exact text, or a pattern for the parts
 * DynamoDB words variably). Returns the error so a test can look at its extra fields.
 */
export async function expectDynamoDBError(
  call: Promise<unknown>,
  type: string,
  message?: string | RegExp,
): Promise<DynamoDBServiceException> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ${type}`).toBeInstanceOf(DynamoDBServiceException);
  const error = caught as DynamoDBServiceException;
  expect(error.name).toBe(type);
  expect(error.$metadata.httpStatusCode).toBe(400);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
