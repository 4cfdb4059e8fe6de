// EAP-MSCHAPv2 as the lab's strongSwan peers run it (Identity, Challenge, Response, Success,
// the peer's Success acknowledgement, EAP Success), decrypted in-process and decoded, field by
// field against tshark's EAP dissector on the same capture with the same keys.
import { describe, expect, it } from 'vitest';
import { hex } from '../../src/ikev2/bytes.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { eapMethodOf, type EapMethodView } from '../../src/ikev2/views.js';
import { innerOfType } from './support/decrypted.js';
import { decryptedFields, labRequired, tsharkAvailable } from './support/tshark-keys.js';

const CAPTURES = ['eap-mschapv2-ping', 'production-windows', 'ip-fragmented-auth', 'aes-gcm', 'ikev2-fragments'];

async function views(name: string): Promise<{ frame: number; code: number; length: number; view?: EapMethodView }[]> {
  const out = [];
  for (const { frame, payload } of await innerOfType(name, PayloadType.EAP)) {
    const v = eapMethodOf(payload);
    expect(v === undefined || v.ok, `${name} frame ${frame}: ${v && !v.ok ? v.reason : ''}`).toBe(true);
    out.push({ frame, code: payload.code, length: 5 + payload.typeData.length, view: v?.ok ? v.value : undefined });
  }
  return out;
}

describe('EAP-MSCHAPv2 in the lab captures', () => {
  it.each(CAPTURES)('%s: Identity, Challenge, Response, Success, acknowledgement, EAP Success', async (name) => {
    const v = await views(name);
    expect(v.map((x) => x.view ? `${x.view.kind}${'op' in x.view ? `:${x.view.op}` : ''}` : `code ${x.code}`)).toEqual([
      'identity', 'identity', 'mschapv2:challenge', 'mschapv2:response', 'mschapv2:success', 'mschapv2:ack', 'code 3',
    ]);
    const [idReq, idResp, ch, resp, ok, ack] = v.map((x) => x.view!);
    expect(idReq).toEqual({ kind: 'identity', identity: '' });
    expect(idResp).toMatchObject({ kind: 'identity', identity: name === 'production-windows' ? 'user1' : 'alice' });
    if (ch?.kind !== 'mschapv2' || ch.op !== 'challenge') throw new Error('no challenge');
    expect(ch).toMatchObject({ opCode: 1, msLength: v[2]!.length - 5, name: 'strongSwan' });
    expect(ch.challenge).toHaveLength(16);
    expect(ch.msLengthMismatch).toBeUndefined();
    if (resp?.kind !== 'mschapv2' || resp.op !== 'response') throw new Error('no response');
    // draft-kamath §2: the Response echoes the Challenge's MS-CHAPv2-ID.
    expect(resp).toMatchObject({ opCode: 2, msChapV2Id: ch.msChapV2Id, msLength: v[3]!.length - 5, flags: 0, name: (idResp as { identity: string }).identity });
    expect([resp.peerChallenge.length, resp.reserved.length, resp.ntResponse.length]).toEqual([16, 8, 24]);
    expect(hex(resp.reserved)).toBe('00'.repeat(8));
    if (ok?.kind !== 'mschapv2' || ok.op !== 'success') throw new Error('no success');
    expect(ok).toMatchObject({ opCode: 3, msChapV2Id: ch.msChapV2Id, message: 'Welcome2strongSwan' });
    expect(ok.authenticatorResponse).toHaveLength(20);
    expect(ok.text).toMatch(/^S=[0-9A-F]{40} M=Welcome2strongSwan$/);
    expect(ack).toEqual({ kind: 'mschapv2', op: 'ack', opCode: 3 });
  });

  describe.skipIf(!tsharkAvailable && !labRequired)('against tshark', () => {
    const FIELDS = [
      'eap.code', 'eap.type', 'eap.identity', 'eap.ms_chap_v2.opcode', 'eap.ms_chap_v2.id', 'eap.ms_chap_v2.length',
      'eap.ms_chap_v2.value_size', 'eap.ms_chap_v2.challenge', 'eap.ms_chap_v2.peer_challenge', 'eap.ms_chap_v2.reserved',
      'eap.ms_chap_v2.nt_response', 'eap.ms_chap_v2.flags', 'eap.ms_chap_v2.name', 'eap.ms_chap_v2.message',
    ] as const;

    it.each(CAPTURES)('%s', async (name) => {
      const rows = await decryptedFields(name, FIELDS, 'eap');
      const ours = await views(name);
      // SKF-fragmented messages are decoded on their last fragment, as tshark shows them.
      expect([...rows.keys()]).toEqual(ours.map((o) => o.frame));
      for (const o of ours) {
        const t = Object.fromEntries(FIELDS.map((f, i) => [f, rows.get(o.frame)![i]![0]]));
        const v = o.view;
        expect(Number(t['eap.code'])).toBe(o.code);
        if (!v) continue;
        if (v.kind === 'identity' && t['eap.identity'] !== undefined) expect(v.identity).toBe(t['eap.identity']);
        if (v.kind !== 'mschapv2') continue;
        expect(v.opCode).toBe(Number(t['eap.ms_chap_v2.opcode']));
        if (v.op === 'ack') continue;
        expect(v.msChapV2Id).toBe(Number(t['eap.ms_chap_v2.id']));
        expect(v.msLength).toBe(Number(t['eap.ms_chap_v2.length']));
        if (v.op === 'challenge') {
          expect(Number(t['eap.ms_chap_v2.value_size'])).toBe(16);
          expect(hex(v.challenge)).toBe(t['eap.ms_chap_v2.challenge']);
          expect(v.name).toBe(t['eap.ms_chap_v2.name']);
        } else if (v.op === 'response') {
          expect(Number(t['eap.ms_chap_v2.value_size'])).toBe(49);
          expect(hex(v.peerChallenge)).toBe(t['eap.ms_chap_v2.peer_challenge']);
          expect(hex(v.reserved)).toBe(t['eap.ms_chap_v2.reserved']);
          expect(hex(v.ntResponse)).toBe(t['eap.ms_chap_v2.nt_response']);
          expect(v.flags).toBe(Number(t['eap.ms_chap_v2.flags']));
          expect(v.name).toBe(t['eap.ms_chap_v2.name']);
        } else if (v.op === 'success') {
          // tshark shows the message up to strongSwan's terminating NUL.
          expect(v.text).toBe(t['eap.ms_chap_v2.message']);
          expect(hex(v.authenticatorResponse!)).toBe(/S=([0-9A-F]{40})/.exec(t['eap.ms_chap_v2.message']!)![1]!.toLowerCase());
        }
      }
    });
  });
});
