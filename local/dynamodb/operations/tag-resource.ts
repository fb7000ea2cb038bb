/**
 * TagResource and UntagResource: set or remove a table's tags. Applied at once (DynamoDB takes
 * a second or two before ListTagsOfResource shows a change) and journaled under --db-path.
 */
import { maxTagsPerResource, tooManyTags } from '../validation/tags.js';
import type { TagResourceRequest, UntagResourceRequest } from '../validation/tag-resource.js';
import type { OperationContext } from './operation-context.js';
import { taggedTable } from './tagged-table.js';

/**
 * Adds the tags, replacing the values of keys the table already has.
 * @throws DynamoDBError ResourceNotFoundException; ValidationException when the table would carry
 * more than 50 tags (nothing is changed then).
 */
export function tagResource(context: OperationContext, request: TagResourceRequest): Record<string, never> {
  const table = taggedTable(context, request);
  const added = request.Tags.filter((tag) => !table.tags.has(tag.Key)).length;
  if (table.tags.size + added > maxTagsPerResource) throw tooManyTags();
  for (const tag of request.Tags) table.tags.set(tag.Key, tag.Value);
  context.journal?.recordTags(table);
  return {};
}

/**
 * Removes the tags with these keys; keys the table does not have are ignored.
 * @throws DynamoDBError ResourceNotFoundException.
 */
export function untagResource(context: OperationContext, request: UntagResourceRequest): Record<string, never> {
  const table = taggedTable(context, request);
  for (const key of request.TagKeys) table.tags.delete(key);
  context.journal?.recordTags(table);
  return {};
}
