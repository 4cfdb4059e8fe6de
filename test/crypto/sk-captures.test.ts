/**
 * Every SK and SKF payload of the strongSwan lab captures opens with the keys the gateway
 * logged (`Sk_ei`/`Sk_ai`/… at `ike 4`, matched to the IKE SA by its SPIs): the ICV verifies,
 * the inner chain decodes (SKF fragments after reassembly, RFC 7383 §2.6), and one flipped bit
 * anywhere the ICV covers is an icv-mismatch without plaintext.
 */
import { describe, expect, it } from 'vitest';
import { openSk } from '../../src/crypto/sk.js';
import type { SkKeys } from '../../src/crypto/types.js';
import { hex } from '../../src/ikev2/bytes.js';
import { parseInnerPayloads, parseMessage } from '../../src/ikev2/message.js';
import { charonLog, findSk, ikeKeySets, ipsecPackets, labCaptures, type IkeKeySet } from './oracles.js';
import { seeded } from './support.js';

const captures = labCaptures();

function skKeys(set: IkeKeySet, fromInitiator: boolean): SkKeys {
  const { encr, integ } = set.proposal;
  if (encr!.aead) return { encr: encr!, encrKey: fromInitiator ? set.ei : set.er, integrity: 'check' };
  return { encr: encr!, integ, encrKey: fromInitiator ? set.ei : set.er, integKey: fromInitiator ? set.ai : set.ar, integrity: 'check' };
}

describe.skipIf(captures.length === 0)('SK payloads of the lab captures with the gateway log keys', () => {
  it.each(captures)('$name', async ({ pcap, log }) => {
    const sets = ikeKeySets(charonLog(log));
    const { ike } = await ipsecPackets(pcap);
    const r = seeded(0x5c);
    let opened = 0;
    const fragments = new Map<string, { inner: number; parts: Map<number, Uint8Array>; total: number }>();
    for (const { bytes, frame } of ike) {
      const m = parseMessage(bytes);
      const sk = findSk(bytes);
      if (!m.ok || !sk) continue;
      const hdr = m.value.header;
      const set = sets.find((s) => s.spiI === hex(hdr.ispi) && s.spiR === hex(hdr.rspi));
      expect(set, `frame ${frame}: no logged keys for SPIs ${hex(hdr.ispi)}/${hex(hdr.rspi)}`).toBeDefined();
      const keys = skKeys(set!, hdr.initiator);
      const out = openSk(bytes, sk.offset, keys);
      expect(out, `frame ${frame}`).toMatchObject({ ok: true, integrity: 'verified' });
      if (!out.ok) continue;
      opened++;
      if (sk.type === 46) {
        expect(parseInnerPayloads(bytes[sk.offset]!, out.plaintext).malformed, `frame ${frame}`).toBeUndefined();
      } else {
        const number = (bytes[sk.offset + 4]! << 8) | bytes[sk.offset + 5]!;
        const total = (bytes[sk.offset + 6]! << 8) | bytes[sk.offset + 7]!;
        const key = `${hex(hdr.ispi)}/${hdr.messageId}/${hdr.initiator}`;
        const f = fragments.get(key) ?? { inner: 0, parts: new Map(), total };
        if (number === 1) f.inner = bytes[sk.offset]!;
        f.parts.set(number, out.plaintext);
        fragments.set(key, f);
      }
      // A bit flipped anywhere from the first header octet to the last ciphertext octet.
      const icv = keys.encr.aead ? keys.encr.icvBytes : keys.integ!.icvBytes;
      const end = sk.offset + ((bytes[sk.offset + 2]! << 8) | bytes[sk.offset + 3]!);
      for (let k = 0; k < 3; k++) {
        const bad = bytes.slice();
        bad[r.int(end - icv)] ^= 1 << r.int(8);
        expect(openSk(bad, sk.offset, keys), `frame ${frame}`).toMatchObject({ ok: false });
      }
      const badIcv = bytes.slice();
      badIcv[end - 1] ^= 0x80;
      expect(openSk(badIcv, sk.offset, keys)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
    }
    for (const [key, f] of fragments) {
      expect(f.parts.size, key).toBe(f.total);
      const whole = [...f.parts.entries()].sort((a, b) => a[0] - b[0]).flatMap((e) => [...e[1]]);
      expect(parseInnerPayloads(f.inner, Uint8Array.from(whole)).malformed, key).toBeUndefined();
    }
    expect(opened).toBeGreaterThan(4);
  });
});
