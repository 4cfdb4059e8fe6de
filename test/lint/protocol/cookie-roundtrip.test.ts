import { describe, expect, it } from 'vitest';
import { makeNotify } from '../../../src/ikev2/payloads/notify.js';
import { NotifyType } from '../../../src/ikev2/registry/notify-types.js';
import { cookieRoundtrip } from '../../../src/lint/rules/protocol/cookie-roundtrip.js';
import { ikeFrame, ke, nonce, sa, ZERO, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const cookie = () => makeNotify(NotifyType.COOKIE, new Uint8Array(16).fill(0xc0));
const first = () => ikeFrame(C, { payloads: [sa(), ke(), nonce()] });
const askCookie = () => ikeFrame(G, { response: true, rspi: ZERO, payloads: [cookie()] });
const retry = () => ikeFrame(C, { payloads: [cookie(), sa(), ke(), nonce()] });
const accept = () => ikeFrame(G, { response: true, payloads: [sa(), ke(), nonce()] });

describe('protocol/cookie-roundtrip', () => {
  it('N(COOKIE) then the retry with the cookie: info with request, answer and retry', async () => {
    const f = findings(cookieRoundtrip, await reportOfFrames([first(), askCookie(), retry(), accept()]));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/cookie-roundtrip', 'info', 'ike-1', [1, 2, 3]]]);
    expect(f[0]!.fix).toMatch(/cookie_threshold/);
  });

  it('no retry with the cookie: warning', async () => {
    const f = findings(cookieRoundtrip, await reportOfFrames([first(), askCookie()]));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['warning', [1, 2]]]);
  });

  it('does not fire without a cookie request', async () => {
    expect(findings(cookieRoundtrip, await reportOfFrames([first(), accept()]))).toEqual([]);
    expect(findings(cookieRoundtrip, await lab('eap-mschapv2-ping'))).toEqual([]);
  });
});
