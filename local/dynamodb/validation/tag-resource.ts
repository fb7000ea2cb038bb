/**
 * TagResource's and UntagResource's request validation, in DynamoDB's order: the ARN, the
 * list's presence, the ARN's form, an empty list, then each tag or key.
 */
import { validationError, type DynamoDBError } from '../errors.js';
import { validateShape, type StructureShape } from './shape.js';
import { tableNameOfArn } from './resource-arn.js';
import { checkTagKey, checkTags, maxTagsPerResource, tooManyTags, type RawTag, type Tag } from './tags.js';

/** A validated TagResource request. */
export interface TagResourceRequest {
  readonly ResourceArn: string;
  readonly tableName: string;
  readonly Tags: readonly Tag[];
}

/** A validated UntagResource request. */
export interface UntagResourceRequest {
  readonly ResourceArn: string;
  readonly tableName: string;
  readonly TagKeys: readonly string[];
}

const tagResourceShape: StructureShape = {
  type: 'structure',
  name: 'TagResourceInput',
  fields: {
    ResourceArn: { type: 'string' },
    Tags: { type: 'list', member: { type: 'structure', name: 'Tag', fields: { Key: { type: 'string' }, Value: { type: 'string' } } } },
  },
};

const untagResourceShape: StructureShape = {
  type: 'structure',
  name: 'UntagResourceInput',
  fields: {
    ResourceArn: { type: 'string' },
    TagKeys: { type: 'list', member: { type: 'string' } },
  },
};

function mustNotBeNull(member: string): DynamoDBError {
  return validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

/**
 * Validates a TagResource request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateTagResource(body: unknown): TagResourceRequest {
  const request = validateShape<{ ResourceArn?: string; Tags?: RawTag[] }>(body, tagResourceShape);
  if (request.ResourceArn === undefined) throw validationError('Invalid TableArn');
  if (request.Tags === undefined) throw mustNotBeNull('tags');
  const tableName = tableNameOfArn(request.ResourceArn);
  if (request.Tags.length === 0) throw validationError('Atleast one Tag needs to be provided as Input.');
  return { ResourceArn: request.ResourceArn, tableName, Tags: checkTags(request.Tags) };
}

/**
 * Validates an UntagResource request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateUntagResource(body: unknown): UntagResourceRequest {
  const request = validateShape<{ ResourceArn?: string; TagKeys?: string[] }>(body, untagResourceShape);
  if (request.ResourceArn === undefined) throw validationError('Invalid TableArn');
  if (request.TagKeys === undefined) throw mustNotBeNull('tagKeys');
  const tableName = tableNameOfArn(request.ResourceArn);
  if (request.TagKeys.length === 0) throw validationError('Atleast one Tag Key needs to be provided as Input.');
  const keys = request.TagKeys.map(checkTagKey);
  if (keys.length > maxTagsPerResource) throw tooManyTags();
  return { ResourceArn: request.ResourceArn, tableName, TagKeys: keys };
}
