import { describe, expect, it } from 'vitest';
import { findings, reportOf } from '../../helpers/lint.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { ALL4, auth, cert, certreq, cp, eap, espSa, idOf, sessionReport, tsOf, type Step } from '../../helpers/windows-session.js';
const lab = (name: string, assume?: string) => reportOf(`captures/${name}.pcap`, [`captures/${name}.gateway.log`], assume);
const { IKE_AUTH, INFORMATIONAL } = ExchangeType;
const IDi = () => idOf(PayloadType.IDi, 1, '198.51.100.2');
const IDr = (type = 2, value = 'vpn.example') => idOf(PayloadType.IDr, type, value);
/** An EAP IKE_AUTH: request 1 without AUTH, the gateway's signed response with EAP Identity. */
const authStart = (req: Step['payloads'], res: Step['payloads']): Step[] => [
  { from: 'client', exchange: IKE_AUTH, mid: 1, payloads: req },
  { from: 'gateway', exchange: IKE_AUTH, mid: 1, response: true, payloads: res },
];
import { certNotSent } from '../../../src/lint/rules/windows/cert-not-sent.js';

describe('windows/cert-not-sent', () => {
  it('signed AUTH, no CERT, the client sent no CERTREQ', async () => {
    const r = await sessionReport({ steps: authStart([IDi(), espSa([[12, 256, 2]])], [IDr(), auth(1), eap(1, 1)]) });
    const f = findings(certNotSent, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toContain('sent no CERTREQ');
    expect(f[0]!.fix).toContain('send_cert = always');
  });
  it('a CERTREQ the gateway did not match is said so', async () => {
    const f = findings(certNotSent, await sessionReport({ steps: authStart([IDi(), certreq(3)], [IDr(), auth(14)]) }));
    expect(f[0]!.explanation).toContain('naming 3 CAs');
  });
  it('a CERT sent, PSK auth, or no keys: nothing', async () => {
    expect(findings(certNotSent, await lab('eap-mschapv2-ping', 'windows-10'))).toEqual([]);
    expect(findings(certNotSent, await sessionReport({ steps: authStart([IDi(), auth(2)], [IDr(), auth(2)]) }))).toEqual([]);
    expect(findings(certNotSent, await sessionReport({ steps: authStart([IDi()], [IDr(), auth(1)]), keys: false }))).toEqual([]);
  });
});
