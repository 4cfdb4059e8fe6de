/**
 * SK payloads of Wireshark's own IKEv2 decryption captures (made by other implementations
 * than strongSwan), opened with the shipped ikev2_decryption_table as written: every message
 * decrypts and its AUTH payload data equals the reference in the README (tshark 4.0's
 * `isakmp.auth.data`). That includes the row that names AES-CTR-128 "No Checking" for a
 * session that used AES-CCM-128: CTR with the 4-octet nonce 0x03 | CCM salt reproduces CCM's
 * counter blocks (see src/crypto/aes-ctr.ts). One flipped bit turns every checked row into an
 * ICV mismatch and never yields a plaintext.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSk } from '../../src/crypto/sk.js';
import type { SkKeys } from '../../src/crypto/types.js';
import { hex } from '../../src/ikev2/bytes.js';
import { parseInnerPayloads, parseMessage } from '../../src/ikev2/message.js';
import { isPayload } from '../../src/ikev2/payload.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { findSk, ipsecPackets, WIRESHARK_TESTS, wiresharkIkeEncr, wiresharkIkeInteg, wiresharkIkeTable } from './oracles.js';

const table = join(WIRESHARK_TESTS, 'ikev2_decryption_table');
const readme = join(WIRESHARK_TESTS, 'README.md');
const present = existsSync(table) && existsSync(readme);

/** The README's "| capture | AUTH data, AUTH data |" rows. */
function expectedAuth(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    const m = /^\| (ikev2-decrypt-\S+) \| ([0-9a-f, ]+) \|$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.split(',').map((s) => s.trim()));
  }
  return out;
}

function keysFor(ispi: string, rspi: string, fromInitiator: boolean): SkKeys | undefined {
  const row = wiresharkIkeTable(table).find((r) => r.ispi === ispi && r.rspi === rspi);
  if (!row) return undefined;
  const encr = wiresharkIkeEncr(row.encrName)!;
  const integ = wiresharkIkeInteg(row.integName)!;
  expect(encr, row.encrName).toBeDefined();
  expect(integ, row.integName).toBeDefined();
  const encrKey = fromInitiator ? row.ei : row.er;
  if (integ === 'none') return { encr, encrKey, integrity: 'check' };
  if ('unchecked' in integ) return { encr, encrKey, integrity: 'skip', icvBytes: integ.unchecked };
  return { encr, encrKey, integ, integKey: fromInitiator ? row.ai : row.ar, integrity: 'check' };
}

describe.skipIf(!present)('Wireshark ikev2-decrypt captures with ikev2_decryption_table', () => {
  const expected = present ? [...expectedAuth()] : [];
  it('the README lists all 8 captures', () => {
    expect(expected.map((e) => e[0]).sort()).toHaveLength(8);
  });

  it.each(expected)('%s', async (name, auths) => {
    const { ike } = await ipsecPackets(join(WIRESHARK_TESTS, name));
    const found: string[] = [];
    let opened = 0;
    for (const { bytes, frame } of ike) {
      const m = parseMessage(bytes);
      if (!m.ok) continue;
      const sk = findSk(bytes);
      if (!sk) continue;
      const hdr = m.value.header;
      const keys = keysFor(hex(hdr.ispi), hex(hdr.rspi), hdr.initiator)!;
      expect(keys, `frame ${frame}: no key row`).toBeDefined();
      const r = openSk(bytes, sk.offset, keys);
      expect(r, `frame ${frame}`).toMatchObject({ ok: true, integrity: keys.integrity === 'skip' ? 'unchecked' : 'verified' });
      if (!r.ok) continue;
      opened++;
      const chain = parseInnerPayloads(bytes[sk.offset]!, r.plaintext);
      expect(chain.malformed, `frame ${frame}`).toBeUndefined();
      for (const p of chain.payloads) if (isPayload(p, PayloadType.AUTH)) found.push(hex(p.data));

      // One flipped bit in the first ciphertext octet, and one in the IKE header (Message ID).
      for (const at of [sk.offset + (sk.type === 53 ? 8 : 4) + keys.encr.ivBytes, 23]) {
        const bad = bytes.slice();
        bad[at] ^= 0x01;
        const t = openSk(bad, sk.offset, keys);
        if (keys.integrity === 'check') expect(t, `frame ${frame}, octet ${at}`).toMatchObject({ ok: false, reason: 'icv-mismatch' });
        // Unchecked: the header is not in the keystream; a ciphertext change shows in the
        // plaintext (and a lone Pad Length octet changed can no longer be padding).
        else if (at === 23) expect(t).toMatchObject({ ok: true, integrity: 'unchecked', plaintext: r.plaintext });
        else expect(t.ok ? t.integrity : t.reason).toMatch(/^(unchecked|malformed)$/);
        if (!t.ok) expect(t).not.toHaveProperty('plaintext');
      }
    }
    expect(opened).toBeGreaterThanOrEqual(2);
    expect(found).toEqual(auths);
  });
});
