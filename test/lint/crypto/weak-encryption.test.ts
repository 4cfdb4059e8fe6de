import { describe, expect, it } from 'vitest';
import { weakEncryption } from '../../../src/lint/rules/crypto/weak-encryption.js';
import { ikeFrame, ke, nonce, sa, type Hop } from '../../helpers/ike.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { hasCapture, lab } from '../../helpers/lab.js';

const C: Hop = { src: '198.51.100.2', dst: '198.51.100.1' };
const G: Hop = { src: '198.51.100.1', dst: '198.51.100.2' };
const init = (encr: number, keyLength = 128) => [ikeFrame(C, { payloads: [sa(encr, keyLength), ke(), nonce()] }), ikeFrame(G, { response: true, payloads: [sa(encr, keyLength), ke(), nonce()] })];

describe('crypto/weak-encryption', () => {
  it('codec: DES in IKE is an error, NULL in IKE an error, on the IKE_SA_INIT response', async () => {
    expect(findings(weakEncryption, await reportOfFrames(init(2))).map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['crypto/weak-encryption', 'error', 'ike-1', [2]]]);
    const nul = findings(weakEncryption, await reportOfFrames(init(11)));
    expect(nul.map((x) => x.severity)).toEqual(['error']);
    expect(nul[0]!.explanation).toMatch(/not allowed for IKE/);
  });

  it.runIf(hasCapture('3des-first'))('lab 3des-first: IKE 3DES is a warning; the CHILD_SA\'s AES-256 is fine', async () => {
    const f = findings(weakEncryption, await lab('3des-first'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [4]]]);
    expect(f[0]!.explanation).toMatch(/The IKE_SA uses ENCR_3DES.*RFC 8247/);
  });

  it.runIf(hasCapture('3des-sha1'))('lab 3des-sha1: 3DES in IKE and in ESP (the CHILD_SA made in frame 14)', async () => {
    const f = findings(weakEncryption, await lab('3des-sha1'));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [4]], ['warning', 'ike-1', [14]]]);
    expect(f[1]!.explanation).toMatch(/child-1 \(ESP\) uses ENCR_3DES.*SHOULD NOT in ESP \(RFC 8221/);
  });

  it('does not fire on AES-CBC, AES-GCM or ChaCha20-Poly1305', async () => {
    expect(findings(weakEncryption, await lab('eap-mschapv2-ping'))).toEqual([]);
    expect(findings(weakEncryption, await reportOfFrames(init(12, 256)))).toEqual([]);
    if (hasCapture('aes-gcm')) expect(findings(weakEncryption, await lab('aes-gcm'))).toEqual([]);
    if (hasCapture('chacha20-x25519')) expect(findings(weakEncryption, await lab('chacha20-x25519'))).toEqual([]);
  });
});
