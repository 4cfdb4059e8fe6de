import { describe, expect, it } from 'vitest';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { PayloadType } from '../../../src/ikev2/registry/payload-types.js';
import { notify12345 } from '../../../src/lint/rules/windows/notify-12345.js';
import { findings } from '../../helpers/lint.js';
import { ALL4, espSa, innerNonce, msStatus, rekeySa, sessionReport, tsOf, type Step } from '../../helpers/windows-session.js';
import { hex } from '../../helpers/packets.js';

/** The gateway's CHILD_SA rekey and Windows' refusal inside SK: N(12345) with 13863. */
const rekeyRefused: Step[] = [
  { from: 'gateway', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, payloads: [
    rekeySa('c0ffee02'), espSa([[12, 256, 2]], hex('0badf00d')), innerNonce(),
    tsOf(PayloadType.TSi, ALL4), tsOf(PayloadType.TSr, ['192.0.2.1', '192.0.2.1']),
  ] },
  { from: 'client', exchange: ExchangeType.CREATE_CHILD_SA, mid: 0, response: true, payloads: [msStatus(13863)] },
];

describe('windows/notify-12345', () => {
  it('a crafted Windows 10 session: fingerprinted as Windows, N(12345) 13863 inside SK decoded by name', async () => {
    const r = await sessionReport({ steps: rekeyRefused });
    const sa = r.ikeSas[0]!;
    expect(sa.client.profile).toBe('windows');
    expect(sa.client.evidence.join(' ')).toContain('MS NT5 ISAKMPOAKLEY');
    expect(sa.decrypted).toBe(true);
    const f = findings(notify12345, r);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'windows/notify-12345', severity: 'error', ikeSa: sa.id, frames: [4] });
    expect(f[0]!.explanation).toContain('13863');
    expect(f[0]!.explanation).toContain('ERROR_IPSEC_IKE_INVALID_SITUATION');
  });

  it('says nothing without keys (the notify is inside SK) or without a 12345', async () => {
    expect(findings(notify12345, await sessionReport({ steps: rekeyRefused, keys: false }))).toEqual([]);
    const accepted = [rekeyRefused[0]!, { ...rekeyRefused[1]!, payloads: [espSa([[12, 256, 2]], hex('0badf00e'))] }];
    expect(findings(notify12345, await sessionReport({ steps: accepted }))).toEqual([]);
  });
});
