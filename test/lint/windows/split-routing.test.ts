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
import { splitRouting } from '../../../src/lint/rules/windows/split-routing.js';

const session = (tsr: Array<[string, string]>) => sessionReport({ steps: authStart(
  [IDi(), auth(1), cp(1, [[1, 0]]), espSa([[12, 256, 2]]), tsOf(PayloadType.TSi, ALL4), tsOf(PayloadType.TSr, ALL4)],
  [IDr(), cert(), auth(1), cp(2, [[1, 4]]), espSa([[12, 256, 2]]), tsOf(PayloadType.TSi, ['192.0.2.1', '192.0.2.1']), tsOf(PayloadType.TSr, ...tsr)],
) });

describe('windows/split-routing', () => {
  it('TSr 10.0.0.0/8 offered to a Windows 10 client', async () => {
    const f = findings(splitRouting, await session([['10.0.0.0', '10.255.255.255']]));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toContain('10.0.0.0/8');
    expect(f[0]!.fix).toContain('249');
  });
  it('0.0.0.0/0 passes', async () => {
    expect(findings(splitRouting, await session([ALL4]))).toEqual([]);
    expect(findings(splitRouting, await lab('production-windows', 'windows-10'))).toEqual([]);
  });
});
