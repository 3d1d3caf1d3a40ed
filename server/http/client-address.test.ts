import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from './client-address.ts';

describe('clientAddressFrom', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressFrom({ forwardedFor: '203.0.113.9', socketAddress: '198.51.100.1', trustedHops: 0 })).toBe('198.51.100.1');
  });

  it('takes the address the one trusted proxy appended, not what the client wrote before it', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(clientAddressFrom({ forwardedFor: '1.1.1.1, 203.0.113.9', socketAddress: '10.0.0.2', trustedHops: 1 })).toBe('203.0.113.9');
  });

  it('counts hops from the right: with two proxies, the second address from the right', () => {
    expect(clientAddressFrom({ forwardedFor: '1.1.1.1,203.0.113.9 , 10.0.0.5', socketAddress: '10.0.0.2', trustedHops: 2 })).toBe('203.0.113.9');
  });

  it('falls back to the socket address when the header has fewer entries than trusted hops', () => {
    expect(clientAddressFrom({ forwardedFor: '203.0.113.9', socketAddress: '10.0.0.2', trustedHops: 2 })).toBe('10.0.0.2');
    expect(clientAddressFrom({ forwardedFor: undefined, socketAddress: '10.0.0.2', trustedHops: 1 })).toBe('10.0.0.2');
    expect(clientAddressFrom({ forwardedFor: ' , ', socketAddress: '10.0.0.2', trustedHops: 1 })).toBe('10.0.0.2');
  });

  it('writes IPv4-mapped IPv6 addresses as IPv4, so one client has one key', () => {
    expect(clientAddressFrom({ forwardedFor: undefined, socketAddress: '::ffff:192.0.2.7', trustedHops: 0 })).toBe('192.0.2.7');
    expect(clientAddressFrom({ forwardedFor: '::ffff:192.0.2.7', socketAddress: '10.0.0.2', trustedHops: 1 })).toBe('192.0.2.7');
  });

  it('says "unknown" when the transport gives no address', () => {
    expect(clientAddressFrom({ forwardedFor: undefined, socketAddress: undefined, trustedHops: 0 })).toBe('unknown');
  });
});
