import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { makeNotify } from '../../../src/ikev2/payloads/notify.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { NotifyType } from '../../../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { childRekeyPfsMismatch } from '../../../src/lint/rules/windows/child-rekey-pfs-mismatch.js';
import { hex } from '../../helpers/packets.js';
import { ALL4, auth, espSa, idOf, innerNonce, keOf, rekeySa, sessionReport, tsOf, type Step } from '../../helpers/windows-session.js';

const steps = (answer: Step['payloads']): Step[] => [
  { from: 'client', exchange: ExchangeType.IKE_AUTH, mid: 1, payloads: [idOf(PayloadType.IDi, 1, '198.51.100.2'), auth(1), espSa([[12, 256, 2]]), tsOf(PayloadType.TSi, ALL4), tsOf(PayloadType.TSr, ALL4)] },
  { from: 'gateway', exchange: ExchangeType.IKE_AUTH, mid: 1, response: true, payloads: [idOf(PayloadType.IDr, 2, 'vpn.example'), auth(1), espSa([[12, 256, 2]], hex('c0ffee02')), tsOf(PayloadType.TSi, ['192.0.2.1', '192.0.2.1']), tsOf(PayloadType.TSr, ALL4)] },
  { from: 'gateway', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, payloads: [rekeySa('c0ffee02'), espSa([[12, 256, 2, 14]], hex('0badf00d')), innerNonce(), keOf(14, 256), tsOf(PayloadType.TSi, ALL4), tsOf(PayloadType.TSr, ['192.0.2.1', '192.0.2.1'])] },
  { from: 'client', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, response: true, payloads: answer },
];

describe('windows/child-rekey-pfs-mismatch', () => {
  it('the gateway rekeys with MODP_2048 PFS, the client (no group in its ESP offer) refuses', async () => {
    const f = findings(childRekeyPfsMismatch, await sessionReport({ steps: steps([makeNotify(NotifyType.NO_PROPOSAL_CHOSEN)]) }));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [5, 6]]]);
    expect(f[0]!.explanation).toContain('MODP_2048');
    expect(f[0]!.fix).toContain('-PfsGroup');
  });
  it('an accepted PFS rekey, or no keys, says nothing', async () => {
    expect(findings(childRekeyPfsMismatch, await lab('child-rekey-pfs', 'windows-10'))).toEqual([]);
    expect(findings(childRekeyPfsMismatch, await sessionReport({ steps: steps([makeNotify(NotifyType.NO_PROPOSAL_CHOSEN)]), keys: false }))).toEqual([]);
  });
});
