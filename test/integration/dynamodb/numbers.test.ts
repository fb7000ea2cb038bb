import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

/**
 * A decimal number reduced to sign, significant digits and exponent, so that two spellings of
 * the same value ("1E+125" and "1000…0") compare equal without passing through a float.
 */
function decimal(text: string): { negative: boolean; digits: string; exponent: number } {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const allDigits = whole + fraction;
  const leading = allDigits.length - allDigits.replace(/^0+/, '').length;
  const digits = allDigits.replace(/^0+/, '').replace(/0+$/, '');
  if (digits === '') return { negative: false, digits: '0', exponent: 0 };
  // Exponent of the first significant digit, in scientific notation.
  const firstDigitExponent = whole.length - leading - 1 + Number(exponent);
  return { negative: sign === '-', digits, exponent: firstDigitExponent };
}

describe('numbers', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('numbers');
  const numberKeyTable = uniqueTableName('numbers-key');

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
    await createTestTable(client, numberKeyTable, { hash: { name: 'id', type: 'N' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table, numberKeyTable]);
    client.destroy();
  });

  async function storeNumber(pk: string, n: string): Promise<void> {
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: n } } }));
  }

  async function readItem(pk: string): Promise<Record<string, AttributeValue> | undefined> {
    const result = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
    return result.Item;
  }

  async function readNumber(pk: string): Promise<string | undefined> {
    return (await readItem(pk))?.n?.N;
  }

  it.each([
    ['1.50', '1.5'],
    ['0.0', '0'],
    ['-0', '0'],
    ['007', '7'],
    ['1e3', '1000'],
    ['1E-2', '0.01'],
    ['-12.3400', '-12.34'],
    ['100', '100'],
    ['.5', '0.5'],
  ])('stores %s and returns it in canonical form %s', async (input, canonical) => {
    const pk = `canonical-${input}`;
    await storeNumber(pk, input);
    expect(await readNumber(pk)).toBe(canonical);
  });

  it('keeps 38 significant digits exactly, never through a float', async () => {
    const values = [
      '12345678901234567890123456789012345678',
      '-0.12345678901234567890123456789012345678',
      '9007199254740993',
      '1234567890123456789.0123456789012345678',
    ];
    for (const [index, value] of values.entries()) {
      await storeNumber(`precise-${index}`, value);
      expect(await readNumber(`precise-${index}`)).toBe(value);
    }
  });

  it('rejects a 39th significant digit', async () => {
    await expectDynamoDBError(
      storeNumber('too-precise', '123456789012345678901234567890123456789'),
      'ValidationException',
      'Attempting to store more than 38 significant digits in a Number',
    );
    expect(await readItem('too-precise')).toBeUndefined();
  });

  it('does not count leading or trailing zeros as significant', async () => {
    await storeNumber('zeros', '0.000000000000000000000012345678901234567890123456789012345678000');
    const stored = await readNumber('zeros');
    expect(stored).toBeDefined();
    expect(decimal(stored ?? '')).toEqual(decimal('1.2345678901234567890123456789012345678E-23'));
  });

  it('accepts the largest and smallest magnitudes DynamoDB supports', async () => {
    const largest = '9.9999999999999999999999999999999999999E+125';
    const smallest = '1E-130';
    await storeNumber('largest', largest);
    await storeNumber('smallest', `-${smallest}`);
    expect(decimal((await readNumber('largest')) ?? '')).toEqual(decimal(largest));
    expect(decimal((await readNumber('smallest')) ?? '')).toEqual(decimal(`-${smallest}`));
  });

  it('rejects a magnitude above the range with a Number overflow', async () => {
    await expectDynamoDBError(
      storeNumber('overflow', '1E+126'),
      'ValidationException',
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    await expectDynamoDBError(
      storeNumber('overflow', '-1E+126'),
      'ValidationException',
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    expect(await readItem('overflow')).toBeUndefined();
  });

  it('rejects a magnitude below the range with a Number underflow', async () => {
    await expectDynamoDBError(
      storeNumber('underflow', '1E-131'),
      'ValidationException',
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
    expect(await readItem('underflow')).toBeUndefined();
  });

  it.each(['abc', '', '1.2.3', 'NaN', 'Infinity', '0x10', '1e'])('rejects %j as not a number', async (text) => {
    // AWS has answered both wordings over the years (DynamoDB Local and newer captures say
    // "A value provided…", older service responses "The parameter cannot be converted…").
    await expectDynamoDBError(
      storeNumber('not-a-number', text),
      'ValidationException',
      /^(A value provided cannot be converted into a number|The parameter cannot be converted to a numeric value(: .*)?)$/,
    );
    expect(await readItem('not-a-number')).toBeUndefined();
  });

  it('adds decimals exactly: 0.1 + 0.2 = 0.3', async () => {
    await storeNumber('sum', '0.1');
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'sum' } },
        UpdateExpression: 'SET n = n + :b',
        ExpressionAttributeValues: { ':b': { N: '0.2' } },
      }),
    );
    expect(await readNumber('sum')).toBe('0.3');
  });

  it('carries 38-digit arithmetic past 2^53 without rounding', async () => {
    await storeNumber('carry', '99999999999999999999999999999999999999');
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'carry' } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
    expect(await readNumber('carry')).toBe('100000000000000000000000000000000000000');
  });

  it('rejects arithmetic whose result overflows the range', async () => {
    await storeNumber('big', '9.9999999999999999999999999999999999999E+125');
    await expectDynamoDBError(
      client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'big' } },
          UpdateExpression: 'SET n = n + :x',
          ExpressionAttributeValues: { ':x': { N: '9.9999999999999999999999999999999999999E+125' } },
        }),
      ),
      'ValidationException',
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    expect(decimal((await readNumber('big')) ?? '')).toEqual(decimal('9.9999999999999999999999999999999999999E+125'));
  });

  // DynamoDB does not round an arithmetic result to 38 significant digits: it refuses one that
  // needs more, with its overflow message, and the item keeps its value.
  it.each([
    ['SET n = n + :x', '1E+50', '1'],
    ['SET n = n - :x', '1E+50', '1'],
    ['ADD n :x', '12345678901234567890123456789012345678', '0.1'],
  ])('refuses "%s" when the result needs more than 38 digits (%s and %s)', async (update, stored, operand) => {
    await storeNumber('precision', stored);
    await expectDynamoDBError(
      client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'precision' } },
          UpdateExpression: update,
          ExpressionAttributeValues: { ':x': { N: operand } },
        }),
      ),
      'ValidationException',
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    expect(decimal((await readNumber('precision')) ?? '')).toEqual(decimal(stored));
  });

  it('keeps an arithmetic result of exactly 38 digits', async () => {
    await storeNumber('precision-38', '1234567890123456789012345678901234567.8');
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'precision-38' } },
        UpdateExpression: 'ADD n :x',
        ExpressionAttributeValues: { ':x': { N: '0.1' } },
      }),
    );
    expect(await readNumber('precision-38')).toBe('1234567890123456789012345678901234567.9');
  });

  it('canonicalizes number sets', async () => {
    await client.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'set' }, ns: { NS: ['1.0', '02', '-3.50'] } } }),
    );
    const stored = (await readItem('set'))?.ns?.NS;
    expect([...(stored ?? [])].sort()).toEqual(['-3.5', '1', '2']);
  });

  it('treats number keys by value: 1.0 and 1 are the same key', async () => {
    await client.send(new PutItemCommand({ TableName: numberKeyTable, Item: { id: { N: '1.0' }, v: { S: 'first' } } }));
    await client.send(new PutItemCommand({ TableName: numberKeyTable, Item: { id: { N: '1' }, v: { S: 'second' } } }));
    const result = await client.send(
      new GetItemCommand({ TableName: numberKeyTable, Key: { id: { N: '1.00' } }, ConsistentRead: true }),
    );
    expect(result.Item).toEqual({ id: { N: '1' }, v: { S: 'second' } });
  });

  it('compares numbers by value, not as text', async () => {
    await storeNumber('compare', '10');
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'compare' } },
        UpdateExpression: 'SET checked = :t',
        ConditionExpression: 'n > :nine AND n = :ten',
        ExpressionAttributeValues: { ':t': { BOOL: true }, ':nine': { N: '9' }, ':ten': { N: '10.000' } },
      }),
    );
    expect((await readItem('compare'))?.checked).toEqual({ BOOL: true });
  });
});
