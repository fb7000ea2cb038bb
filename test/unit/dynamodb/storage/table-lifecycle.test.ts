import { describe, expect, it } from 'vitest';
import { TableLifecycle } from '../../../../local/dynamodb/storage/table-lifecycle.js';

const byStatus = { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const } };

describe('TableLifecycle', () => {
  it('is ACTIVE with nothing in progress', () => {
    const lifecycle = new TableLifecycle();
    expect(lifecycle.tableStatus(0)).toBe('ACTIVE');
    expect(lifecycle.indexState('byStatus', 0)).toEqual({ status: 'ACTIVE' });
  });

  it.each([
    [0, 'UPDATING', { status: 'CREATING', backfilling: false }],
    [499, 'UPDATING', { status: 'CREATING', backfilling: false }],
    [500, 'ACTIVE', { status: 'CREATING', backfilling: true }],
    [999, 'ACTIVE', { status: 'CREATING', backfilling: true }],
    [1000, 'ACTIVE', { status: 'ACTIVE' }],
  ])('reports an index creation at %i ms: table %s, index %o', (now, table, index) => {
    const lifecycle = new TableLifecycle();
    lifecycle.begin({ kind: 'create-index', index: 'byStatus', allocatedAt: 500, until: 1000 });
    expect(lifecycle.tableStatus(now)).toBe(table);
    expect(lifecycle.indexState('byStatus', now)).toEqual(index);
  });

  it.each([
    [999, 'UPDATING', ['byStatus']],
    [1000, 'ACTIVE', []],
  ])('lists a deleted index as DELETING until it is gone (at %i ms: %s)', (now, table, deleting) => {
    const lifecycle = new TableLifecycle();
    lifecycle.begin({ kind: 'delete-index', index: 'byStatus', definition: byStatus, until: 1000 });
    expect(lifecycle.tableStatus(now)).toBe(table);
    expect(lifecycle.deletingIndexes(now).map((index) => index.IndexName)).toEqual(deleting);
  });

  it('keeps the table ACTIVE while only an index throughput changes', () => {
    const lifecycle = new TableLifecycle();
    lifecycle.begin({ kind: 'update-index', index: 'byStatus', until: 1000 });
    expect(lifecycle.tableStatus(10)).toBe('ACTIVE');
    expect(lifecycle.indexState('byStatus', 10)).toEqual({ status: 'UPDATING' });
    expect(lifecycle.indexState('other', 10)).toEqual({ status: 'ACTIVE' });
  });

  it('reports UPDATING for a throughput change until it ends', () => {
    const lifecycle = new TableLifecycle();
    lifecycle.begin({ kind: 'throughput', until: 1000 });
    expect(lifecycle.tableStatus(999)).toBe('UPDATING');
    expect(lifecycle.tableStatus(1000)).toBe('ACTIVE');
    expect(lifecycle.inProgress(1000)).toEqual([]);
  });
});
