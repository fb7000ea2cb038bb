/**
 * ListTagsOfResource: a table's tags in the order they were first set. A page holds up to 50
 * tags, as many as a table may carry, so like DynamoDB it never returns a NextToken in practice;
 * a NextToken names the last key of the previous page.
 */
import { validationError } from '../errors.js';
import { maxTagsPerResource, type Tag } from '../validation/tags.js';
import type { ListTagsOfResourceRequest } from '../validation/list-tags-of-resource.js';
import type { OperationContext } from './operation-context.js';
import { taggedTable } from './tagged-table.js';

function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/**
 * Lists the table's tags.
 * @throws DynamoDBError ResourceNotFoundException; ValidationException for a NextToken this
 * engine did not issue for this table.
 */
export function listTagsOfResource(context: OperationContext, request: ListTagsOfResourceRequest): { Tags: Tag[]; NextToken?: string } {
  const table = taggedTable(context, request);
  const tags = [...table.tags].map(([Key, Value]) => ({ Key, Value }));
  let start = 0;
  if (request.NextToken !== undefined) {
    const after = tags.findIndex((tag) => encodeToken(tag.Key) === request.NextToken);
    if (after < 0) throw validationError(`Invalid NextToken: ${request.NextToken}`);
    start = after + 1;
  }
  const page = tags.slice(start, start + maxTagsPerResource);
  const last = page[page.length - 1];
  return start + page.length < tags.length && last !== undefined ? { Tags: page, NextToken: encodeToken(last.Key) } : { Tags: page };
}
