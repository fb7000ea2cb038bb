import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { signedRequest, type SignedResponse } from './support/signed-request.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

const target = (operation: string): string => `DynamoDB_20120810.${operation}`;

/**
 * The issue asks for the `com.amazonaws.dynamodb.v20120810#` namespace; DynamoDB itself sends
 * validation errors from its request validator as `com.amazon.coral.validate#`. The SDK only
 * reads the part after `#`, so either is accepted.
 */
const VALIDATION_TYPE = /^com\.amazon(aws\.dynamodb\.v20120810|\.coral\.validate)#ValidationException$/;

/** Every response, success or error, carries a request id and the CRC32 of its body. */
function expectEnvelope(response: SignedResponse): void {
  const requestId = response.headers.get('x-amzn-requestid');
  expect(requestId).toBeTruthy();
  expect(response.headers.get('x-amz-crc32')).toBe(String(crc32(response.bytes)));
}

function errorBody(response: SignedResponse): { __type: string; message?: unknown } {
  expect(response.json).toBeTypeOf('object');
  const body = response.json as { __type?: unknown; message?: unknown };
  expect(body.__type).toBeTypeOf('string');
  return body as { __type: string; message?: unknown };
}

/** A ValidationException body: exactly `__type` and `message`. */
function expectValidationBody(response: SignedResponse, message: string): void {
  const body = errorBody(response);
  expect(Object.keys(body).sort()).toEqual(['__type', 'message']);
  expect(body.__type).toMatch(VALIDATION_TYPE);
  expect(body.message).toBe(message);
}

describe('DynamoDB wire protocol', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('wire');

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table]);
    client.destroy();
  });

  it('routes a request by its X-Amz-Target header and answers in application/x-amz-json-1.0', async () => {
    const response = await signedRequest({ target: target('DescribeTable'), body: { TableName: table } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expectEnvelope(response);
    const body = response.json as { Table?: { TableName?: string; KeySchema?: unknown } };
    expect(body.Table?.TableName).toBe(table);
    expect(body.Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
  });

  it('writes and reads an item through raw JSON calls, numbers and binaries as strings', async () => {
    const item = { pk: { S: 'raw-1' }, n: { N: '10.50' }, b: { B: Buffer.from([0, 1, 254, 255]).toString('base64') } };
    const put = await signedRequest({ target: target('PutItem'), body: { TableName: table, Item: item } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({});
    expectEnvelope(put);

    const get = await signedRequest({
      target: target('GetItem'),
      body: { TableName: table, Key: { pk: { S: 'raw-1' } }, ConsistentRead: true },
    });
    expect(get.status).toBe(200);
    expectEnvelope(get);
    expect(get.json).toEqual({ Item: { pk: { S: 'raw-1' }, n: { N: '10.5' }, b: item.b } });
  });

  it('sends a ValidationException as {__type, message} with status 400 and a valid CRC32', async () => {
    const response = await signedRequest({
      target: target('PutItem'),
      body: { TableName: table, Item: { pk: { N: '1' } } },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expectEnvelope(response);
    expectValidationBody(response, 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N');
    const get = await signedRequest({
      target: target('GetItem'),
      body: { TableName: table, Key: { pk: { S: '1' } }, ConsistentRead: true },
    });
    expect(get.json).toEqual({});
  });

  it('reports a constraint violation on a request member in DynamoDB words', async () => {
    const response = await signedRequest({ target: target('ListTables'), body: { Limit: 0 } });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expectValidationBody(response, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1');
  });

  it('sends ResourceNotFoundException for a table that does not exist', async () => {
    const response = await signedRequest({
      target: target('DescribeTable'),
      body: { TableName: uniqueTableName('wire-missing') },
    });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    const body = errorBody(response);
    expect(body.__type).toBe('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
    expect(body.message).toMatch(/^Requested resource not found/);
  });

  it('answers a body that is not JSON with a SerializationException', async () => {
    const response = await signedRequest({ target: target('ListTables'), body: '{"Limit": 1', rawBody: true });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(errorBody(response).__type).toMatch(/#SerializationException$/);
  });

  it('answers a member of the wrong JSON type with a SerializationException', async () => {
    const response = await signedRequest({ target: target('DescribeTable'), body: { TableName: { S: table } } });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(errorBody(response).__type).toMatch(/#SerializationException$/);
  });

  it('answers an unknown operation with an UnknownOperationException', async () => {
    const response = await signedRequest({ target: target('ListTable'), body: {} });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(errorBody(response).__type).toMatch(/#UnknownOperationException$/);
  });

  it('answers a target outside the DynamoDB_20120810 service with an UnknownOperationException', async () => {
    const response = await signedRequest({ target: 'whatever', body: {} });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(errorBody(response).__type).toMatch(/#UnknownOperationException$/);
  });

  it('answers a request without X-Amz-Target with an UnknownOperationException', async () => {
    const response = await signedRequest({ target: null, body: {} });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(errorBody(response).__type).toMatch(/#UnknownOperationException$/);
  });

  it('gives every response its own request id', async () => {
    const first = await signedRequest({ target: target('ListTables'), body: { Limit: 1 } });
    const second = await signedRequest({ target: target('ListTables'), body: { Limit: 1 } });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.headers.get('x-amzn-requestid')).not.toBe(second.headers.get('x-amzn-requestid'));
  });

  it('computes the CRC32 header over the exact bytes of a large, non-ASCII body', async () => {
    const text = 'é漢🙂'.repeat(5000);
    const put = await signedRequest({
      target: target('PutItem'),
      body: { TableName: table, Item: { pk: { S: 'raw-utf8' }, text: { S: text } } },
    });
    expect(put.status).toBe(200);
    const get = await signedRequest({
      target: target('GetItem'),
      body: { TableName: table, Key: { pk: { S: 'raw-utf8' } }, ConsistentRead: true },
    });
    expect(get.status).toBe(200);
    expectEnvelope(get);
    expect(get.json).toEqual({ Item: { pk: { S: 'raw-utf8' }, text: { S: text } } });
  });

  // Real DynamoDB checks signatures against real accounts; only the local engine takes any key.
  it.runIf(inject('dynamodbIsLocalEngine'))('accepts a request signed with any credentials', async () => {
    const credentials = { accessKeyId: 'AKIDANYTHING', secretAccessKey: 'not-a-real-secret' };
    const put = await signedRequest({
      target: target('PutItem'),
      body: { TableName: table, Item: { pk: { S: 'any-credentials' } } },
      credentials,
    });
    expect(put.status).toBe(200);
    const get = await signedRequest({
      target: target('GetItem'),
      body: { TableName: table, Key: { pk: { S: 'any-credentials' } }, ConsistentRead: true },
    });
    expect(get.json).toEqual({ Item: { pk: { S: 'any-credentials' } } });
  });
});
