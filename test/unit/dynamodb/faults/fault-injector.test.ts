import { describe, expect, it } from 'vitest';
import { DynamoDBError } from '../../../../local/dynamodb/errors.js';
import { FaultInjector } from '../../../../local/dynamodb/faults/fault-injector.js';
import { withFaults } from '../../../../local/dynamodb/faults/with-faults.js';

async function failureOf(promise: Promise<unknown>): Promise<DynamoDBError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DynamoDBError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('FaultInjector', () => {
  it('fails the chosen operation the chosen number of times, then lets calls through', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'PutItem', error: 'ProvisionedThroughputExceededException', times: 2 });
    let runs = 0;
    const put = () => withFaults(faults, 'PutItem', {}, () => Promise.resolve(++runs));
    const first = await failureOf(put());
    expect(first.type).toBe('ProvisionedThroughputExceededException');
    expect(first.status).toBe(400);
    await failureOf(put());
    expect(runs).toBe(0);
    expect(await put()).toBe(1);
    expect(faults.fired).toHaveLength(2);
    expect(faults.active).toBe(false);
  });

  it('leaves other operations alone', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'TransactWriteItems', error: 'ThrottlingException' });
    expect(await withFaults(faults, 'GetItem', {}, () => Promise.resolve('ok'))).toBe('ok');
    expect(faults.pending).toBe(1);
  });

  it('applies rules in the order they were added, one per call', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: '*', error: 'InternalServerError' });
    faults.inject({ operation: 'GetItem', error: 'ThrottlingException' });
    const first = await failureOf(withFaults(faults, 'GetItem', {}, () => Promise.resolve(1)));
    const second = await failureOf(withFaults(faults, 'GetItem', {}, () => Promise.resolve(1)));
    expect([first.type, second.type]).toEqual(['InternalServerError', 'ThrottlingException']);
    expect(first.status).toBe(500);
    expect(faults.fired.map((fired) => fired.error)).toEqual(['InternalServerError', 'ThrottlingException']);
  });

  it('only affects requests the predicate matches', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'PutItem', error: 'ThrottlingException', match: (request) => request.TableName === 'ledger' });
    expect(await withFaults(faults, 'PutItem', { TableName: 'accounts' }, () => Promise.resolve('ok'))).toBe('ok');
    const error = await failureOf(withFaults(faults, 'PutItem', { TableName: 'ledger' }, () => Promise.resolve('ok')));
    expect(error.type).toBe('ThrottlingException');
  });

  it('cancels a transaction with one reason per action, TransactionConflict on the chosen one', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'TransactWriteItems', error: 'TransactionConflict', conflictIndex: 1 });
    const request = { TransactItems: [{}, {}, {}] };
    const error = await failureOf(withFaults(faults, 'TransactWriteItems', request, () => Promise.resolve(1)));
    expect(error.type).toBe('TransactionCanceledException');
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict, None]',
    );
    expect(error.extra.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
      { Code: 'None' },
    ]);
  });

  it('answers a single-item operation caught in a conflict with TransactionConflictException', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'UpdateItem', error: 'TransactionConflict' });
    const error = await failureOf(withFaults(faults, 'UpdateItem', {}, () => Promise.resolve(1)));
    expect(error.type).toBe('TransactionConflictException');
  });

  it('runs the operation and then fails when afterApply is set (the response is lost)', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'TransactWriteItems', error: 'InternalServerError', afterApply: true });
    const applied: string[] = [];
    const error = await failureOf(
      withFaults(faults, 'TransactWriteItems', {}, () => {
        applied.push('write');
        return Promise.resolve('response');
      }),
    );
    expect(error.type).toBe('InternalServerError');
    expect(applied).toEqual(['write']);
    expect(faults.fired[0]?.applied).toBe(true);
  });

  it('passes the operation\'s own failure through when an afterApply call could not apply', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'PutItem', error: 'InternalServerError', afterApply: true });
    const own = new DynamoDBError('ConditionalCheckFailedException', 'The conditional request failed');
    const error = await failureOf(withFaults(faults, 'PutItem', {}, () => Promise.reject(own)));
    expect(error).toBe(own);
    expect(faults.fired[0]?.applied).toBe(false);
  });

  it('adds latency without failing when the rule has no error', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: 'GetItem', latencyMs: 30 });
    const started = process.hrtime.bigint();
    expect(await withFaults(faults, 'GetItem', {}, () => Promise.resolve('late'))).toBe('late');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // A lower bound only: the delay must have happened; how long beyond it is not asserted.
    expect(elapsedMs).toBeGreaterThanOrEqual(25);
    expect(faults.fired[0]?.latencyMs).toBe(30);
  });

  it('forgets rules and history on clear', async () => {
    const faults = new FaultInjector();
    faults.inject({ operation: '*', error: 'ThrottlingException', times: 5 });
    await failureOf(withFaults(faults, 'Scan', {}, () => Promise.resolve(1)));
    faults.clear();
    expect(faults.fired).toHaveLength(0);
    expect(faults.pending).toBe(0);
    expect(await withFaults(faults, 'Scan', {}, () => Promise.resolve(2))).toBe(2);
  });

  it('rejects rules with a non-positive count or negative latency', () => {
    const faults = new FaultInjector();
    expect(() => { faults.inject({ operation: '*', error: 'ThrottlingException', times: 0 }); }).toThrow(RangeError);
    expect(() => { faults.inject({ operation: '*', latencyMs: -1 }); }).toThrow(RangeError);
  });
});
