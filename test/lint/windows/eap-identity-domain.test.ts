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
import { eapIdentityDomain } from '../../../src/lint/rules/windows/eap-identity-domain.js';

const session = (identity: string, keys = true) => sessionReport({ keys, steps: [
  ...authStart([IDi()], [IDr(), cert(), auth(1), eap(1, 1)]),
  { from: 'client', exchange: IKE_AUTH, mid: 2, payloads: [eap(2, 1, identity)] },
] });

describe('windows/eap-identity-domain', () => {
  it('DOMAIN\\user as EAP identity', async () => {
    const r = await session('CORP\\alice');
    expect(r.ikeSas[0]!.eap?.identity).toBe('CORP\\alice');
    const f = findings(eapIdentityDomain, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [4, 5]]]);
    expect(f[0]!.explanation).toContain('"CORP\\"');
  });
  it('a plain user name, or no keys, says nothing', async () => {
    expect(findings(eapIdentityDomain, await lab('eap-mschapv2-ping'))).toEqual([]);
    expect(findings(eapIdentityDomain, await session('alice'))).toEqual([]);
    expect(findings(eapIdentityDomain, await session('CORP\\alice', false))).toEqual([]);
  });
});
