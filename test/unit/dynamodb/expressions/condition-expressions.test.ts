import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import type { ExpressionInputs } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import { compileExpressions } from '../../../../local/dynamodb/expressions/compile-expressions.js';
import { evaluateCondition } from '../../../../local/dynamodb/expressions/evaluate-condition.js';
import type { AttributeValue, Item } from '../../../../local/dynamodb/values/attribute-value.js';

function errorOf(inputs: ExpressionInputs): string {
  try {
    compileExpressions(inputs);
  } catch (error) {
    if (error instanceof DynamoDBError && error.type === 'ValidationException') return error.message;
    throw error;
  }
  throw new Error('expected a ValidationException');
}

function check(
  expression: string,
  item: Item | undefined,
  values: Record<string, AttributeValue> = {},
  names?: Record<string, string>,
): boolean {
  const inputs: ExpressionInputs = { conditionExpression: expression };
  if (Object.keys(values).length > 0) inputs.expressionAttributeValues = values;
  if (names !== undefined) inputs.expressionAttributeNames = names;
  const { condition } = compileExpressions(inputs);
  if (condition === undefined) throw new Error('no condition compiled');
  return evaluateCondition(condition, item);
}

const item: Item = {
  id: { S: 'abc' },
  n: { N: '10' },
  b: { B: Buffer.from([1, 2, 3]).toString('base64') },
  flag: { BOOL: true },
  nothing: { NULL: true },
  tags: { SS: ['red', 'blue'] },
  nums: { NS: ['1', '2'] },
  lst: { L: [{ S: 'x' }, { M: { deep: { N: '5' } } }] },
  mp: { M: { inside: { S: 'hello' }, 'a.b': { S: 'dotted' } } },
};

describe('evaluating conditions', () => {
  it('compares with every comparator', () => {
    const v = { ':v': { N: '10' } };
    expect(check('n = :v', item, v)).toBe(true);
    expect(check('n <> :v', item, v)).toBe(false);
    expect(check('n < :v', item, v)).toBe(false);
    expect(check('n <= :v', item, v)).toBe(true);
    expect(check('n > :v', item, v)).toBe(false);
    expect(check('n >= :v', item, v)).toBe(true);
    expect(check(':v = n', item, v)).toBe(true);
  });

  it('treats type mismatches and absent attributes as false, and <> as true', () => {
    expect(check('n < :v', item, { ':v': { S: '10' } })).toBe(false);
    expect(check('n = :v', item, { ':v': { S: '10' } })).toBe(false);
    expect(check('n <> :v', item, { ':v': { S: '10' } })).toBe(true);
    expect(check('absent = :v', item, { ':v': { S: 'x' } })).toBe(false);
    expect(check('absent <> :v', item, { ':v': { S: 'x' } })).toBe(true);
    expect(check('absent < :v', item, { ':v': { S: 'x' } })).toBe(false);
    expect(check('n = :v', undefined, { ':v': { N: '10' } })).toBe(false);
  });

  it('evaluates BETWEEN and IN', () => {
    expect(check('n BETWEEN :a AND :b', item, { ':a': { N: '1' }, ':b': { N: '10' } })).toBe(true);
    expect(check('n between :a and :b', item, { ':a': { N: '11' }, ':b': { N: '20' } })).toBe(false);
    expect(check('id BETWEEN :a AND :b', item, { ':a': { S: 'a' }, ':b': { S: 'b' } })).toBe(true);
    expect(check('n IN (:a, :b)', item, { ':a': { N: '1' }, ':b': { N: '10.0' } })).toBe(true);
    expect(check('n IN (:a)', item, { ':a': { S: '10' } })).toBe(false);
  });

  it('combines with AND, OR, NOT and parentheses, NOT binding tighter than AND, AND than OR', () => {
    const v = { ':t': { BOOL: true }, ':f': { BOOL: false } };
    expect(check('flag = :f OR flag = :t AND flag = :t', item, v)).toBe(true);
    expect(check('(flag = :f OR flag = :t) AND flag = :f', item, v)).toBe(false);
    expect(check('NOT flag = :f AND flag = :t', item, v)).toBe(true);
    expect(check('NOT (flag = :t)', item, { ':t': { BOOL: true } })).toBe(false);
  });

  it('evaluates the functions', () => {
    expect(check('attribute_exists(id)', item)).toBe(true);
    expect(check('attribute_exists(absent)', item)).toBe(false);
    expect(check('attribute_not_exists(absent)', undefined)).toBe(true);
    expect(check('attribute_type(n, :t)', item, { ':t': { S: 'N' } })).toBe(true);
    expect(check('attribute_type(n, :t)', item, { ':t': { S: 'S' } })).toBe(false);
    expect(check('begins_with(id, :p)', item, { ':p': { S: 'ab' } })).toBe(true);
    expect(check('begins_with(id, :p)', item, { ':p': { S: 'b' } })).toBe(false);
    expect(check('begins_with(b, :p)', item, { ':p': { B: Buffer.from([1, 2]).toString('base64') } })).toBe(true);
    expect(check('contains(id, :s)', item, { ':s': { S: 'bc' } })).toBe(true);
    expect(check('contains(tags, :s)', item, { ':s': { S: 'red' } })).toBe(true);
    expect(check('contains(tags, :s)', item, { ':s': { S: 're' } })).toBe(false);
    expect(check('contains(nums, :n)', item, { ':n': { N: '2' } })).toBe(true);
    expect(check('contains(lst, :s)', item, { ':s': { S: 'x' } })).toBe(true);
    expect(check('size(id) = :three', item, { ':three': { N: '3' } })).toBe(true);
    expect(check('size(b) = :three', item, { ':three': { N: '3' } })).toBe(true);
    expect(check('size(tags) < :three', item, { ':three': { N: '3' } })).toBe(true);
    expect(check('size(lst) = :two', item, { ':two': { N: '2' } })).toBe(true);
    expect(check('size(mp) = :two', item, { ':two': { N: '2' } })).toBe(true);
    expect(check('size(n) = :two', item, { ':two': { N: '2' } })).toBe(false);
    expect(check('size(absent) <> :two', item, { ':two': { N: '2' } })).toBe(true);
  });

  it('follows nested paths and lst indexes, and names through placeholders', () => {
    expect(check('lst[1].deep = :five', item, { ':five': { N: '5' } })).toBe(true);
    expect(check('lst[5] = :five', item, { ':five': { N: '5' } })).toBe(false);
    expect(check('#m.#k = :v', item, { ':v': { S: 'dotted' } }, { '#m': 'mp', '#k': 'a.b' })).toBe(true);
    expect(check('mp.inside = :v', item, { ':v': { S: 'hello' } })).toBe(true);
    expect(check('#s = :v', item, { ':v': { S: 'abc' } }, { '#s': 'id' })).toBe(true);
  });
});

describe('condition validation messages', () => {
  it('reports syntax errors with the token and its neighbours', () => {
    expect(errorOf({ conditionExpression: 'foo' })).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"');
    expect(errorOf({ conditionExpression: 'attribute_not_exists(' })).toBe(
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("',
    );
    expect(errorOf({ conditionExpression: 'a = = :v', expressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"',
    );
    expect(errorOf({ conditionExpression: 'a-b = :v', expressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: Syntax error; token: "-", near: "a-b"',
    );
    expect(errorOf({ filterExpression: 'a = :v :w' })).toBe('Invalid FilterExpression: Syntax error; token: ":w", near: ":v :w"');
  });

  it('rejects empty expressions', () => {
    expect(errorOf({ conditionExpression: '' })).toBe('Invalid ConditionExpression: The expression can not be empty;');
    expect(errorOf({ keyConditionExpression: '' })).toBe('Invalid KeyConditionExpression: The expression can not be empty;');
  });

  it('rejects undefined and unused placeholders', () => {
    expect(errorOf({ filterExpression: '#missing = :fv', expressionAttributeValues: { ':fv': { S: 'x' } } })).toBe(
      'Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing',
    );
    expect(errorOf({ conditionExpression: 'a = :v' })).toBe(
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
    expect(
      errorOf({
        conditionExpression: 'a = :v',
        expressionAttributeValues: { ':v': { S: 'x' } },
        expressionAttributeNames: { '#unused': 'x', '#other': 'y' },
      }),
    ).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused, #other}');
    expect(errorOf({ conditionExpression: 'a = :v', expressionAttributeValues: { ':v': { S: 'x' }, ':u': { S: 'y' } } })).toBe(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
    );
  });

  it('rejects reserved words used bare, in any case, but not through placeholders', () => {
    expect(errorOf({ conditionExpression: 'attribute_exists(status)' })).toBe(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
    );
    expect(errorOf({ conditionExpression: 'a.Data = :v', expressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Data',
    );
    expect(check('attribute_exists(#s)', { status: { S: 'x' } }, {}, { '#s': 'status' })).toBe(true);
  });

  it('checks functions', () => {
    expect(errorOf({ conditionExpression: 'foo(a)' })).toBe('Invalid ConditionExpression: Invalid function name; function: foo');
    expect(errorOf({ conditionExpression: 'attribute_exists(a, b)' })).toBe(
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2',
    );
    expect(errorOf({ conditionExpression: 'attribute_exists(:v)', expressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    );
    expect(errorOf({ conditionExpression: 'begins_with(a, :v)', expressionAttributeValues: { ':v': { N: '1' } } })).toBe(
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
    );
    expect(errorOf({ conditionExpression: 'attribute_type(a, :v)', expressionAttributeValues: { ':v': { S: 'X' } } })).toBe(
      'Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}',
    );
    expect(errorOf({ conditionExpression: 'attribute_type(a, :v)', expressionAttributeValues: { ':v': { N: '1' } } })).toBe(
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N',
    );
    expect(errorOf({ conditionExpression: 'size(:v) > :v', expressionAttributeValues: { ':v': { N: '1' } } })).toBe(
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N',
    );
    expect(errorOf({ conditionExpression: 'size(a)' })).toBe(
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size',
    );
    expect(errorOf({ conditionExpression: 'begins_with(a, :v) = :v', expressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: begins_with',
    );
    expect(errorOf({ conditionExpression: 'contains(#a, #a)', expressionAttributeNames: { '#a': 'data' } })).toBe(
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]',
    );
    expect(errorOf({ conditionExpression: 'a.b[1] = a.b[1]' })).toBe(
      'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b, [1]]',
    );
  });

  it('checks BETWEEN bounds', () => {
    expect(errorOf({ conditionExpression: 'a BETWEEN :a AND :b', expressionAttributeValues: { ':a': { N: '5' }, ':b': { N: '1' } } })).toBe(
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}',
    );
    expect(errorOf({ conditionExpression: 'a BETWEEN :a AND :b', expressionAttributeValues: { ':a': { N: '5' }, ':b': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:x}',
    );
  });

  it('rejects redundant parentheses', () => {
    expect(errorOf({ conditionExpression: '((attribute_not_exists(pk)))' })).toBe(
      'Invalid ConditionExpression: The expression has redundant parentheses;',
    );
    expect(check('(attribute_not_exists(pk))', undefined)).toBe(true);
  });

  it('reports a reserved word before an undefined placeholder', () => {
    expect(errorOf({ conditionExpression: '#a = :v AND size = :v', expressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: size',
    );
  });

  it('checks the update before the condition, and both before unused values', () => {
    expect(errorOf({ updateExpression: 'SET a = :x', conditionExpression: 'b = :y' })).toBe(
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x',
    );
  });

  it('never throws anything but a ValidationException on random input', () => {
    const alphabet = fc.constantFrom('a', 'b', '#n', ':v', ' ', '(', ')', '[', ']', '0', '1', '.', ',', '=', '<', '>', 'AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'size', 'contains', '!', '-', '+', 'SET', 'REMOVE', 'ADD', 'DELETE');
    const expression = fc.array(alphabet, { maxLength: 14 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(expression, fc.constantFrom('conditionExpression', 'updateExpression', 'projectionExpression', 'keyConditionExpression'), (text, member) => {
        try {
          compileExpressions({
            [member]: text,
            expressionAttributeNames: { '#n': 'name' },
            expressionAttributeValues: { ':v': { N: '1' } },
          });
        } catch (error) {
          expect(error).toBeInstanceOf(DynamoDBError);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          compileExpressions({ conditionExpression: text });
        } catch (error) {
          expect(error).toBeInstanceOf(DynamoDBError);
        }
      }),
    );
  });
});

describe('expression size limit', () => {
  const path = `a${'z'.repeat(4096)}`;
  it('caps each expression at 4096 bytes, reporting the size only for conditions and filters', () => {
    expect(errorOf({ conditionExpression: `attribute_not_exists(${path})` })).toBe(
      `Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: ${path.length + 22}`,
    );
    expect(errorOf({ projectionExpression: path })).toBe('Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;');
    expect(compileExpressions({ projectionExpression: path.slice(1) }).projection?.paths).toHaveLength(1);
  });
});

describe('operand checks DynamoDB makes before evaluating', () => {
  it('refuses ordering against a literal that has no order', () => {
    expect(errorOf({ conditionExpression: 'a < :l', expressionAttributeValues: { ':l': { L: [{ N: '1' }] } } })).toBe(
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: LIST',
    );
    expect(errorOf({ filterExpression: 'a >= :b', expressionAttributeValues: { ':b': { BOOL: true } } })).toBe(
      'Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL',
    );
    expect(errorOf({ conditionExpression: 'a BETWEEN :m AND :m', expressionAttributeValues: { ':m': { M: {} } } })).toBe(
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: MAP',
    );
    expect(check('a = :b', { a: { BOOL: true } }, { ':b': { BOOL: true } })).toBe(true);
  });

  it('refuses more than 100 values in IN', () => {
    const values = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`:v${i}`, { N: String(i) }]));
    expect(errorOf({ conditionExpression: `a IN (${Object.keys(values).join(', ')})`, expressionAttributeValues: values })).toBe(
      'Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101',
    );
  });

  it('does not let a bare name start with an underscore', () => {
    expect(errorOf({ conditionExpression: '_hidden = :v', expressionAttributeValues: { ':v': { N: '1' } } })).toBe(
      'Invalid ConditionExpression: Syntax error; token: "_", near: "_hidden"',
    );
  });

  it('treats function names as case-sensitive', () => {
    expect(errorOf({ conditionExpression: 'ATTRIBUTE_EXISTS(a)' })).toBe('Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS');
  });
});
