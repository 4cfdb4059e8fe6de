import { describe, expect, it } from 'vitest';
import type { Payload } from '../../../src/ikev2/payload.js';
import type { SaPayload } from '../../../src/ikev2/payloads/sa.js';
import { proposalNotOffered } from '../../../src/lint/rules/protocol/proposal-not-offered.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const offer = (...proposals: Payload[]): Payload => ({ ...(sa() as SaPayload), proposals: proposals.flatMap((p, i) => (p as SaPayload).proposals.map((x) => ({ ...x, number: i + 1 }))) });
const numbered = (p: Payload, number: number): Payload => ({ ...(p as SaPayload), proposals: (p as SaPayload).proposals.map((x) => ({ ...x, number })) });
const req = (s: Payload) => ikeFrame(C, { payloads: [s, ke(), nonce()] });
const res = (s: Payload) => ikeFrame(G, { response: true, payloads: [s, ke(), nonce()] });
// AES-CBC-128/SHA2-256/PRF-SHA2-256/MODP_2048 and AES-CBC-256/SHA1/PRF-SHA1/MODP_2048.
const aes128 = sa(12, 128, 12, 5, 14);
const aes256 = sa(12, 256, 2, 2, 14);

describe('protocol/proposal-not-offered', () => {
  it('IKE_SA_INIT answered with 3DES that was never offered: error naming the transform', async () => {
    const f = findings(proposalNotOffered, await reportOfFrames([req(offer(aes128, aes256)), res(sa(3, 192, 12, 5, 14))]));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/proposal-not-offered', 'error', 'ike-1', [1, 2]]]);
    expect(f[0]!.explanation).toMatch(/ENCR_3DES.*not offered/);
  });

  it('a suite offered as proposal 2 returned under number 1: warning', async () => {
    const f = findings(proposalNotOffered, await reportOfFrames([req(offer(aes128, aes256)), res(numbered(aes256, 1))]));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['warning', [1, 2]]]);
    expect(f[0]!.explanation).toMatch(/is offered proposal 2, but the response numbers it 1/);
  });

  it('a response with two proposals: error', async () => {
    const f = findings(proposalNotOffered, await reportOfFrames([req(offer(aes128, aes256)), res(offer(aes128, aes256))]));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['error', [1, 2]]]);
    expect(f[0]!.explanation).toMatch(/2 proposals/);
  });

  it('does not fire on a proposal chosen from the offer', async () => {
    expect(findings(proposalNotOffered, await reportOfFrames([req(offer(aes128, aes256)), res(numbered(aes256, 2))]))).toEqual([]);
    // IKE proposal and the decrypted IKE_AUTH CHILD_SA proposal.
    expect(findings(proposalNotOffered, await lab('eap-mschapv2-ping'))).toEqual([]);
  });

  it.runIf(hasCapture('3des-first'))('lab 3des-first: the first of six IKE proposals and the first of two ESP proposals, both valid', async () => {
    const r = await lab('3des-first');
    expect(r.ikeSas[0]!.decrypted).toBe(true);
    expect(findings(proposalNotOffered, r)).toEqual([]);
  });

  it.runIf(hasCapture('gw-ike-rekey-modp2048-first'))('lab: an IKE_SA rekey answered from the retried offer is valid', async () => {
    expect(findings(proposalNotOffered, await lab('gw-ike-rekey-modp2048-first'))).toEqual([]);
  });
});
