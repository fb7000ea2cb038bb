/**
 * UpdateTimeToLive's request validation.
 */
import { tableNameShape } from './common-shapes.js';
import { validateShape, type StructureShape } from './shape.js';

/** A validated UpdateTimeToLive request. */
export interface UpdateTimeToLiveRequest {
  readonly TableName: string;
  readonly TimeToLiveSpecification: { readonly Enabled: boolean; readonly AttributeName: string };
}

const updateTimeToLiveShape: StructureShape = {
  type: 'structure',
  name: 'UpdateTimeToLiveInput',
  fields: {
    TableName: tableNameShape,
    TimeToLiveSpecification: {
      type: 'structure',
      name: 'TimeToLiveSpecification',
      notNull: true,
      fields: {
        AttributeName: { type: 'string', notNull: true, minLength: 1, maxLength: 255 },
        Enabled: { type: 'boolean', notNull: true },
      },
    },
  },
};

/**
 * Validates an UpdateTimeToLive request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateUpdateTimeToLive(body: unknown): UpdateTimeToLiveRequest {
  return validateShape<UpdateTimeToLiveRequest>(body, updateTimeToLiveShape);
}
