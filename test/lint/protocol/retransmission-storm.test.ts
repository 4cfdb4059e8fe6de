import { describe, expect, it } from 'vitest';
import { retransmissionStorm } from '../../../src/lint/rules/protocol/retransmission-storm.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const initReq = () => ikeFrame(C, { payloads: [sa(), ke(), nonce()] });
const initRes = () => ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce()] });

describe('protocol/retransmission-storm', () => {
  it('an IKE_SA_INIT sent three times and never answered: warning citing every transmission', async () => {
    const f = findings(retransmissionStorm, await reportOfFrames([initReq(), initReq(), initReq()]));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/retransmission-storm', 'warning', 'ike-1', [1, 2, 3]]]);
    expect(f[0]!.explanation).toMatch(/sent 3 times .* never answered/);
  });

  it('answered after the retransmissions: info, with the answer as evidence', async () => {
    const f = findings(retransmissionStorm, await reportOfFrames([initReq(), initReq(), initReq(), initRes()]));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['info', [1, 2, 3, 4]]]);
  });

  it('one retransmission is no storm; a clean session has none', async () => {
    expect(findings(retransmissionStorm, await reportOfFrames([initReq(), initReq(), initRes()]))).toEqual([]);
    expect(findings(retransmissionStorm, await lab('eap-mschapv2-ping'))).toEqual([]);
  });

  it.runIf(hasCapture('retransmission'))('lab: the client sends IKE_AUTH MID 1 three times before the gateway answers (retransmission)', async () => {
    const f = findings(retransmissionStorm, await lab('retransmission'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [5, 6, 9, 10]]]);
    expect(f[0]!.explanation).toMatch(/IKE_AUTH request MID 1 from the initiator was sent 3 times/);
  });
});
