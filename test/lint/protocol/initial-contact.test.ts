import { describe, expect, it } from 'vitest';
import { makeNotify } from '../../../src/ikev2/payloads/notify.js';
import { NotifyType } from '../../../src/ikev2/registry/notify-types.js';
import { initialContact } from '../../../src/lint/rules/protocol/initial-contact.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { lab, range, spliced } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };

describe('protocol/initial-contact', () => {
  it('flags N(INITIAL_CONTACT) outside the first IKE_AUTH (here in IKE_SA_INIT)', async () => {
    const r = await reportOfFrames([
      ikeFrame(C, { payloads: [sa(), ke(), nonce(), makeNotify(NotifyType.INITIAL_CONTACT, new Uint8Array(0))] }),
      ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce()] }),
    ]);
    const f = findings(initialContact, r);
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/initial-contact', 'warning', 'ike-1', [1]]]);
    expect(f[0]!.explanation).toMatch(/IKE_SA_INIT MID 0 request, not in the first IKE_AUTH/);
  });

  it('flags an older IKE_SA between the same peers still carrying ESP after a new one sent INITIAL_CONTACT', async () => {
    // Session A (eap-mschapv2-ping frames 1–18: up, 2 echoes), then session B from the same
    // client (child-rekey frames 1–18 → 19–36, INITIAL_CONTACT in its IKE_AUTH request, frame
    // 23; up in frame 32), then A's third echo (37–38) and A's delete (39–40).
    const r = await spliced([['eap-mschapv2-ping', range(1, 18)], ['child-rekey', range(1, 18)], ['eap-mschapv2-ping', range(19, 22)]]);
    expect(r.ikeSas.map((s) => [s.id, s.decrypted])).toEqual([['ike-1', true], ['ike-2', true]]);
    const f = findings(initialContact, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [23, 32, 38]]]);
    expect(f[0]!.explanation).toMatch(/older ike-1 between the same addresses was still in use in frame 38/);
  });

  it('does not fire when INITIAL_CONTACT is in the first IKE_AUTH and the old SA was gone before', async () => {
    expect(findings(initialContact, await lab('eap-mschapv2-ping'))).toEqual([]);
    // A complete, deleted session, then a new one: the old SA's last use (20) precedes it.
    const r = await spliced([['eap-mschapv2-ping', range(1, 22)], ['child-rekey', range(1, 18)]]);
    expect(r.ikeSas).toHaveLength(2);
    expect(findings(initialContact, r)).toEqual([]);
  });
});
