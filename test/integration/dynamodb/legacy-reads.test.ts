import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type Condition,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

type Values = Record<string, AttributeValue>;

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });
const B = (text: string): AttributeValue => ({ B: new TextEncoder().encode(text) });

const cond = (ComparisonOperator: Condition['ComparisonOperator'], ...AttributeValueList: AttributeValue[]): Condition =>
  AttributeValueList.length === 0 ? { ComparisonOperator } : { ComparisonOperator, AttributeValueList };

const invalid = 'One or more parameter values were invalid';
const mixing = 'Can not use both expression and non-expression parameters in the same request';

/** Items of the Query table: partition `p` with five sort keys, and one item elsewhere. */
const sorted: Values[] = [
  { pk: S('p'), sk: S('a1'), n: N('1'), tag: S('red') },
  { pk: S('p'), sk: S('a2'), n: N('2'), tag: S('blue'), extra: S('x') },
  { pk: S('p'), sk: S('b1'), n: N('3'), tag: S('red') },
  { pk: S('p'), sk: S('b2'), n: N('4') },
  { pk: S('p'), sk: S('c1'), n: N('5'), tag: S('green') },
  { pk: S('q'), sk: S('a1'), n: N('1'), tag: S('red') },
];

/** Items of the Scan table, one per shape of attribute the filters look at. */
const scanned: Values[] = [
  { id: S('1'), v: N('10'), s: S('apple pie') },
  { id: S('2'), v: N('20'), s: S('banana'), ss: { SS: ['x', 'y'] } },
  { id: S('3'), v: S('20'), b: B('bytes') },
  { id: S('4'), ns: { NS: ['1', '2'] }, l: { L: [S('x'), N('1')] } },
  { id: S('5'), v: N('30'), nul: { NULL: true }, t: { BOOL: false } },
];

describe('legacy parameters on reads', () => {
  const client = testDynamoDBClient();
  const queryTable = uniqueTableName('legacy-query');
  const scanTable = uniqueTableName('legacy-scan');

  beforeAll(async () => {
    await createTestTable(client, queryTable, { hash: { name: 'pk', type: 'S' }, range: { name: 'sk', type: 'S' } });
    await createTestTable(client, scanTable, { hash: { name: 'id', type: 'S' } });
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [queryTable]: sorted.map((Item) => ({ PutRequest: { Item } })),
          [scanTable]: scanned.map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  });

  afterAll(async () => {
    await deleteTestTables(client, [queryTable, scanTable]);
    client.destroy();
  });

  const partitionP = { pk: cond('EQ', S('p')) };

  function query(input: Omit<QueryCommandInput, 'TableName'>) {
    return client.send(new QueryCommand({ TableName: queryTable, ConsistentRead: true, ...input }));
  }

  async function sortKeys(input: Omit<QueryCommandInput, 'TableName'>): Promise<(string | undefined)[]> {
    const result = await query(input);
    return (result.Items ?? []).map((item) => item.sk?.S);
  }

  function scan(input: Omit<ScanCommandInput, 'TableName'>) {
    return client.send(new ScanCommand({ TableName: scanTable, ConsistentRead: true, ...input }));
  }

  async function scannedIds(input: Omit<ScanCommandInput, 'TableName'>): Promise<(string | undefined)[]> {
    const result = await scan(input);
    return (result.Items ?? []).map((item) => item.id?.S).sort();
  }

  describe('Query KeyConditions', () => {
    it('reads a partition in sort key order, either way', async () => {
      expect(await sortKeys({ KeyConditions: partitionP })).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
      expect(await sortKeys({ KeyConditions: partitionP, ScanIndexForward: false })).toEqual(['c1', 'b2', 'b1', 'a2', 'a1']);
      const result = await query({ KeyConditions: partitionP });
      expect(result.Items?.[1]).toEqual(sorted[1]);
    });

    it.each<[string, Condition, string[]]>([
      ['EQ', cond('EQ', S('a2')), ['a2']],
      ['LT', cond('LT', S('b1')), ['a1', 'a2']],
      ['LE', cond('LE', S('b1')), ['a1', 'a2', 'b1']],
      ['GT', cond('GT', S('b1')), ['b2', 'c1']],
      ['GE', cond('GE', S('b1')), ['b1', 'b2', 'c1']],
      ['BETWEEN', cond('BETWEEN', S('a2'), S('b2')), ['a2', 'b1', 'b2']],
      ['BEGINS_WITH', cond('BEGINS_WITH', S('b')), ['b1', 'b2']],
    ])('narrows the sort key with %s', async (_op, condition, expected) => {
      expect(await sortKeys({ KeyConditions: { ...partitionP, sk: condition } })).toEqual(expected);
    });

    it('pages with Limit and ExclusiveStartKey', async () => {
      const first = await query({ KeyConditions: { ...partitionP, sk: cond('GE', S('a2')) }, Limit: 2 });
      expect(first.Items?.map((item) => item.sk?.S)).toEqual(['a2', 'b1']);
      expect(first.LastEvaluatedKey).toEqual({ pk: S('p'), sk: S('b1') });
      const rest = await sortKeys({ KeyConditions: { ...partitionP, sk: cond('GE', S('a2')) }, ExclusiveStartKey: first.LastEvaluatedKey });
      expect(rest).toEqual(['b2', 'c1']);
    });

    it.each<[string, Record<string, Condition>, string]>([
      ['no condition', {}, 'Conditions can be of length 1 or 2 only'],
      ['three conditions', { ...partitionP, sk: cond('EQ', S('a1')), n: cond('EQ', N('1')) }, 'Conditions can be of length 1 or 2 only'],
      ['EQ with two values', { pk: cond('EQ', S('p'), S('q')) }, `${invalid}: Invalid number of argument(s) for the EQ ComparisonOperator`],
      ['BETWEEN bounds reversed', { ...partitionP, sk: cond('BETWEEN', S('b'), S('a')) }, 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
      ['LT a boolean', { ...partitionP, sk: cond('LT', { BOOL: true }) }, `${invalid}: ComparisonOperator LT is not valid for BOOL AttributeValue type`],
      ['BEGINS_WITH a number', { ...partitionP, sk: cond('BEGINS_WITH', N('1')) }, `${invalid}: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`],
      ['NE on the partition key', { pk: cond('NE', S('p')) }, 'Attempted conditional constraint is not an indexable operation'],
      ['CONTAINS on the sort key', { ...partitionP, sk: cond('CONTAINS', S('a')) }, 'Attempted conditional constraint is not an indexable operation'],
      ['NULL on the sort key', { ...partitionP, sk: cond('NULL') }, 'Attempted conditional constraint is not an indexable operation'],
      ['BEGINS_WITH on the partition key', { pk: cond('BEGINS_WITH', S('p')) }, 'Query key condition not supported'],
      ['GT on the partition key', { pk: cond('GT', S('a')) }, 'Query key condition not supported'],
      ['only the sort key', { sk: cond('EQ', S('a1')) }, 'Query condition missed key schema element: pk'],
      ['a non-key attribute', { ...partitionP, n: cond('EQ', N('1')) }, 'Query condition missed key schema element: sk'],
      ['a number for a string key', { pk: cond('EQ', N('1')) }, `${invalid}: Condition parameter type does not match schema type`],
    ])('refuses %s', async (_label, keyConditions, message) => {
      await expectDynamoDBError(query({ KeyConditions: keyConditions }), 'ValidationException', message);
    });

    it('needs KeyConditions or a KeyConditionExpression', async () => {
      await expectDynamoDBError(
        query({}),
        'ValidationException',
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      );
    });

    it('refuses KeyConditions beside a KeyConditionExpression', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p') } }),
        'ValidationException',
        `${mixing}: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}`,
      );
    });

    it('accepts KeyConditions with a FilterExpression or a ProjectionExpression', async () => {
      expect(await sortKeys({ KeyConditions: partitionP, FilterExpression: 'n > :two', ExpressionAttributeValues: { ':two': N('2') } })).toEqual([
        'b1',
        'b2',
        'c1',
      ]);
      const projected = await query({ KeyConditions: { ...partitionP, sk: cond('EQ', S('a2')) }, ProjectionExpression: 'tag, #n', ExpressionAttributeNames: { '#n': 'n' } });
      expect(projected.Items).toEqual([{ tag: S('blue'), n: N('2') }]);
    });

    it('refuses ExpressionAttributeValues beside KeyConditions alone', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, ExpressionAttributeValues: { ':v': S('x') } }),
        'ValidationException',
        'ExpressionAttributeValues can only be specified when using expressions: FilterExpression and KeyConditionExpression are null',
      );
    });
  });

  describe('Query QueryFilter', () => {
    it.each<[string, Record<string, Condition>, 'AND' | 'OR' | undefined, string[]]>([
      ['n GT 2', { n: cond('GT', N('2')) }, undefined, ['b1', 'b2', 'c1']],
      ['tag EQ red', { tag: cond('EQ', S('red')) }, undefined, ['a1', 'b1']],
      ['tag NULL', { tag: cond('NULL') }, undefined, ['b2']],
      ['tag NE red (a missing tag is not red)', { tag: cond('NE', S('red')) }, undefined, ['a2', 'b2', 'c1']],
      ['tag IN (blue, green)', { tag: cond('IN', S('blue'), S('green')) }, undefined, ['a2', 'c1']],
      ['n GE 2 AND tag EQ red', { n: cond('GE', N('2')), tag: cond('EQ', S('red')) }, 'AND', ['b1']],
      ['n GE 2 AND tag EQ red, by default', { n: cond('GE', N('2')), tag: cond('EQ', S('red')) }, undefined, ['b1']],
      ['extra NOT_NULL OR tag EQ green', { extra: cond('NOT_NULL'), tag: cond('EQ', S('green')) }, 'OR', ['a2', 'c1']],
      ['an empty filter', {}, undefined, ['a1', 'a2', 'b1', 'b2', 'c1']],
    ])('filters with %s', async (_label, queryFilter, conditionalOperator, expected) => {
      const input: Omit<QueryCommandInput, 'TableName'> = { KeyConditions: partitionP, QueryFilter: queryFilter };
      if (conditionalOperator !== undefined) input.ConditionalOperator = conditionalOperator;
      const result = await query(input);
      expect(result.Items?.map((item) => item.sk?.S)).toEqual(expected);
      expect(result.Count).toBe(expected.length);
      expect(result.ScannedCount).toBe(5);
    });

    it('refuses a filter on a key attribute', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, QueryFilter: { sk: cond('EQ', S('a1')) } }),
        'ValidationException',
        'QueryFilter can only contain non-primary key attributes: Primary key attribute: sk',
      );
    });

    it('refuses a ConditionalOperator without two conditions', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, ConditionalOperator: 'AND' }),
        'ValidationException',
        'ConditionalOperator cannot be used without Filter or Expected',
      );
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, QueryFilter: { n: cond('GT', N('1')) }, ConditionalOperator: 'OR' }),
        'ValidationException',
        'ConditionalOperator can only be used when Filter or Expected has two or more elements',
      );
    });

    it('refuses a QueryFilter beside a FilterExpression', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, QueryFilter: { n: cond('GT', N('1')) }, FilterExpression: 'n > :v', ExpressionAttributeValues: { ':v': N('1') } }),
        'ValidationException',
        `${mixing}: Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}`,
      );
    });
  });

  describe('Scan ScanFilter', () => {
    it.each<[string, Condition, string[]]>([
      ['v EQ 20', cond('EQ', N('20')), ['2']],
      ['v NE 20 (other types and missing attributes included)', cond('NE', N('20')), ['1', '3', '4', '5']],
      ['v LT 25', cond('LT', N('25')), ['1', '2']],
      ['v LE 20', cond('LE', N('20')), ['1', '2']],
      ['v GT 10', cond('GT', N('10')), ['2', '5']],
      ['v GE 10', cond('GE', N('10')), ['1', '2', '5']],
      ['v GE "0" (strings only)', cond('GE', S('0')), ['3']],
      ['v BETWEEN 15 AND 30', cond('BETWEEN', N('15'), N('30')), ['2', '5']],
      ['v IN (10, 30)', cond('IN', N('10'), N('30')), ['1', '5']],
      ['v NOT_NULL', cond('NOT_NULL'), ['1', '2', '3', '5']],
      ['v NULL', cond('NULL'), ['4']],
    ])('filters with %s', async (_label, condition, expected) => {
      expect(await scannedIds({ ScanFilter: { v: condition } })).toEqual(expected);
    });

    it.each<[string, string, Condition, string[]]>([
      ['s CONTAINS "an"', 's', cond('CONTAINS', S('an')), ['2']],
      ['s NOT_CONTAINS "an" (only where s exists)', 's', cond('NOT_CONTAINS', S('an')), ['1']],
      ['s BEGINS_WITH "apple"', 's', cond('BEGINS_WITH', S('apple')), ['1']],
      ['ss CONTAINS "y"', 'ss', cond('CONTAINS', S('y')), ['2']],
      ['ns CONTAINS 2', 'ns', cond('CONTAINS', N('2')), ['4']],
      ['l CONTAINS "x"', 'l', cond('CONTAINS', S('x')), ['4']],
      ['b CONTAINS bytes "yte"', 'b', cond('CONTAINS', B('yte')), ['3']],
      ['b BEGINS_WITH bytes "by"', 'b', cond('BEGINS_WITH', B('by')), ['3']],
      ['t EQ false', 't', cond('EQ', { BOOL: false }), ['5']],
      ['nul NOT_NULL', 'nul', cond('NOT_NULL'), ['5']],
    ])('filters with %s', async (_label, attribute, condition, expected) => {
      expect(await scannedIds({ ScanFilter: { [attribute]: condition } })).toEqual(expected);
    });

    it('joins conditions with AND, or OR', async () => {
      expect(await scannedIds({ ScanFilter: { v: cond('GE', N('20')), s: cond('NOT_NULL') } })).toEqual(['2']);
      expect(await scannedIds({ ScanFilter: { v: cond('GE', N('20')), s: cond('NOT_NULL') }, ConditionalOperator: 'OR' })).toEqual(['1', '2', '5']);
    });

    it('counts what it examined and what passed', async () => {
      const result = await scan({ ScanFilter: { v: cond('EQ', N('20')) }, Select: 'COUNT' });
      expect(result.Count).toBe(1);
      expect(result.ScannedCount).toBe(5);
      expect(result.Items).toBeUndefined();
    });

    it.each<[string, Condition, string]>([
      ['EQ without values', cond('EQ'), `${invalid}: Invalid number of argument(s) for the EQ ComparisonOperator`],
      ['NE with two values', cond('NE', S('a'), S('a')), `${invalid}: Invalid number of argument(s) for the NE ComparisonOperator`],
      ['IN without values', cond('IN'), `${invalid}: Invalid number of argument(s) for the IN ComparisonOperator`],
      ['NOT_NULL with a value', cond('NOT_NULL', S('a')), `${invalid}: Invalid number of argument(s) for the NOT_NULL ComparisonOperator`],
      ['BETWEEN with three values', cond('BETWEEN', S('a'), S('a'), S('a')), `${invalid}: Invalid number of argument(s) for the BETWEEN ComparisonOperator`],
      ['IN of two types', cond('IN', S('b'), N('1')), `${invalid}: AttributeValues inside AttributeValueList must be of same type`],
      ['GT a boolean', cond('GT', { BOOL: true }), `${invalid}: ComparisonOperator GT is not valid for BOOL AttributeValue type`],
      ['IN a null', cond('IN', { NULL: true }), `${invalid}: ComparisonOperator IN is not valid for NULL AttributeValue type`],
      ['LE a set', cond('LE', { SS: ['a'] }), `${invalid}: ComparisonOperator LE is not valid for SS AttributeValue type`],
      ['CONTAINS a set', cond('CONTAINS', { NS: ['1'] }), `${invalid}: ComparisonOperator CONTAINS is not valid for NS AttributeValue type`],
      ['NOT_CONTAINS a map', cond('NOT_CONTAINS', { M: {} }), `${invalid}: ComparisonOperator NOT_CONTAINS is not valid for M AttributeValue type`],
      ['BETWEEN lists', cond('BETWEEN', { L: [] }, { L: [] }), `${invalid}: ComparisonOperator BETWEEN is not valid for L AttributeValue type`],
      ['BEGINS_WITH a number', cond('BEGINS_WITH', N('1')), `${invalid}: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`],
      ['BETWEEN bounds reversed', cond('BETWEEN', N('2'), N('1')), 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound'],
      ['an invalid value', cond('EQ', { NS: ['1', '1'] }), 'Input collection contains duplicates'],
    ])('refuses %s', async (_label, condition, message) => {
      await expectDynamoDBError(scan({ ScanFilter: { v: condition } }), 'ValidationException', message);
    });

    it('refuses a ConditionalOperator without a ScanFilter, and a ScanFilter beside expressions', async () => {
      await expectDynamoDBError(scan({ ConditionalOperator: 'OR' }), 'ValidationException', 'ConditionalOperator cannot be used without Filter or Expected');
      await expectDynamoDBError(
        scan({ AttributesToGet: ['v'], ScanFilter: { v: cond('NULL') }, ConditionalOperator: 'AND', ProjectionExpression: 'id' }),
        'ValidationException',
        `${mixing}: Non-expression parameters: {AttributesToGet, ScanFilter, ConditionalOperator} Expression parameters: {ProjectionExpression}`,
      );
    });
  });

  describe('constraint failures', () => {
    const comparisonOperators = '[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]';

    it('lists a Query\'s in DynamoDB\'s order, ten at most', async () => {
      await expectDynamoDBError(
        client.send(
          new QueryCommand({
            TableName: 'abc;',
            ReturnConsumedCapacity: 'hi' as 'NONE',
            AttributesToGet: [],
            IndexName: 'abc;',
            Select: 'hi' as 'COUNT',
            KeyConditions: { a: {} as Condition, b: { ComparisonOperator: '' as 'EQ' } },
            ConditionalOperator: 'AN' as 'AND',
            QueryFilter: { a: {} as Condition, b: { ComparisonOperator: '' as 'EQ' } },
          }),
        ),
        'ValidationException',
        '10 validation errors detected: ' +
          [
            "Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
            "Value 'abc;' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
            "Value null at 'queryFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null",
            `Value '' at 'queryFilter.b.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: ${comparisonOperators}`,
            "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            "Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]",
            "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
            "Value null at 'keyConditions.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null",
            `Value '' at 'keyConditions.b.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: ${comparisonOperators}`,
          ].join('; '),
      );
    });

    it('words a Limit below 1 differently in Query and Scan', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, Limit: 0 }),
        'ValidationException',
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
      await expectDynamoDBError(
        scan({ Limit: 0 }),
        'ValidationException',
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    it('lists a Scan\'s in DynamoDB\'s order', async () => {
      await expectDynamoDBError(
        client.send(
          new ScanCommand({
            TableName: 'abc;',
            ReturnConsumedCapacity: 'hi' as 'NONE',
            AttributesToGet: [],
            IndexName: 'abc;',
            Segment: -1,
            TotalSegments: -1,
            Select: 'hi' as 'COUNT',
            Limit: -1,
            ScanFilter: { a: {} as Condition, b: { ComparisonOperator: '' as 'EQ' } },
            ConditionalOperator: 'AN' as 'AND',
          }),
        ),
        'ValidationException',
        '10 validation errors detected: ' +
          [
            "Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
            "Value 'abc;' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            "Value '-1' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1",
            "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
            "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            "Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]",
            "Value null at 'scanFilter.a.member.comparisonOperator' failed to satisfy constraint: Member must not be null",
            `Value '' at 'scanFilter.b.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: ${comparisonOperators}`,
            "Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0",
            "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
          ].join('; '),
      );
    });
  });

  describe('AttributesToGet', () => {
    it('projects GetItem onto the named top-level attributes', async () => {
      const key = { pk: S('p'), sk: S('a2') };
      const get = (names: string[]) => client.send(new GetItemCommand({ TableName: queryTable, Key: key, AttributesToGet: names, ConsistentRead: true }));
      expect((await get(['tag'])).Item).toEqual({ tag: S('blue') });
      expect((await get(['sk', 'n', 'nonexistent'])).Item).toEqual({ sk: S('a2'), n: N('2') });
      expect((await get(['nonexistent'])).Item).toEqual({});
    });

    it('projects Query and Scan results', async () => {
      const queried = await query({ KeyConditions: { ...partitionP, sk: cond('BEGINS_WITH', S('a')) }, AttributesToGet: ['sk', 'tag'] });
      expect(queried.Items).toEqual([
        { sk: S('a1'), tag: S('red') },
        { sk: S('a2'), tag: S('blue') },
      ]);
      const specific = await query({ KeyConditions: { ...partitionP, sk: cond('EQ', S('b2')) }, AttributesToGet: ['n'], Select: 'SPECIFIC_ATTRIBUTES' });
      expect(specific.Items).toEqual([{ n: N('4') }]);
      const scannedItems = await scan({ ScanFilter: { v: cond('EQ', N('10')) }, AttributesToGet: ['s'] });
      expect(scannedItems.Items).toEqual([{ s: S('apple pie') }]);
    });

    it('projects each table of a BatchGetItem', async () => {
      const result = await client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [queryTable]: { Keys: [{ pk: S('p'), sk: S('a1') }], AttributesToGet: ['tag'] },
            [scanTable]: { Keys: [{ id: S('1') }, { id: S('2') }], AttributesToGet: ['id', 'v'], ConsistentRead: true },
          },
        }),
      );
      expect(result.Responses?.[queryTable]).toEqual([{ tag: S('red') }]);
      const fromScanTable = [...(result.Responses?.[scanTable] ?? [])].sort((a, b) => (a.id?.S ?? '').localeCompare(b.id?.S ?? ''));
      expect(fromScanTable).toEqual([
        { id: S('1'), v: N('10') },
        { id: S('2'), v: N('20') },
      ]);
    });

    it('goes only with Select SPECIFIC_ATTRIBUTES, worded as a constraint failure by Query and bare by Scan', async () => {
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, AttributesToGet: ['tag'], Select: 'COUNT' }),
        'ValidationException',
        '1 validation error detected: Cannot specify the AttributesToGet when choosing to get only the Count',
      );
      await expectDynamoDBError(scan({ AttributesToGet: ['v'], Select: 'COUNT' }), 'ValidationException', 'Cannot specify the AttributesToGet when choosing to get only the Count');
      await expectDynamoDBError(
        query({ KeyConditions: partitionP, Select: 'SPECIFIC_ATTRIBUTES' }),
        'ValidationException',
        '1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
      );
      await expectDynamoDBError(
        scan({ Select: 'SPECIFIC_ATTRIBUTES' }),
        'ValidationException',
        'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
      );
    });

    it('refuses a repeated name', async () => {
      const message = `${invalid}: Duplicate value in attribute name: tag`;
      await expectDynamoDBError(
        client.send(new GetItemCommand({ TableName: queryTable, Key: { pk: S('p'), sk: S('a1') }, AttributesToGet: ['tag', 'tag'] })),
        'ValidationException',
        message,
      );
      await expectDynamoDBError(query({ KeyConditions: partitionP, AttributesToGet: ['tag', 'n', 'tag'] }), 'ValidationException', message);
      await expectDynamoDBError(
        client.send(new BatchGetItemCommand({ RequestItems: { [queryTable]: { Keys: [{ pk: S('p'), sk: S('a1') }], AttributesToGet: ['tag', 'tag'] } } })),
        'ValidationException',
        message,
      );
    });

    it('refuses AttributesToGet beside a ProjectionExpression', async () => {
      await expectDynamoDBError(
        client.send(new GetItemCommand({ TableName: queryTable, Key: { pk: S('p'), sk: S('a1') }, AttributesToGet: ['tag'], ProjectionExpression: 'n' })),
        'ValidationException',
        `${mixing}: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}`,
      );
      await expectDynamoDBError(
        query({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p') }, AttributesToGet: ['tag'] }),
        'ValidationException',
        `${mixing}: Non-expression parameters: {AttributesToGet} Expression parameters: {KeyConditionExpression}`,
      );
    });
  });
});
