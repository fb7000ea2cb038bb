import { describe, expect, it } from 'vitest';
import { TransactionTokens, tokenLifetimeMs } from '../../../../local/dynamodb/storage/transaction-tokens.js';

function tokensWithClock(): { tokens: TransactionTokens; advance: (ms: number) => void } {
  let now = 1_000_000;
  return {
    tokens: new TransactionTokens(() => now),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe('transaction tokens', () => {
  it('tells a new token, a replay of the same request, and a reuse for another request apart', () => {
    const { tokens } = tokensWithClock();
    expect(tokens.lookup('t1', 'request-a')).toBe('new');
    tokens.remember('t1', 'request-a');
    expect(tokens.lookup('t1', 'request-a')).toBe('replay');
    expect(tokens.lookup('t1', 'request-b')).toBe('mismatch');
    expect(tokens.lookup('t2', 'request-a')).toBe('new');
  });

  it('forgets a token ten minutes after its transaction', () => {
    const { tokens, advance } = tokensWithClock();
    tokens.remember('t1', 'request-a');
    advance(tokenLifetimeMs - 1);
    expect(tokens.lookup('t1', 'request-b')).toBe('mismatch');
    advance(1);
    expect(tokens.lookup('t1', 'request-b')).toBe('new');
  });

  it('drops expired tokens as new ones arrive, so memory follows the last ten minutes of traffic', () => {
    const { tokens, advance } = tokensWithClock();
    for (let index = 0; index < 1000; index += 1) tokens.remember(`old-${index}`, 'request');
    advance(tokenLifetimeMs / 2);
    for (let index = 0; index < 1000; index += 1) tokens.remember(`mid-${index}`, 'request');
    expect(tokens.size).toBe(2000);
    advance(tokenLifetimeMs / 2);
    tokens.remember('new', 'request');
    // The first thousand expired exactly now; the second thousand have half their life left.
    expect(tokens.size).toBe(1001);
    expect(tokens.lookup('mid-999', 'other')).toBe('mismatch');
    expect(tokens.lookup('old-0', 'other')).toBe('new');
  });
});
