/**
 * The ResourceArn of the tagging operations: which table it names, with DynamoDB's messages for
 * ARNs that name nothing taggable. Only tables are taggable here (DynamoDB also tags streams).
 */
import { validationError } from '../errors.js';
import { engineAccount, engineRegion } from '../storage/table.js';
import { invalidParameters } from './table-shapes.js';

const tableArn = /^arn:aws:dynamodb:([^:]*):([^:]*):table\/([^/]+)$/;

/**
 * The name of the table `arn` names.
 * @throws DynamoDBError ValidationException for a missing, malformed, foreign or non-table ARN.
 */
export function tableNameOfArn(arn: string | undefined): string {
  if (arn === undefined) throw validationError('Invalid TableArn');
  if (!arn.startsWith('arn:')) throw validationError(`${invalidParameters}ARNs must start with 'arn:': ${arn}`);
  if (!arn.startsWith('arn:aws:dynamodb:')) throw validationError(`${invalidParameters}Provided Arn is not a DynamoDB resource arn: ${arn}`);
  const match = tableArn.exec(arn);
  if (match === null) {
    const rest = arn.split(':').slice(5).join(':');
    if (rest.startsWith('table/')) {
      throw validationError(`${invalidParameters}Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`);
    }
    throw validationError(`${invalidParameters}Provided Arn is not a DynamoDB resource arn: ${arn}`);
  }
  const [, region, account, name] = match;
  if (region !== engineRegion || account !== engineAccount || name === undefined) {
    throw validationError(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
  return name;
}
