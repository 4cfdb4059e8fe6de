import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ExchangeType } from '../../../src/ikev2/registry/exchange-types.js';
import { auth, cert, eap, sessionReport, IDi, IDr, authStart } from '../../helpers/windows-session.js';
const { IKE_AUTH } = ExchangeType;
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
