import { describe, expect, it } from 'vitest';
import { weakDh } from '../../../src/lint/rules/crypto/weak-dh.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const init = (dh: number) => [ikeFrame(C, { payloads: [sa(12, 128, 12, 5, dh), ke(dh), nonce()] }), ikeFrame(G, { response: true, payloads: [sa(12, 128, 12, 5, dh), ke(dh), nonce()] })];

describe('crypto/weak-dh', () => {
  it('codec: MODP_1024 chosen in IKE_SA_INIT is a warning on the response frame; MODP_768 an error', async () => {
    expect(findings(weakDh, await reportOfFrames(init(2))).map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['crypto/weak-dh', 'warning', 'ike-1', [2]]]);
    expect(findings(weakDh, await reportOfFrames(init(1))).map((x) => x.severity)).toEqual(['error']);
  });

  it.runIf(hasCapture('3des-first'))('lab 3des-first: the gateway took MODP_1024 (frame 4)', async () => {
    const f = findings(weakDh, await lab('3des-first'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toMatch(/The IKE_SA uses MODP_1024/);
    expect(f[0]!.fix).toMatch(/NegotiateDH2048_AES256/);
  });

  it.runIf(hasCapture('gw-ike-rekey-modp2048-first'))('lab: the rekeyed IKE_SA keeps MODP_1024, cited at the rekey response (frame 22)', async () => {
    const f = findings(weakDh, await lab('gw-ike-rekey-modp2048-first'));
    expect(f.map((x) => [x.ikeSa, x.frames])).toEqual([['ike-1', [4]], ['ike-2', [22]]]);
  });

  it('does not fire on MODP_2048 (eap-mschapv2-ping, codec) nor on ECP/Curve25519', async () => {
    expect(findings(weakDh, await lab('eap-mschapv2-ping'))).toEqual([]);
    expect(findings(weakDh, await reportOfFrames(init(14)))).toEqual([]);
    expect(findings(weakDh, await reportOfFrames(init(31)))).toEqual([]);
  });
});
