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
import { certUnrequested } from '../../../src/lint/rules/windows/cert-unrequested.js';

describe('windows/cert-unrequested', () => {
  it('a chain sent without any CERTREQ: info; IP-fragmented because of it: warning', async () => {
    const small = findings(certUnrequested, await sessionReport({ steps: authStart([IDi()], [IDr(), cert(900), auth(1)]) }));
    expect(small.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [4]]]);
    const steps = authStart([IDi()], [IDr(), cert(1400), cert(1400), cert(1200), auth(1)]);
    steps[1]!.ipFragmentSize = 1480;
    const big = findings(certUnrequested, await sessionReport({ steps }));
    expect(big.map((x) => [x.severity, x.frames])).toEqual([['warning', [4, 5, 6]]]);
    expect(big[0]!.explanation).toContain('3 certificates');
  });
  it('certificates the client asked for pass', async () => {
    expect(findings(certUnrequested, await lab('ip-fragmented-auth'))).toEqual([]);
    expect(findings(certUnrequested, await sessionReport({ steps: authStart([IDi(), certreq(1)], [IDr(), cert(), auth(1)]) }))).toEqual([]);
  });
});
