import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { childRekeyBehindNat } from '../../../src/lint/rules/windows/child-rekey-behind-nat.js';
import { hex } from '../../helpers/packets.js';
import { ALL4, espSa, innerNonce, msStatus, rekeySa, sessionReport, tsOf, windows10Init, type Step } from '../../helpers/windows-session.js';

const rekey = (answer: Step['payloads']): Step[] => [
  { from: 'gateway', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, payloads: [rekeySa('c0ffee01'), espSa([[12, 256, 2]], hex('0badf00d')), innerNonce(), tsOf(PayloadType.TSi, ALL4), tsOf(PayloadType.TSr, ['192.0.2.1', '192.0.2.1'])] },
  { from: 'client', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, response: true, payloads: answer },
];

describe('windows/child-rekey-behind-nat', () => {
  it('predicts the refusal (warning) on the lab capture with a real NAT', async () => {
    const f = findings(childRekeyBehindNat, await lab('gw-child-rekey-behind-nat', 'windows-10'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [19, 20]]]);
    expect(f[0]!.explanation).toContain('seed 000');
    expect(f[0]!.fix).toContain('rekey_time = 0');
  });
  it('says it happened (error) when the Windows client answered N(12345) 13863', async () => {
    const r = await sessionReport({ clientInit: windows10Init({ natSrc: '203.0.113.2' }), steps: rekey([msStatus(13863)]) });
    expect(r.ikeSas[0]!.nat.initiatorBehindNat).toBe(true);
    const f = findings(childRekeyBehindNat, r);
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['error', [3, 4]]]);
    expect(f[0]!.explanation).toContain('refused it with N(12345) 13863');
  });
  it('no NAT, or the client rekeying, is fine', async () => {
    expect(findings(childRekeyBehindNat, await sessionReport({ steps: rekey([msStatus(13863)]) }))).toEqual([]);
    // child-rekey-pfs: the client's own rekey (19-20) is not flagged, only the gateway's (27-28).
    expect(findings(childRekeyBehindNat, await lab('child-rekey-pfs', 'windows-10')).map((x) => x.frames)).toEqual([[27, 28]]);
  });
});
