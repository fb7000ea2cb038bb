/**
 * The request of an operation that takes no members (DescribeEndpoints, DescribeLimits): any
 * JSON object, as DynamoDB ignores members it does not know.
 */
import { validateShape } from './shape.js';

/**
 * Validates a request without members.
 * @throws DynamoDBError SerializationException when the body is not a JSON object.
 */
export function validateNoMembersRequest(body: unknown, inputName: string): Record<string, never> {
  validateShape(body, { type: 'structure', name: inputName, fields: {} });
  return {};
}
