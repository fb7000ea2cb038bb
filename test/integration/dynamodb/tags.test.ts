import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  waitUntilTableExists,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { deleteTestTables } from './support/test-tables.js';

/**
 * DynamoDB applies tag changes asynchronously (ListTagsOfResource shows them a second or two
 * later, and refuses another change meanwhile), so every change here waits until it is visible.
 */
describe('tags', () => {
  const client = testDynamoDBClient();
  const created: string[] = [];
  let arn = '';

  async function createTable(tags?: Tag[]): Promise<string> {
    const name = uniqueTableName('tags');
    created.push(name);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        ...(tags === undefined ? {} : { Tags: tags }),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 }, { TableName: name });
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableArn ?? '';
  }

  async function listTags(resourceArn = arn): Promise<Record<string, string>> {
    const { Tags: tags = [] } = await client.send(new ListTagsOfResourceCommand({ ResourceArn: resourceArn }));
    return Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  }

  async function until(expected: Record<string, string>, resourceArn = arn): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (JSON.stringify(await listTags(resourceArn)) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await listTags(resourceArn)).toEqual(expected);
  }

  async function tag(tags: Tag[]): Promise<void> {
    const expected = { ...(await listTags()), ...Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? ''])) };
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
    await until(expected);
  }

  async function untag(keys: string[]): Promise<void> {
    const expected = Object.fromEntries(Object.entries(await listTags()).filter(([key]) => !keys.includes(key)));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys }));
    await until(expected);
  }

  async function untagAll(): Promise<void> {
    const keys = Object.keys(await listTags());
    if (keys.length > 0) await untag(keys);
  }

  beforeAll(async () => {
    arn = await createTable();
  }, 330_000);

  afterAll(async () => {
    await deleteTestTables(client, created);
    client.destroy();
  });

  it('lists no tags on an untagged table', async () => {
    expect(await client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).toMatchObject({ Tags: [] });
  });

  it('lists the tags given to CreateTable', async () => {
    const tags = [
      { Key: 'team', Value: 'payments' },
      { Key: 'env', Value: 'test' },
    ];
    const tagged = await createTable(tags);
    await until({ team: 'payments', env: 'test' }, tagged);
  }, 330_000);

  it('adds, overwrites and removes tags; removing an absent key is fine', async () => {
    await untagAll();
    await tag([
      { Key: 'owner', Value: 'alice' },
      { Key: 'cost center', Value: 'a+b-c=d.e_f:g/h@i' },
      { Key: 'empty', Value: '' },
      { Key: 'clé', Value: 'ключ 表' },
    ]);
    await tag([{ Key: 'owner', Value: 'bob' }]);
    expect(await listTags()).toEqual({ owner: 'bob', 'cost center': 'a+b-c=d.e_f:g/h@i', empty: '', clé: 'ключ 表' });
    await untag(['owner', 'never-set']);
    expect(await listTags()).toEqual({ 'cost center': 'a+b-c=d.e_f:g/h@i', empty: '', clé: 'ключ 表' });
    await untagAll();
  }, 120_000);

  it('accepts keys of 128 and values of 256 characters', async () => {
    await untagAll();
    await tag([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
    await untagAll();
  }, 120_000);

  // Malformed on purpose (a tag without a Value), so typed loosely.
  it.each<[string, Partial<Tag>[], string]>([
    ['an empty list', [], 'Atleast one Tag needs to be provided as Input.'],
    ['a key of 129 characters', [{ Key: 'k'.repeat(129), Value: 'v' }], `The Tag Key provided is invalid, Key: ${'k'.repeat(129)}`],
    ['an empty key', [{ Key: '', Value: 'v' }], 'The Tag Key provided is invalid, Key: '],
    ['a key with a #', [{ Key: 'bad#char', Value: 'v' }], 'The Tag Key provided is invalid, Key: bad#char'],
    ['a value of 257 characters', [{ Key: 'k', Value: 'v'.repeat(257) }], `The Tag Value provided is invalid, Value: ${'v'.repeat(257)}`],
    ['a value with a %', [{ Key: 'k', Value: '100%' }], 'The Tag Value provided is invalid, Value: 100%'],
    ['a tag without a value', [{ Key: 'k' }], 'The Tag Value provided is invalid, Value: null'],
    ['the aws: prefix', [{ Key: 'aws:foo', Value: 'v' }], 'Tag Key cannot be prefixed with aws:, Key: aws:foo'],
    ['the AWS: prefix', [{ Key: 'AWS:foo', Value: 'v' }], 'Tag Key cannot be prefixed with aws:, Key: AWS:foo'],
    [
      'a repeated key',
      [
        { Key: 'dup', Value: '1' },
        { Key: 'dup', Value: '2' },
      ],
      'Duplicate Tag Keys provided as input: Duplicate Tag Key found dup',
    ],
    ['51 tags', Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })), 'Number of Tags exceed the current limit for the provided ResourceArn'],
  ])('TagResource refuses %s and changes nothing', async (_case, tags, message) => {
    await expectDynamoDBError(
      client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'good', Value: 'tag' }, ...tags].slice(tags.length === 0 ? 1 : 0) as Tag[] })),
      'ValidationException',
      message,
    );
    expect(await listTags()).not.toHaveProperty('good');
  });

  it.each<[string, string[], string]>([
    ['an empty list', [], 'Atleast one Tag Key needs to be provided as Input.'],
    ['a key of 129 characters', ['k'.repeat(129)], `The Tag Key provided is invalid, Key: ${'k'.repeat(129)}`],
    ['the aws: prefix', ['aws:foo'], 'Tag Key cannot be prefixed with aws:, Key: aws:foo'],
    ['51 keys', Array.from({ length: 51 }, (_, i) => `k${i}`), 'Number of Tags exceed the current limit for the provided ResourceArn'],
  ])('UntagResource refuses %s', async (_case, keys, message) => {
    await expectDynamoDBError(client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys })), 'ValidationException', message);
  });

  it('holds at most 50 tags, counted after the change', async () => {
    await untagAll();
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: 'v' }));
    await tag(fifty);
    await expectDynamoDBError(
      client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k51', Value: 'v' }] })),
      'ValidationException',
      'Number of Tags exceed the current limit for the provided ResourceArn',
    );
    const listed = await client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
    expect(listed.Tags).toHaveLength(50);
    expect(listed.NextToken).toBeUndefined();
    await tag([{ Key: 'k00', Value: 'changed' }]);
    expect((await listTags()).k00).toBe('changed');
    await untagAll();
  }, 120_000);

  it.each<[string, (tableArn: string) => string, string, string | ((tableArn: string) => string)]>([
    ['a string that is no ARN', () => 'I_do_not_exist', 'ValidationException', "One or more parameter values were invalid: ARNs must start with 'arn:': I_do_not_exist"],
    [
      "an index's ARN",
      (tableArn) => `${tableArn}/index/gsi`,
      'ValidationException',
      (tableArn) => `One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${tableArn}/index/gsi`,
    ],
    ['the ARN of a table that does not exist', (tableArn) => `${tableArn}x`, 'ResourceNotFoundException', (tableArn) => `Requested resource not found: ResourceArn: ${tableArn}x not found`],
  ])('refuses %s', async (_case, resourceArn, type, message) => {
    const expected = typeof message === 'string' ? message : message(arn);
    await expectDynamoDBError(client.send(new TagResourceCommand({ ResourceArn: resourceArn(arn), Tags: [{ Key: 'k', Value: 'v' }] })), type, expected);
    await expectDynamoDBError(client.send(new ListTagsOfResourceCommand({ ResourceArn: resourceArn(arn) })), type, expected);
  });
});
