import { describe, expect, it } from 'vitest';
import { hostCheck, hostNameOf, isLoopbackAddress, isLoopbackName } from '../../../local/host-allowlist.js';

describe('hostNameOf', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LocalHost:8000', 'localhost'],
    ['127.0.0.1:3000', '127.0.0.1'],
    ['[::1]', '[::1]'],
    ['[::1]:8000', '[::1]'],
    ['api.internal:65535', 'api.internal'],
  ])('reads %s as %s', (header, name) => {
    expect(hostNameOf(header)).toBe(name);
  });

  it.each(['', ':8000', '[::1', '[::1]x', 'localhost:', 'localhost:80:80', 'localhost:abc', '::1', 'localhost:123456'])('refuses %j', (header) => {
    expect(hostNameOf(header)).toBeUndefined();
  });
});

describe('isLoopbackName', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['[::1]', true],
    ['127.0.0.256', false],
    ['127.0.0', false],
    ['128.0.0.1', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.evil.example', false],
    ['0.0.0.0', false],
    ['evil.example', false],
  ])('%s -> %s', (name, loopback) => {
    expect(isLoopbackName(name)).toBe(loopback);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('binding to %s is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('hostCheck', () => {
  const isAllowed = hostCheck(['api.internal', 'Dev.Example:9000', '[fd00::5]']);

  it.each([
    'localhost',
    'localhost:8000',
    '127.0.0.1',
    '127.0.0.1:3000',
    '127.1.2.3:80',
    '[::1]',
    '[::1]:8000',
    'api.internal',
    'API.internal:443',
    'dev.example',
    'dev.example:1',
    '[fd00::5]:8000',
  ])('accepts Host %s', (header) => {
    expect(isAllowed(header)).toBe(true);
    // A second time it is answered from the remembered headers, the same way.
    expect(isAllowed(header)).toBe(true);
  });

  it.each([undefined, '', 'evil.example', 'evil.example:8000', 'localhost.evil.example', '127.0.0.1.nip.io', '192.168.1.10:8000', 'api.internal.evil'])(
    'refuses Host %s',
    (header) => {
      expect(isAllowed(header)).toBe(false);
      expect(isAllowed(header)).toBe(false);
    },
  );

  it('answers loopback names only when nothing is allowed', () => {
    const loopbackOnly = hostCheck();
    expect(loopbackOnly('127.0.0.1:8000')).toBe(true);
    expect(loopbackOnly('api.internal')).toBe(false);
  });

  it.each(['', 'a:b:c', '::1', 'host:port'])('refuses to allow %j', (host) => {
    expect(() => hostCheck([host])).toThrow(RangeError);
  });
});
