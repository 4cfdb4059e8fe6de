import { describe, expect, it } from 'vitest';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { responseWithoutRequest } from '../../../src/lint/rules/protocol/response-without-request.js';
import { ikeFrame, ke, nonce, sa, sk, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const initReq = () => ikeFrame(C, { payloads: [sa(), ke(), nonce()] });
const initRes = () => ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce()] });
const info = (mid: number, response: boolean) => ikeFrame(response ? G : C, { exchange: ExchangeType.INFORMATIONAL, mid, response, payloads: [sk()] });

describe('protocol/response-without-request', () => {
  it('flags a response whose request (same MID, other side) is not in the capture', async () => {
    // The gateway answers INFORMATIONAL MID 4 (frame 4); the client's requests were MID 1 only.
    const r = await reportOfFrames([initReq(), initRes(), info(1, false), info(4, true), info(1, true)]);
    const f = findings(responseWithoutRequest, r);
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/response-without-request', 'warning', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toMatch(/INFORMATIONAL response MID 4/);
  });

  it('excuses a capture that starts with a response', async () => {
    expect(findings(responseWithoutRequest, await reportOfFrames([info(3, true), info(4, false), info(4, true)]))).toEqual([]);
  });

  it('does not fire when every response has its request (child-rekey: both sides request)', async () => {
    expect(findings(responseWithoutRequest, await lab('child-rekey'))).toEqual([]);
  });
});
