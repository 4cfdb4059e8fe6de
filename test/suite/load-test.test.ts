// The load mode's arithmetic and failure classes (src/suite/load-test.ts); its behaviour
// against a gateway is test/interop/load.test.ts.
import { describe, expect, it } from 'vitest';
import { failureClass, percentiles } from '../../src/suite/load-test.js';

describe('percentiles (nearest rank)', () => {
  it('of 1..100 are the values at those ranks', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose
    expect(percentiles(xs)).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
  });
  it('of few values: p99 is the maximum, p50 the lower middle', () => {
    expect(percentiles([30, 10, 20, 40])).toEqual({ count: 4, p50: 20, p90: 40, p99: 40, max: 40 });
    expect(percentiles([7])).toEqual({ count: 1, p50: 7, p90: 7, p99: 7, max: 7 });
  });
  it('of nothing is null', () => {
    expect(percentiles([])).toBeNull();
  });
});

describe('failureClass', () => {
  // Reasons as src/endpoint/session.ts and exchanges.ts word them.
  it.each([
    ['the gateway refused our authentication (AUTHENTICATION_FAILED)', 'AUTHENTICATION_FAILED'],
    ['the gateway refused IKE_SA_INIT: NO_PROPOSAL_CHOSEN', 'NO_PROPOSAL_CHOSEN'],
    ['no CHILD_SA: TS_UNACCEPTABLE', 'TS_UNACCEPTABLE'],
    ['the gateway refused IKE_AUTH: INTERNAL_ADDRESS_FAILURE', 'INTERNAL_ADDRESS_FAILURE'],
    ['the gateway wants MODP_3072 (INVALID_KE_PAYLOAD), which we did not propose', 'INVALID_KE_PAYLOAD'],
    ['no valid response to IKE_SA_INIT after 4 retransmissions (31 s)', 'no response to IKE_SA_INIT'],
    ['no valid response to IKE_AUTH request 1 after 4 retransmissions (31 s)', 'no response to IKE_AUTH'],
    ['IKE_AUTH request 1: interrupted', 'interrupted'],
    ["the gateway's AUTH does not verify with our PSK (wrong key, or not vpn.example.net)", "the gateway's AUTH does not verify with our PSK (wrong key, or not vpn.example.net)"],
  ])('%s → %s', (reason, cls) => {
    expect(failureClass(reason)).toBe(cls);
  });
  it('does not take an exchange or group name for a notify', () => {
    expect(failureClass('the gateway refused our MODP_1024 KE but asks for the same group')).not.toBe('MODP_1024');
  });
});
