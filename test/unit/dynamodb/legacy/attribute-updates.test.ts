import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import { applyUpdate } from '../../../../local/dynamodb/expressions/apply-update.js';
import { compileAttributeUpdates, type RawAttributeUpdate } from '../../../../local/dynamodb/legacy/attribute-updates.js';
import type { Item } from '../../../../local/dynamodb/values/attribute-value.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('expected a ValidationException');
}

const apply = (updates: Record<string, RawAttributeUpdate>, item: Item) => applyUpdate(compileAttributeUpdates(updates), item).item;

describe('legacy AttributeUpdates', () => {
  it('compiles PUT, ADD and DELETE into SET, ADD, REMOVE and DELETE actions', () => {
    const update = compileAttributeUpdates({
      a: { Value: { S: 'x' } },
      b: { Action: 'ADD', Value: { N: '1' } },
      c: { Action: 'DELETE' },
      d: { Action: 'DELETE', Value: { SS: ['x'] } },
    });
    expect(update.actions).toEqual([
      { kind: 'SET', path: ['a'], value: { kind: 'value', value: { S: 'x' } } },
      { kind: 'ADD', path: ['b'], value: { N: '1' } },
      { kind: 'REMOVE', path: ['c'] },
      { kind: 'DELETE', path: ['d'], value: { SS: ['x'] } },
    ]);
    expect(update.typeMismatch).toBe('Type mismatch for attribute to update');
  });

  it('applies through the expression engine, lists appended by ADD', () => {
    expect(apply({ n: { Action: 'ADD', Value: { N: '2' } }, l: { Action: 'ADD', Value: { L: [{ N: '2' }] } } }, { n: { N: '1' }, l: { L: [{ N: '1' }] } })).toEqual({
      n: { N: '3' },
      l: { L: [{ N: '1' }, { N: '2' }] },
    });
  });

  it('reports a runtime type clash with the legacy message', () => {
    expect(failure(() => apply({ s: { Action: 'ADD', Value: { N: '1' } } }, { s: { S: 'x' } }))).toBe('Type mismatch for attribute to update');
    expect(failure(() => apply({ s: { Action: 'DELETE', Value: { NS: ['1'] } } }, { s: { SS: ['1'] } }))).toBe('Type mismatch for attribute to update');
  });

  it.each<[string, RawAttributeUpdate, string]>([
    ['PUT without a value', { Action: 'PUT' }, 'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified'],
    ['DELETE of a string', { Action: 'DELETE', Value: { S: 'x' } }, 'One or more parameter values were invalid: DELETE action with value is not supported for the type S'],
    ['ADD of a map', { Action: 'ADD', Value: { M: {} } }, 'One or more parameter values were invalid: ADD action is not supported for the type M'],
    ['an invalid value', { Action: 'PUT', Value: { NS: [] } }, 'One or more parameter values were invalid: An number set  may not be empty'],
  ])('refuses %s', (_label, update, message) => {
    expect(failure(() => compileAttributeUpdates({ a: update }))).toBe(message);
  });
});
