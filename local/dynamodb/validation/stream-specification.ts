/**
 * The StreamSpecification member of CreateTable and UpdateTable: its shape, and what a valid one
 * asks for.
 */
import { validationError } from '../errors.js';
import type { StreamViewType } from '../streams/table-stream.js';
import type { StructureShape } from './shape.js';

/** StreamSpecification as the request carries it. */
export interface RawStreamSpecification {
  readonly StreamEnabled: boolean;
  readonly StreamViewType?: StreamViewType;
}

/** StreamSpecification's shape: StreamEnabled is required, StreamViewType one of the four. */
export const streamSpecificationShape: StructureShape = {
  type: 'structure',
  name: 'StreamSpecification',
  fields: {
    StreamEnabled: { type: 'boolean', notNull: true },
    // DynamoDB lists the view types in this order in its enum message.
    StreamViewType: { type: 'string', enum: ['OLD_IMAGE', 'KEYS_ONLY', 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE'] },
  },
};

const invalid = 'One or more parameter values were invalid: ';

/**
 * What CreateTable's StreamSpecification asks for: the view type of the stream to create, or
 * undefined for none.
 * @throws DynamoDBError ValidationException when a disabled stream names a view type, or an
 * enabled one names none.
 */
export function createTableStream(specification: RawStreamSpecification | undefined): StreamViewType | undefined {
  if (specification === undefined) return undefined;
  if (!specification.StreamEnabled) {
    if (specification.StreamViewType !== undefined) {
      throw validationError(`${invalid}Table is being created with a stream disabled, UpdateViewType should not be specified`);
    }
    return undefined;
  }
  if (specification.StreamViewType === undefined) {
    throw validationError(`${invalid}Table is being created with a stream enabled, UpdateViewType is required`);
  }
  return specification.StreamViewType;
}
