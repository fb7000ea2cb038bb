/**
 * Property: for random items, key conditions, directions, limits and filters, paging a Query
 * (or a parallel Scan) to the end gives exactly what a plain model computes: the matching items,
 * in DynamoDB's order, each once. Runs on an in-process engine, so it is skipped when the suite
 * targets another endpoint.
 */
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { Engine } from '../../../local/dynamodb/engine.js';

const local = inject('dynamodbIsLocalEngine');

interface ModelItem {
  readonly pk: string;
  readonly sk: number;
  readonly tag: number;
}

type Condition =
  | { readonly op: '=' | '<' | '<=' | '>' | '>='; readonly value: number }
  | { readonly op: 'BETWEEN'; readonly low: number; readonly high: number }
  | { readonly op: 'none' };

function matches(condition: Condition, sk: number): boolean {
  switch (condition.op) {
    case 'none':
      return true;
    case '=':
      return sk === condition.value;
    case '<':
      return sk < condition.value;
    case '<=':
      return sk <= condition.value;
    case '>':
      return sk > condition.value;
    case '>=':
      return sk >= condition.value;
    case 'BETWEEN':
      return sk >= condition.low && sk <= condition.high;
  }
}

function keyCondition(condition: Condition): { expression: string; values: Record<string, { N: string }> } {
  if (condition.op === 'none') return { expression: 'pk = :p', values: {} };
  if (condition.op === 'BETWEEN') {
    return { expression: 'pk = :p AND sk BETWEEN :a AND :b', values: { ':a': { N: String(condition.low) }, ':b': { N: String(condition.high) } } };
  }
  return { expression: `pk = :p AND sk ${condition.op} :a`, values: { ':a': { N: String(condition.value) } } };
}

function loaded(items: readonly ModelItem[]): Engine {
  const engine = new Engine();
  engine.execute('CreateTable', {
    TableName: 'model',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
  for (const item of items) {
    engine.execute('PutItem', { TableName: 'model', Item: { pk: { S: item.pk }, sk: { N: String(item.sk) }, tag: { N: String(item.tag) } } });
  }
  return engine;
}

/** The model's table: the last write of each key wins. */
function deduplicated(items: readonly ModelItem[]): ModelItem[] {
  const byKey = new Map<string, ModelItem>();
  for (const item of items) byKey.set(`${item.pk}/${item.sk}`, item);
  return [...byKey.values()];
}

interface Page {
  Items?: { sk?: { N?: string }; pk?: { S?: string } }[];
  LastEvaluatedKey?: unknown;
  Count: number;
  ScannedCount: number;
}

const itemArbitrary = fc.record({ pk: fc.constantFrom('a', 'b', 'c'), sk: fc.integer({ min: -50, max: 50 }), tag: fc.integer({ min: 0, max: 3 }) });
const conditionArbitrary: fc.Arbitrary<Condition> = fc.oneof(
  fc.constant<Condition>({ op: 'none' }),
  fc.record({ op: fc.constantFrom('=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const), value: fc.integer({ min: -60, max: 60 }) }),
  fc
    .tuple(fc.integer({ min: -60, max: 60 }), fc.integer({ min: -60, max: 60 }))
    .map(([x, y]): Condition => ({ op: 'BETWEEN', low: Math.min(x, y), high: Math.max(x, y) })),
);

describe.skipIf(!local)('Query and Scan against a model', () => {
  it('pages a Query to exactly the model\'s matching items, in order', () => {
    fc.assert(
      fc.property(
        fc.array(itemArbitrary, { maxLength: 60 }),
        fc.constantFrom('a', 'b', 'c'),
        conditionArbitrary,
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        (items, pk, condition, forward, limit, tag) => {
          const engine = loaded(items);
          const { expression, values } = keyCondition(condition);
          const expected = deduplicated(items)
            .filter((item) => item.pk === pk && matches(condition, item.sk) && (tag === undefined || item.tag === tag))
            .map((item) => item.sk)
            .sort((x, y) => (forward ? x - y : y - x));
          const seen: number[] = [];
          let start: unknown;
          for (let pages = 0; pages < 200; pages += 1) {
            const page = engine.execute('Query', {
              TableName: 'model',
              KeyConditionExpression: expression,
              ExpressionAttributeValues: { ':p': { S: pk }, ...values, ...(tag === undefined ? {} : { ':t': { N: String(tag) } }) },
              ...(tag === undefined ? {} : { FilterExpression: 'tag = :t' }),
              ScanIndexForward: forward,
              ...(limit === undefined ? {} : { Limit: limit }),
              ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            }) as Page;
            seen.push(...(page.Items ?? []).map((item) => Number(item.sk?.N)));
            if (limit !== undefined) expect(page.ScannedCount).toBeLessThanOrEqual(limit);
            start = page.LastEvaluatedKey;
            if (start === undefined) break;
          }
          expect(start).toBeUndefined();
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers the table once with any number of parallel Scan segments and any Limit', () => {
    fc.assert(
      fc.property(fc.array(itemArbitrary, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), (items, totalSegments, limit) => {
        const engine = loaded(items);
        const seen: string[] = [];
        for (let segment = 0; segment < totalSegments; segment += 1) {
          let start: unknown;
          do {
            const page = engine.execute('Scan', {
              TableName: 'model',
              Segment: segment,
              TotalSegments: totalSegments,
              Limit: limit,
              ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            }) as Page;
            seen.push(...(page.Items ?? []).map((item) => `${item.pk?.S ?? ''}/${item.sk?.N ?? ''}`));
            start = page.LastEvaluatedKey;
          } while (start !== undefined);
        }
        const expected = deduplicated(items).map((item) => `${item.pk}/${item.sk}`);
        expect(seen.sort()).toEqual(expected.sort());
      }),
      { numRuns: 150 },
    );
  });
});
