/**
 * ListTagsOfResource's request validation.
 */
import { validationError } from '../errors.js';
import { validateShape, type StructureShape } from './shape.js';
import { tableNameOfArn } from './resource-arn.js';

/** A validated ListTagsOfResource request. */
export interface ListTagsOfResourceRequest {
  readonly ResourceArn: string;
  readonly tableName: string;
  readonly NextToken: string | undefined;
}

const listTagsOfResourceShape: StructureShape = {
  type: 'structure',
  name: 'ListTagsOfResourceInput',
  fields: { ResourceArn: { type: 'string' }, NextToken: { type: 'string' } },
};

/**
 * Validates a ListTagsOfResource request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateListTagsOfResource(body: unknown): ListTagsOfResourceRequest {
  const request = validateShape<{ ResourceArn?: string; NextToken?: string }>(body, listTagsOfResourceShape);
  if (request.ResourceArn === undefined) throw validationError('Invalid TableArn');
  return { ResourceArn: request.ResourceArn, tableName: tableNameOfArn(request.ResourceArn), NextToken: request.NextToken };
}
