import { describe, expect, it } from 'vitest';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { unansweredRequest } from '../../../src/lint/rules/protocol/unanswered-request.js';
import { ikeFrame, ke, nonce, sa, sk, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const initReq = () => ikeFrame(C, { payloads: [sa(), ke(), nonce()] });
const initRes = () => ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce()] });
const req = (mid: number) => ikeFrame(C, { exchange: mid === 1 ? ExchangeType.IKE_AUTH : ExchangeType.INFORMATIONAL, mid, payloads: [sk()] });
const res = (mid: number) => ikeFrame(G, { exchange: mid === 1 ? ExchangeType.IKE_AUTH : ExchangeType.INFORMATIONAL, mid, response: true, payloads: [sk()] });

describe('protocol/unanswered-request', () => {
  it('flags a request never answered when later messages show the capture went on', async () => {
    // IKE_AUTH MID 1 (frame 3) unanswered; the INFORMATIONAL MID 2 after it is answered.
    const r = await reportOfFrames([initReq(), initRes(), req(1), req(2), res(2)]);
    const f = findings(unansweredRequest, r);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'protocol/unanswered-request', severity: 'warning', ikeSa: 'ike-1', frames: [3] });
    expect(f[0]!.explanation).toMatch(/IKE_AUTH request MID 1 from the initiator/);
  });

  it('a lone unanswered IKE_SA_INIT is flagged (nothing else in the capture)', async () => {
    const f = findings(unansweredRequest, await reportOfFrames([initReq()]));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [1]]]);
  });

  it('gives the last message the benefit of the doubt (the capture may end before the answer)', async () => {
    expect(findings(unansweredRequest, await reportOfFrames([initReq(), initRes(), req(1)]))).toEqual([]);
  });

  it('does not fire on a complete lab session (eap-mschapv2-ping)', async () => {
    expect(findings(unansweredRequest, await lab('eap-mschapv2-ping'))).toEqual([]);
  });

  it.runIf(hasCapture('no-proposal-chosen'))('an IKE_SA_INIT refused with NO_PROPOSAL_CHOSEN was answered: no finding', async () => {
    expect(findings(unansweredRequest, await lab('no-proposal-chosen'))).toEqual([]);
  });
});
