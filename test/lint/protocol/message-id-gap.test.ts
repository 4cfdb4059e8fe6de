import { describe, expect, it } from 'vitest';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { messageIdGap } from '../../../src/lint/rules/protocol/message-id-gap.js';
import { ikeFrame, ke, nonce, sa, sk, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const initReq = () => ikeFrame(C, { payloads: [sa(), ke(), nonce()] });
const initRes = () => ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce()] });
/** A request from the initiator (client) or the responder (gateway), and its answer. */
const req = (mid: number, byClient = true) => ikeFrame(byClient ? C : G, { exchange: ExchangeType.INFORMATIONAL, mid, initiator: byClient, response: false, payloads: [sk()] });
const res = (mid: number, byClient = true) => ikeFrame(byClient ? G : C, { exchange: ExchangeType.INFORMATIONAL, mid, initiator: !byClient, response: true, payloads: [sk()] });

describe('protocol/message-id-gap', () => {
  it('flags the initiator jumping from MID 1 to MID 4', async () => {
    const r = await reportOfFrames([initReq(), initRes(), req(1), res(1), req(4), res(4)]);
    const f = findings(messageIdGap, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [3, 5]]]);
    expect(f[0]!.explanation).toMatch(/initiator's requests go from MID 1 to MID 4: 2 Message IDs \(2–3\)/);
  });

  it('flags a responder whose first request is not MID 0 on an SA seen from its start', async () => {
    const r = await reportOfFrames([initReq(), initRes(), req(1), res(1), req(1, false), res(1, false)]);
    const f = findings(messageIdGap, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [5]]]);
    expect(f[0]!.explanation).toMatch(/responder's requests go from the start to MID 1/);
  });

  it('does not fire on consecutive MIDs from both sides (child-rekey) or a capture starting mid-SA', async () => {
    expect(findings(messageIdGap, await lab('child-rekey'))).toEqual([]);
    expect(findings(messageIdGap, await reportOfFrames([req(7), res(7), req(8), res(8)]))).toEqual([]);
  });

  it.runIf(hasCapture('invalid-ke'))('a retried IKE_SA_INIT reuses MID 0: no gap (invalid-ke)', async () => {
    expect(findings(messageIdGap, await lab('invalid-ke'))).toEqual([]);
  });
});
