import { describe, expect, it } from 'vitest';
import { makeNotify } from '../../../src/ikev2/payloads/notify.js';
import { NotifyType } from '../../../src/ikev2/registry/notify-types.js';
import { invalidKeRoundtrip } from '../../../src/lint/rules/protocol/invalid-ke-roundtrip.js';
import { ikeFrame, ke, nonce, sa, ZERO, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
// The client leads with ECP_256 (19); the gateway wants MODP_2048 (14), as in captures/invalid-ke.
const first = () => ikeFrame(C, { payloads: [sa(12, 128, 12, 5, 19), ke(19), nonce()] });
const refuse = () => ikeFrame(G, { response: true, rspi: ZERO, payloads: [makeNotify(NotifyType.INVALID_KE_PAYLOAD, Uint8Array.of(0, 14))] });
const retry = () => ikeFrame(C, { payloads: [sa(12, 128, 12, 5, 14), ke(14), nonce()] });
const accept = () => ikeFrame(G, { response: true, payloads: [sa(12, 128, 12, 5, 14), ke(14), nonce()] });

describe('protocol/invalid-ke-roundtrip', () => {
  it('codec: INVALID_KE_PAYLOAD then a retry with the group asked for: info, request/answer/retry as evidence', async () => {
    const f = findings(invalidKeRoundtrip, await reportOfFrames([first(), refuse(), retry(), accept()]));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/invalid-ke-roundtrip', 'info', 'ike-1', [1, 2, 3]]]);
    expect(f[0]!.explanation).toMatch(/KE for ECP_256, the responder answered N\(INVALID_KE_PAYLOAD\) asking for MODP_2048, and the retry in frame 3 used MODP_2048/);
    expect(f[0]!.fix).toMatch(/prefer_configured_proposals = no/);
  });

  it('codec: no retry in the capture makes it a warning', async () => {
    const f = findings(invalidKeRoundtrip, await reportOfFrames([first(), refuse()]));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['warning', [1, 2]]]);
  });

  it('does not fire when the first KE is accepted', async () => {
    expect(findings(invalidKeRoundtrip, await reportOfFrames([retry(), accept()]))).toEqual([]);
    expect(findings(invalidKeRoundtrip, await lab('eap-mschapv2-ping'))).toEqual([]);
  });

  it.runIf(hasCapture('invalid-ke'))('lab invalid-ke: ECP_256 KE refused for MODP_2048 (frames 3, 4, retry 5)', async () => {
    const f = findings(invalidKeRoundtrip, await lab('invalid-ke'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [3, 4, 5]]]);
    expect(f[0]!.explanation).toMatch(/ECP_256.*MODP_2048/);
  });

  it.runIf(hasCapture('gw-ike-rekey-modp2048-first'))('lab: a gateway-initiated IKE_SA rekey refused with INVALID_KE (frames 19, 20, retry 21)', async () => {
    const f = findings(invalidKeRoundtrip, await lab('gw-ike-rekey-modp2048-first'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [19, 20, 21]]]);
    expect(f[0]!.explanation).toMatch(/CREATE_CHILD_SA MID 0: the responder sent a KE for MODP_2048, the initiator answered N\(INVALID_KE_PAYLOAD\) asking for MODP_1024, and the retry in frame 21 used MODP_1024/);
  });
});
