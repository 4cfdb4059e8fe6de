import { describe, expect, it } from 'vitest';
import { findings } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { auth, certreq, eap, espSa, sessionReport, IDi, IDr, authStart } from '../../helpers/windows-session.js';
import { certNotSent } from '../../../src/lint/rules/windows/cert-not-sent.js';

describe('windows/cert-not-sent', () => {
  it('signed AUTH, no CERT, the client sent no CERTREQ', async () => {
    const r = await sessionReport({ steps: authStart([IDi(), espSa([[12, 256, 2]])], [IDr(), auth(1), eap(1, 1)]) });
    const f = findings(certNotSent, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['error', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toContain('sent no CERTREQ');
    expect(f[0]!.fix).toContain('send_cert = always');
  });
  it('a CERTREQ the gateway did not match is said so', async () => {
    const f = findings(certNotSent, await sessionReport({ steps: authStart([IDi(), certreq(3)], [IDr(), auth(14)]) }));
    expect(f[0]!.explanation).toContain('naming 3 CAs');
  });
  it('a CERT sent, PSK auth, or no keys: nothing', async () => {
    expect(findings(certNotSent, await lab('eap-mschapv2-ping', 'windows-10'))).toEqual([]);
    expect(findings(certNotSent, await sessionReport({ steps: authStart([IDi(), auth(2)], [IDr(), auth(2)]) }))).toEqual([]);
    expect(findings(certNotSent, await sessionReport({ steps: authStart([IDi()], [IDr(), auth(1)]), keys: false }))).toEqual([]);
  });
});
