/**
 * UpdateItem: edits the item in place, creating it when absent (an upsert).
 */
import type { OperationContext } from './operation-context.js';
import { projectUpdatedPaths } from '../expressions/apply-update.js';
import type { Item } from '../values/attribute-value.js';
import type { UpdateItemRequest } from '../validation/update-item.js';
import { withItemCollectionMetrics, type ItemCollectionMetrics } from './item-collection-metrics.js';
import { singleWrite, type AppliedOutcome } from './single-write.js';

function nonEmpty(item: Item | undefined): { Attributes?: Item } {
  if (item === undefined) return {};
  for (const _ in item) return { Attributes: item };
  return {};
}

/**
 * Updates the item, if its condition holds.
 * @throws DynamoDBError ConditionalCheckFailedException, ResourceNotFoundException, ValidationException.
 */
export function updateItem(context: OperationContext, request: UpdateItemRequest): { Attributes?: Item; ItemCollectionMetrics?: ItemCollectionMetrics } {
  const { outcome, target } = singleWrite(context, request.action);
  const response = returnedAttributes(request, outcome);
  return request.returnItemCollectionMetrics ? withItemCollectionMetrics(response, target) : response;
}

function returnedAttributes(request: UpdateItemRequest, outcome: AppliedOutcome): { Attributes?: Item } {
  const previous = outcome.previous?.item;
  switch (request.returnValues) {
    case 'NONE':
      return {};
    case 'ALL_OLD':
      return nonEmpty(previous);
    case 'ALL_NEW':
      return nonEmpty(outcome.next);
    case 'UPDATED_OLD':
      return previous === undefined ? {} : nonEmpty(projectUpdatedPaths(previous, outcome.updatedPaths));
    case 'UPDATED_NEW':
      return outcome.next === undefined ? {} : nonEmpty(projectUpdatedPaths(outcome.next, outcome.updatedPaths));
  }
}
