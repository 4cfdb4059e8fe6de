import { describe, expect, it } from 'vitest';
import { weakIntegrity } from '../../../src/lint/rules/crypto/weak-integrity.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const init = (encr: number, integ: number) => [ikeFrame(C, { payloads: [sa(encr, 128, integ), ke(), nonce()] }), ikeFrame(G, { response: true, payloads: [sa(encr, 128, integ), ke(), nonce()] })];
const rows = (r: Awaited<ReturnType<typeof reportOfFrames>>) => findings(weakIntegrity, r).map((x) => [x.rule, x.severity, x.ikeSa, x.frames]);

describe('crypto/weak-integrity', () => {
  it('codec: HMAC-MD5-96 is a warning; AES-CBC without integrity an error; AES-GCM-8 info', async () => {
    expect(rows(await reportOfFrames(init(12, 1)))).toEqual([['crypto/weak-integrity', 'warning', 'ike-1', [2]]]);
    expect(rows(await reportOfFrames(init(12, 0)))).toEqual([['crypto/weak-integrity', 'error', 'ike-1', [2]]]);
    expect(rows(await reportOfFrames(init(18, 0)))).toEqual([['crypto/weak-integrity', 'info', 'ike-1', [2]]]);
  });

  it.runIf(hasCapture('3des-sha1'))('lab 3des-sha1: HMAC-SHA1-96 in IKE and ESP is info', async () => {
    const f = findings(weakIntegrity, await lab('3des-sha1'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [4]], ['info', 'ike-1', [14]]]);
    expect(f[1]!.explanation).toMatch(/child-1 \(ESP\) uses AUTH_HMAC_SHA1_96/);
  });

  it('does not fire on HMAC-SHA2-256-128 or on AES-GCM-16 with no integrity transform', async () => {
    expect(findings(weakIntegrity, await lab('eap-mschapv2-ping'))).toEqual([]);
    expect(rows(await reportOfFrames(init(20, 0)))).toEqual([]);
    if (hasCapture('aes-gcm')) expect(findings(weakIntegrity, await lab('aes-gcm'))).toEqual([]);
  });
});
