import { describe, expect, it } from 'vitest';
import { heldItemIdentity, ItemHolds } from '../../../../local/dynamodb/latency/item-holds.js';

describe('ItemHolds', () => {
  it('holds what a request holds until that request releases it', () => {
    const holds = new ItemHolds();
    const first: string[] = [];
    const second: string[] = [];
    holds.forRequest(first).hold([heldItemIdentity('t', 'a'), heldItemIdentity('t', 'b')]);
    holds.forRequest(second).hold([heldItemIdentity('t', 'c')]);
    const view = holds.forRequest([]);
    expect(view.isHeld(heldItemIdentity('t', 'a'))).toBe(true);
    expect(view.isHeld(heldItemIdentity('other', 'a'))).toBe(false);
    holds.release(first);
    expect(view.isHeld(heldItemIdentity('t', 'a'))).toBe(false);
    expect(view.isHeld(heldItemIdentity('t', 'c'))).toBe(true);
    expect(holds.size).toBe(1);
    holds.clear();
    expect(holds.size).toBe(0);
  });

  it('tells tables apart even when a key contains the separator-free table name', () => {
    expect(heldItemIdentity('ab', 'c')).not.toBe(heldItemIdentity('a', 'bc'));
  });
});
