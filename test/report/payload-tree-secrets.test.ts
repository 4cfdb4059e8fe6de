// The payload tree shows identities and certificate subjects, but never what can be attacked
// offline or replayed: MSCHAPv2 challenges, peer challenges, NT-Responses and authenticator
// responses, MD5-Challenge values, token responses, AUTH data. Checked on `ikescope dump -V
// --keys` of every lab capture with the secrets taken from the in-process decryption, and on
// constructed messages.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hex } from '../../src/ikev2/bytes.js';
import { isPayload, type Payload } from '../../src/ikev2/payload.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { certificateOf, eapMethodOf } from '../../src/ikev2/views.js';
import { messageTree } from '../../src/report/payload-tree.js';
import { CAPTURES, ikescope } from '../helpers/cli.js';
import { decrypted } from '../ikev2/support/decrypted.js';

const LAB = readdirSync(CAPTURES).filter((f) => f.endsWith('.pcap') && existsSync(join(CAPTURES, f.replace(/\.pcap$/, '.gateway.log')))).map((f) => f.slice(0, -5)).sort();

/** Whether any 6-octet stretch of `secret` appears in `text` as hex (either case, or colon-separated). */
function leaks(text: string, secret: Uint8Array): boolean {
  const t = text.toLowerCase().replace(/:/g, '');
  for (let i = 0; i + 6 <= secret.length; i++) if (t.includes(hex(secret.subarray(i, i + 6)))) return true;
  return false;
}

/** The secret values of a list of payloads, named. */
function secretsOf(payloads: readonly Payload[]): { what: string; bytes: Uint8Array }[] {
  const out: { what: string; bytes: Uint8Array }[] = [];
  for (const p of payloads) {
    if (isPayload(p, PayloadType.AUTH)) out.push({ what: `AUTH data (method ${p.method})`, bytes: p.data.subarray(p.method === 14 ? 1 + p.data[0]! : 0) });
    if (!isPayload(p, PayloadType.EAP)) continue;
    const v = eapMethodOf(p);
    if (!v?.ok) continue;
    const e = v.value;
    if (e.kind === 'md5-challenge') out.push({ what: 'MD5 value', bytes: e.value });
    if (e.kind !== 'mschapv2') continue;
    if (e.op === 'challenge') out.push({ what: 'challenge', bytes: e.challenge });
    if (e.op === 'response') out.push({ what: 'peer challenge', bytes: e.peerChallenge }, { what: 'NT-Response', bytes: e.ntResponse });
    if (e.op === 'success' && e.authenticatorResponse) out.push({ what: 'authenticator response', bytes: e.authenticatorResponse });
    if (e.op === 'failure' && e.challenge) out.push({ what: 'failure challenge', bytes: e.challenge });
  }
  return out;
}

describe('no MSCHAPv2 challenge or response, and no AUTH data, in the payload tree', () => {
  it('finds the lab captures with keys', () => {
    expect(LAB).toEqual(expect.arrayContaining(['eap-mschapv2-ping', 'production-windows', 'ip-fragmented-auth', 'ikev2-fragments']));
  });

  it.each(LAB)('%s: dump -V --keys', async (name) => {
    const r = ikescope(['dump', '-V', '--keys', join(CAPTURES, `${name}.gateway.log`), join(CAPTURES, `${name}.pcap`)]);
    expect(r.status, r.stderr).toBe(0);
    const messages = await decrypted(name);
    const secrets = messages.flatMap((m) => secretsOf(m.inner));
    const kinds = new Set(secrets.map((s) => s.what));
    if (messages.some((m) => m.inner.some((p) => isPayload(p, PayloadType.EAP)))) {
      // The capture ran EAP-MSCHAPv2 to the end: each secret is there to be looked for.
      expect([...kinds]).toEqual(expect.arrayContaining(['challenge', 'peer challenge', 'NT-Response', 'authenticator response']));
      expect(r.stdout).toMatch(/MSCHAPv2 Response, MS-CHAPv2-ID \d+, MS-Length 59/);
      expect(r.stdout).toMatch(/identity: "\w+"/);
    }
    for (const s of secrets) expect(leaks(r.stdout, s.bytes), `${name}: ${s.what} ${hex(s.bytes)}`).toBe(false);
    // The check does see hex the tree prints: a certificate's SPKI hash.
    for (const m of messages) {
      for (const p of m.inner) {
        const c = isPayload(p, PayloadType.CERT) ? certificateOf(p) : undefined;
        if (c?.ok) expect(leaks(r.stdout, c.value.spkiSha1)).toBe(true);
      }
    }
  });

  it('constructed: a Failure\'s new challenge, an MD5 value and a GTC response stay out of the tree', async () => {
    const m = (await decrypted('eap-mschapv2-ping')).find((x) => x.frame === 12)!;
    const challenge = 'C0FFEE00112233445566778899AABBCC';
    const md5 = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const enc = (s: string) => new TextEncoder().encode(s);
    const inner: Payload[] = [
      { type: PayloadType.EAP, code: 1, identifier: 1, eapType: 26, typeData: Uint8Array.from([4, 1, 0, 0x2a, ...enc(`E=691 R=1 C=${challenge} V=3`)]) },
      { type: PayloadType.EAP, code: 1, identifier: 1, eapType: 26, typeData: Uint8Array.from([4, 1, 0, 0x2c, ...enc(`odd failure text C=${challenge}`)]) },
      { type: PayloadType.EAP, code: 2, identifier: 2, eapType: 4, typeData: Uint8Array.from([16, ...md5, ...enc('bob')]) },
      { type: PayloadType.EAP, code: 2, identifier: 3, eapType: 6, typeData: enc('hunter2-token') },
    ];
    const text = messageTree(m.message, inner).join('\n');
    expect(text).toContain('new challenge: 16 bytes (not shown)');
    expect(text).toContain('text: "odd failure text C=<32 hex digits>"');
    expect(text).toContain('response: 16 bytes (not shown), name: "bob"');
    expect(text).toContain('response: 13 bytes (not shown)');
    expect(text.toLowerCase()).not.toContain(challenge.toLowerCase().slice(0, 12));
    expect(leaks(text, md5)).toBe(false);
    expect(text).not.toContain('hunter2');
  });
});
