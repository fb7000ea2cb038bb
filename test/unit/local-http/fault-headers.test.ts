import { describe, expect, it } from 'vitest';
import { takeFaultHeaders } from '../../../local/http/fault-headers.js';

const headers = (fault: string, token: string): string[] => ['Host', 'x', 'X-Local-Fault', fault, 'X-Local-Fault-Token', token, 'Accept', '*/*'];

describe('takeFaultHeaders', () => {
  it.each<[string, string, string, string | undefined, boolean]>([
    ['the right token and fault', 'crash-after-claim', 'secret', 'secret', true],
    ['a wrong token', 'crash-after-claim', 'guess', 'secret', false],
    ['fault injection off', 'crash-after-claim', 'secret', undefined, false],
    ['another fault', 'explode', 'secret', 'secret', false],
  ])('with %s, arms the crash: %s', (_label, fault, presented, token, armed) => {
    const taken = takeFaultHeaders(headers(fault, presented), token);
    expect(taken.crashAfterClaim).toBe(armed);
    expect(taken.rawHeaders).toEqual(['Host', 'x', 'Accept', '*/*']);
  });
});
