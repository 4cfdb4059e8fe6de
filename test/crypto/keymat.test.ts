/**
 * Key derivation against strongSwan, the real oracle: every lab capture's gateway log (charon
 * at `ike 4` / `chd 4`) prints the shared Diffie-Hellman secret, SKEYSEED and SK_d … SK_pr of
 * each IKE SA, and the prf+ seed and four keys of each CHILD_SA. The nonces and SPIs come from
 * the capture: IKE_SA_INIT for the first IKE SA; for an IKE SA made by a rekey, the Nonce
 * payloads of the CREATE_CHILD_SA exchange, decrypted with the old SA's logged keys.
 *
 * There are no published vectors for prf+ or the §2.14/§2.17 splits; this is the cross-check.
 */
import { describe, expect, it } from 'vitest';
import { childSaKeymat, deriveIkeKeys } from '../../src/crypto/keymat.js';
import { prfPlus } from '../../src/crypto/prf-plus.js';
import { prf } from '../../src/crypto/prf.js';
import { prfAlgorithm } from '../../src/crypto/algorithms.js';
import { openSk } from '../../src/crypto/sk.js';
import type { SkKeys } from '../../src/crypto/types.js';
import { hex } from '../../src/ikev2/bytes.js';
import { parseInnerPayloads, parseMessage } from '../../src/ikev2/message.js';
import { isPayload, type Payload } from '../../src/ikev2/payload.js';
import { ExchangeType } from '../../src/ikev2/registry/exchange-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { PrfId } from '../../src/ikev2/registry/prf.js';
import { charonLog, childKeySets, findSk, ikeKeySets, ipsecPackets, labCaptures, type IkeKeySet } from './oracles.js';
import { h, toHex } from './support.js';

const captures = labCaptures();

function nonceOf(payloads: readonly Payload[]): Uint8Array | undefined {
  const n = payloads.find((p) => isPayload(p, PayloadType.NONCE));
  return n && isPayload(n, PayloadType.NONCE) ? n.data : undefined;
}

function skKeys(set: IkeKeySet, fromInitiator: boolean): SkKeys {
  const { encr, integ } = set.proposal;
  return {
    encr: encr!, integ: encr!.aead ? undefined : integ,
    encrKey: fromInitiator ? set.ei : set.er, integKey: encr!.aead ? undefined : fromInitiator ? set.ai : set.ar,
    integrity: 'check',
  };
}

describe('prf+ (RFC 7296 §2.13)', () => {
  it('is T1 | T2 | … with T1 = prf(K, S | 01), Tn = prf(K, Tn-1 | S | n)', () => {
    const alg = prfAlgorithm(PrfId.PRF_HMAC_SHA1)!;
    const k = h('0102030405060708090a0b0c0d0e0f10');
    const s = h('aabbcc');
    const t1 = prf(alg, k, new Uint8Array([...s, 1]));
    const t2 = prf(alg, k, new Uint8Array([...t1, ...s, 2]));
    const t3 = prf(alg, k, new Uint8Array([...t2, ...s, 3]));
    expect(toHex(prfPlus(alg, k, s, 50))).toBe(toHex(new Uint8Array([...t1, ...t2, ...t3])).slice(0, 100));
  });
  it('refuses more than 255 blocks', () => {
    const alg = prfAlgorithm(PrfId.PRF_HMAC_SHA2_256)!;
    expect(prfPlus(alg, new Uint8Array(32), new Uint8Array(1), 255 * 32).length).toBe(255 * 32);
    expect(() => prfPlus(alg, new Uint8Array(32), new Uint8Array(1), 255 * 32 + 1)).toThrow(RangeError);
  });
});

describe.skipIf(captures.length === 0)('IKE SA keys (§2.14, §2.18) against charon logs', () => {
  it.each(captures)('$name', async ({ pcap, log: logPath }) => {
    const log = charonLog(logPath);
    const sets = ikeKeySets(log);
    expect(sets.length).toBeGreaterThan(0);
    const { ike } = await ipsecPackets(pcap);
    const messages = ike.flatMap((p) => {
      const m = parseMessage(p.bytes);
      return m.ok ? [{ ...p, m: m.value }] : [];
    });

    let checked = 0;
    for (const set of sets) {
      const { prf: prfAlg, encr, integ } = set.proposal;
      expect(prfAlg && encr && set.skeyseed && set.dhSecret && set.spiI && set.spiR, `log line ${set.line}`).toBeTruthy();
      // Candidate nonce pairs: IKE_SA_INIT of these SPIs, or the CREATE_CHILD_SA exchanges of
      // an earlier IKE SA (decrypted with its logged keys) for a rekey.
      const candidates: { ni: Uint8Array; nr: Uint8Array; rekeyedFrom?: IkeKeySet }[] = [];
      const init = messages.filter((x) => x.m.header.exchangeType === ExchangeType.IKE_SA_INIT && hex(x.m.header.ispi) === set.spiI);
      const ni = nonceOf(init.find((x) => !x.m.header.response)?.m.payloads ?? []);
      const nr = nonceOf(init.find((x) => x.m.header.response && hex(x.m.header.rspi) === set.spiR)?.m.payloads ?? []);
      if (ni && nr) candidates.push({ ni, nr });
      for (const old of sets.filter((s) => s.line < set.line)) {
        const inner = new Map<string, Payload[]>();
        for (const x of messages) {
          if (x.m.header.exchangeType !== ExchangeType.CREATE_CHILD_SA || hex(x.m.header.ispi) !== old.spiI) continue;
          const sk = findSk(x.bytes)!;
          const opened = openSk(x.bytes, sk.offset, skKeys(old, x.m.header.initiator));
          if (!opened.ok) continue;
          const chain = parseInnerPayloads(x.bytes[sk.offset]!, opened.plaintext);
          inner.set(`${x.m.header.messageId}/${x.m.header.response}`, [...chain.payloads]);
        }
        for (const [key, req] of inner) {
          if (key.endsWith('/true')) continue;
          const res = inner.get(key.replace('/false', '/true'));
          const a = nonceOf(req);
          const b = res && nonceOf(res);
          if (a && b) candidates.push({ ni: a, nr: b, rekeyedFrom: old });
        }
      }
      const match = candidates.find((c) => {
        const k = deriveIkeKeys(prfAlg!, c.ni, c.nr, set.dhSecret!, h(set.spiI!), h(set.spiR!), encr!, integ,
          c.rekeyedFrom && { prf: c.rekeyedFrom.proposal.prf!, skD: c.rekeyedFrom.d });
        return toHex(k.skeyseed) === toHex(set.skeyseed!);
      });
      expect(match, `no nonces reproduce SKEYSEED of log line ${set.line + 1}`).toBeDefined();
      const k = deriveIkeKeys(prfAlg!, match!.ni, match!.nr, set.dhSecret!, h(set.spiI!), h(set.spiR!), encr!, integ,
        match!.rekeyedFrom && { prf: match!.rekeyedFrom.proposal.prf!, skD: match!.rekeyedFrom.d });
      expect({ d: toHex(k.skD), ai: toHex(k.skAi), ar: toHex(k.skAr), ei: toHex(k.skEi), er: toHex(k.skEr), pi: toHex(k.skPi), pr: toHex(k.skPr) })
        .toEqual({ d: toHex(set.d), ai: toHex(set.ai), ar: toHex(set.ar), ei: toHex(set.ei), er: toHex(set.er), pi: toHex(set.pi), pr: toHex(set.pr) });
      checked++;
    }
    expect(checked).toBe(sets.length);
  });
});

describe.skipIf(captures.length === 0)('CHILD_SA keys (§2.17) against charon logs', () => {
  it.each(labCaptures('esp'))('$name', ({ log: logPath }) => {
    const log = charonLog(logPath);
    const ikeSets = ikeKeySets(log);
    const children = childKeySets(log);
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) {
      // SK_d of the IKE SA the CHILD_SA belongs to, as derived last before it.
      const owner = [...ikeSets].reverse().find((s) => s.sa === c.sa && s.line < c.line)!;
      const { encr, integ } = c.proposal;
      expect(owner && encr && c.seed, `log line ${c.line + 1}`).toBeTruthy();
      // charon prints the prf+ seed whole ([g^ir |] Ni | Nr), so it goes in as one piece.
      const k = childSaKeymat(owner.proposal.prf!, owner.d, c.seed!, new Uint8Array(0), encr!, encr!.aead ? undefined : integ);
      expect({ ei: toHex(k.encrI), ai: toHex(k.integI), er: toHex(k.encrR), ar: toHex(k.integR) })
        .toEqual({ ei: toHex(c.encrI), ai: toHex(c.integI), er: toHex(c.encrR), ar: toHex(c.integR) });
    }
  });
  // Only a CHILD_SA made with PFS has a DH secret in its seed (child-rekey-pfs).
  const pfs = captures.map((c) => charonLog(c.log)).find((l) => childKeySets(l).some((c) => c.seed && c.seed.length > 64));
  it.skipIf(!pfs)('with PFS the seed is g^ir | Ni | Nr (given as three parts)', () => {
    const log = pfs!;
    const c = childKeySets(log).find((x) => x.seed && x.seed.length > 64)!;
    const owner = [...ikeKeySets(log)].reverse().find((s) => s.sa === c.sa && s.line < c.line)!;
    const alg = owner.proposal.prf!;
    // strongSwan's nonces are 32 octets each.
    const s = c.seed!;
    const gir = s.subarray(0, s.length - 64);
    const k = childSaKeymat(alg, owner.d, s.subarray(s.length - 64, s.length - 32), s.subarray(s.length - 32), c.proposal.encr!, c.proposal.integ, gir);
    expect(toHex(k.encrI)).toBe(toHex(c.encrI));
  });
});
