/**
 * Every ESP packet of the strongSwan lab captures, opened with the CHILD_SA keys the gateway
 * logged at `chd 4` (`encryption initiator key` …, then the SPIs installed): the ICV (or AEAD
 * tag) verifies with exactly one direction's keys, and the payload is the ICMP or ICMPv6 echo
 * or echo reply the recipes send (IPv4 in Next Header 4, IPv6 in 41).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EspKeys } from '../../src/crypto/types.js';
import { EspDecryptor } from '../../src/esp/decrypt.js';
import { charonLog, childKeySets, ipsecPackets, labCaptures, type ChildKeySet } from '../crypto/oracles.js';

const captures = labCaptures('esp');

function decryptors(c: ChildKeySet): EspDecryptor[] {
  const { encr, integ } = c.proposal;
  const keys = (encrKey: Uint8Array, integKey: Uint8Array): EspKeys =>
    encr!.aead ? { encr: encr!, encrKey, integrity: 'check' } : { encr: encr!, integ, encrKey, integKey, integrity: 'check' };
  return [new EspDecryptor(keys(c.encrI, c.integI)), new EspDecryptor(keys(c.encrR, c.integR))];
}

/** ICMP (IPv4 protocol 1) or ICMPv6 (IPv6 next header 58) echo request/reply type, or undefined. */
function echoType(nextHeader: number, p: Uint8Array): number | undefined {
  if (nextHeader === 4 && p[0]! >> 4 === 4 && p[9] === 1) return p[(p[0]! & 0x0f) * 4];
  if (nextHeader === 41 && p[0]! >> 4 === 6 && p[6] === 58) return p[40];
  return undefined;
}

let espSeen = 0;

describe.skipIf(captures.length === 0)('ESP of the lab captures with the gateway log keys', () => {
  afterAll(() => expect(espSeen).toBeGreaterThan(100));
  it.each(captures)('$name', async ({ pcap, log }) => {
    const children = childKeySets(charonLog(log));
    const bySpi = new Map<number, EspDecryptor[]>();
    for (const c of children) for (const spi of c.spis) bySpi.set(spi, decryptors(c));
    const { esp } = await ipsecPackets(pcap);
    // A session may carry no traffic (dpd idles); the suite as a whole must (below).
    espSeen += esp.length;
    for (const { frame, bytes } of esp) {
      const spi = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
      const candidates = bySpi.get(spi);
      expect(candidates, `frame ${frame}: SPI ${spi.toString(16)} not in the log`).toBeDefined();
      const results = candidates!.map((d) => d.open(bytes));
      const ok = results.filter((r) => r.ok);
      expect(ok, `frame ${frame}: ${results.map((r) => (r.ok ? 'ok' : r.reason)).join(', ')}`).toHaveLength(1);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'icv-mismatch')).toBe(true);
      const out = ok[0]!;
      if (!out.ok) continue;
      expect(out).toMatchObject({ integrity: 'verified', padding: 'default' });
      expect([0, 8, 128, 129], `frame ${frame}: next header ${out.nextHeader}`).toContain(echoType(out.nextHeader, out.payload));
    }
  });
});
