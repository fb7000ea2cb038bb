import { describe, expect, it } from 'vitest';
import { CapacityTally } from '../../../../local/dynamodb/capacity/capacity-tally.js';
import {
  consumedCapacity,
  consumedCapacityField,
  consumedCapacityList,
} from '../../../../local/dynamodb/capacity/consumed-capacity.js';

describe('ConsumedCapacity shapes', () => {
  it('returns nothing for NONE or when the parameter is absent', () => {
    const tally = new CapacityTally();
    tally.addTable('orders', 'write', 1);
    expect(consumedCapacityField(tally, 'orders', 'NONE')).toEqual({});
    expect(consumedCapacityField(tally, 'orders', undefined)).toEqual({});
    expect(consumedCapacityList(tally, undefined)).toEqual({});
  });

  it('gives only the aggregate for TOTAL, index units included', () => {
    const tally = new CapacityTally();
    tally.addTable('orders', 'write', 2);
    tally.addIndex('orders', 'byStatus', 'global', 'write', 1);
    expect(consumedCapacityField(tally, 'orders', 'TOTAL')).toEqual({
      ConsumedCapacity: { TableName: 'orders', CapacityUnits: 3, WriteCapacityUnits: 3 },
    });
  });

  it('breaks units down by table and by index for INDEXES', () => {
    const tally = new CapacityTally();
    tally.addTable('orders', 'write', 2);
    tally.addIndex('orders', 'byStatus', 'global', 'write', 2);
    tally.addIndex('orders', 'byDate', 'local', 'write', 1);
    expect(consumedCapacity(tally.table('orders'), 'INDEXES')).toEqual({
      TableName: 'orders',
      CapacityUnits: 5,
      WriteCapacityUnits: 5,
      Table: { CapacityUnits: 2, WriteCapacityUnits: 2 },
      GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
      LocalSecondaryIndexes: { byDate: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
    });
  });

  it('reports a query on an index with the table at zero', () => {
    const tally = new CapacityTally();
    tally.table('orders');
    tally.addIndex('orders', 'byStatus', 'global', 'read', 0.5);
    expect(consumedCapacity(tally.table('orders'), 'INDEXES')).toEqual({
      TableName: 'orders',
      CapacityUnits: 0.5,
      ReadCapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 0.5, ReadCapacityUnits: 0.5 } },
    });
  });

  it('lists one entry per table, in the order the tables were touched, for multi-table calls', () => {
    const tally = new CapacityTally();
    tally.addTable('b-table', 'read', 2);
    tally.addTable('a-table', 'read', 1);
    tally.addTable('b-table', 'read', 2);
    expect(consumedCapacityList(tally, 'TOTAL')).toEqual({
      ConsumedCapacity: [
        { TableName: 'b-table', CapacityUnits: 4, ReadCapacityUnits: 4 },
        { TableName: 'a-table', CapacityUnits: 1, ReadCapacityUnits: 1 },
      ],
    });
  });
});
