import { describe, expect, it } from 'vitest';
import { checkLatencyProfile, latencyProfileNamed, latencyProfiles } from '../../../../local/dynamodb/latency/latency-profile.js';

describe('latency profiles', () => {
  it('names the in-region profile with single-digit milliseconds per operation', () => {
    const profile = latencyProfileNamed('in-region');
    expect(profile).toBe(latencyProfiles['in-region']);
    for (const milliseconds of Object.values(profile)) {
      expect(milliseconds).toBeGreaterThan(0);
      expect(milliseconds).toBeLessThan(10);
    }
    expect(profile.TransactWriteItems).toBeGreaterThan(profile.PutItem ?? Number.POSITIVE_INFINITY);
  });

  it.each(['', 'cross-region', 'toString', '__proto__'])('refuses an unknown profile name %j, listing the known ones', (name) => {
    expect(() => latencyProfileNamed(name)).toThrow(/Unknown latency profile: .*\(known: in-region\)/);
  });

  it.each([[{ GetItem: -1 }], [{ PutItem: Number.NaN }], [{ Scan: Number.POSITIVE_INFINITY }]])('refuses a profile with a bad value %j', (profile) => {
    expect(() => {
      checkLatencyProfile(profile);
    }).toThrow(RangeError);
  });
});
