import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { auth, cert, eap, espSa, sessionReport, type Step, IDi, IDr, authStart } from '../../helpers/windows-session.js';
const { IKE_AUTH } = ExchangeType;
import { makeNotify } from '../../../src/ikev2/payloads/notify.js';
import { NotifyType } from '../../../src/ikev2/registry/notify-types.js';
import { multipleAuth } from '../../../src/lint/rules/windows/multiple-auth.js';
import { gatewayInit } from '../../helpers/windows-session.js';

const eapRound = (last: Step['payloads']): Step[] => [
  ...authStart([IDi(), espSa([[12, 256, 2]])], [IDr(), cert(), auth(1), eap(1, 1)]),
  { from: 'client', exchange: IKE_AUTH, mid: 2, payloads: [eap(2, 1, 'alice')] },
  { from: 'gateway', exchange: IKE_AUTH, mid: 2, response: true, payloads: [eap(3)] },
  { from: 'client', exchange: IKE_AUTH, mid: 3, payloads: [auth(2)] },
  { from: 'gateway', exchange: IKE_AUTH, mid: 3, response: true, payloads: last },
];

describe('windows/multiple-auth', () => {
  it('MULTIPLE_AUTH_SUPPORTED announced, the first round done, then AUTHENTICATION_FAILED', async () => {
    const r = await sessionReport({
      gatewayInit: gatewayInit({ extra: [makeNotify(NotifyType.MULTIPLE_AUTH_SUPPORTED)] }),
      steps: eapRound([makeNotify(NotifyType.AUTHENTICATION_FAILED)]),
    });
    const f = findings(multipleAuth, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [2, 7, 8]]]);
    expect(f[0]!.explanation).toContain('RFC 4739');
  });
  it('the announcement alone, with one successful round, is fine', async () => {
    expect(findings(multipleAuth, await lab('eap-mschapv2-ping', 'windows-10'))).toEqual([]);
    expect(findings(multipleAuth, await sessionReport({
      gatewayInit: gatewayInit({ extra: [makeNotify(NotifyType.MULTIPLE_AUTH_SUPPORTED)] }),
      steps: eapRound([auth(2), espSa([[12, 256, 2]])]),
    }))).toEqual([]);
  });
});
