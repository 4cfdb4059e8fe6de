import { describe, expect, it } from 'vitest';
import { weakPrf } from '../../../src/lint/rules/crypto/weak-prf.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const init = (prf: number) => [ikeFrame(C, { payloads: [sa(12, 128, 12, prf), ke(), nonce()] }), ikeFrame(G, { response: true, payloads: [sa(12, 128, 12, prf), ke(), nonce()] })];

describe('crypto/weak-prf', () => {
  it('codec: PRF_HMAC_MD5 is an error (MUST NOT), on the IKE_SA_INIT response', async () => {
    const f = findings(weakPrf, await reportOfFrames(init(1)));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['crypto/weak-prf', 'error', 'ike-1', [2]]]);
    expect(f[0]!.explanation).toMatch(/PRF_HMAC_MD5: MUST NOT \(RFC 8247 §2\.3\)/);
  });

  it.runIf(hasCapture('3des-sha1'))('lab 3des-sha1: PRF_HMAC_SHA1 is info (MUST-)', async () => {
    const f = findings(weakPrf, await lab('3des-sha1'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [4]]]);
  });

  it('does not fire on PRF_HMAC_SHA2_256 (eap-mschapv2-ping) or AES128-XCBC', async () => {
    expect(findings(weakPrf, await lab('eap-mschapv2-ping'))).toEqual([]);
    expect(findings(weakPrf, await reportOfFrames(init(4)))).toEqual([]);
  });
});
