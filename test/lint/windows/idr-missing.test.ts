import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/analysis/model.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { idrMissing } from '../../../src/lint/rules/windows/idr-missing.js';
import { findings, reportOf } from '../../helpers/lint.js';
import { auth, cert, idOf, sessionReport } from '../../helpers/windows-session.js';

/** One Windows session: IKE_AUTH without IDr, answered with the given gateway identity. */
const session = (idType: number, value: string, certBytes: number, clientIdr = false) => sessionReport({ steps: [
  { from: 'client', exchange: ExchangeType.IKE_AUTH, mid: 1, payloads: [idOf(PayloadType.IDi, 1, '198.51.100.2'), ...(clientIdr ? [idOf(PayloadType.IDr, 2, 'vpn.example')] : [])] },
  { from: 'gateway', exchange: ExchangeType.IKE_AUTH, mid: 1, response: true, payloads: [idOf(PayloadType.IDr, idType, value), cert(certBytes), auth(1)] },
] });
/** Two clients' IKE_SAs to the same gateway address in one report. */
const both = (a: Report, b: Report): Report => ({ ...a, ikeSas: [a.ikeSas[0]!, { ...b.ikeSas[0]!, id: 'ike-2' }] });

describe('windows/idr-missing', () => {
  it('one gateway address answering clients without IDr with two identities', async () => {
    const r = both(await session(2, 'vpn.example', 900), await session(2, 'other.example', 1200));
    const f = findings(idrMissing, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [3, 4]], ['warning', 'ike-2', [3, 4]]]);
    expect(f[0]!.explanation).toContain('never sends IDr');
  });
  it('one identity, or clients that name the gateway, pass', async () => {
    expect(findings(idrMissing, both(await session(2, 'vpn.example', 900), await session(2, 'vpn.example', 900)))).toEqual([]);
    expect(findings(idrMissing, both(await session(2, 'vpn.example', 900, true), await session(9, 'x', 1200, true)))).toEqual([]);
    expect(findings(idrMissing, await reportOf('captures/eap-mschapv2-ping.pcap', ['captures/eap-mschapv2-ping.gateway.log']))).toEqual([]);
  });
});
