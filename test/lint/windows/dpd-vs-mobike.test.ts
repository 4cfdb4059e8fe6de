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
import { deleteIke as makeDelete } from '../../helpers/windows-session.js';
import { dpdVsMobike } from '../../../src/lint/rules/windows/dpd-vs-mobike.js';

const established = authStart([IDi(), auth(2)], [IDr(), auth(2), espSa([[12, 256, 2]])]);
const check = (mid: number): Step => ({ from: 'gateway', exchange: INFORMATIONAL, mid, payloads: [] });

describe('windows/dpd-vs-mobike', () => {
  it('three unanswered liveness checks and a delete within seconds', async () => {
    const r = await sessionReport({ steps: [...established, check(0), check(1), check(2), { from: 'gateway', exchange: INFORMATIONAL, mid: 3, payloads: [makeDelete()] }] });
    const f = findings(dpdVsMobike, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [5, 6, 7, 8]]]);
    expect(f[0]!.explanation).toContain('30-minute');
    expect(f[0]!.fix).toContain('dpd_delay = 2400s');
  });
  it('answered liveness checks (lab dpd capture) pass', async () => {
    expect(findings(dpdVsMobike, await lab('dpd', 'windows-10'))).toEqual([]);
    expect(findings(dpdVsMobike, await lab('mobike-move', 'windows-10'))).toEqual([]);
  });
});
