/**
 * Signature AUTH data (RFC 7296 §3.8, RFC 4754, RFC 7427): RFC 7427 Appendix A's
 * AlgorithmIdentifier encodings reproduced byte for byte; sign → verify for every method and
 * key type, with tampered data, the wrong key and malformed data refused (never thrown);
 * method-14 signatures checked by the openssl CLI; and the gateway's real AUTH payload from a
 * strongSwan capture verified over its §2.15 signed octets with SK_pr from the gateway's log.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signAuth, verifyAuth } from '../../src/crypto/signature.js';
import { hex } from '../../src/ikev2/bytes.js';
import { derInteger, derOid } from '../../src/ikev2/der.js';
import type { AuthPayload } from '../../src/ikev2/payloads/auth.js';
import type { CertPayload } from '../../src/ikev2/payloads/cert.js';
import { AuthMethod } from '../../src/ikev2/registry/auth-methods.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { decodeSignatureAlgorithm, encodeSignatureAlgorithm } from '../../src/ikev2/signature-algorithm.js';
import { capturedSession, payloadsOf, signedOctets } from '../endpoint/support/capture-session.js';
import { ascii, h, seeded } from './support.js';

describe('RFC 7427 Appendix A: AlgorithmIdentifier encodings', () => {
  it.each([
    ['A.1.1', 'sha1WithRSAEncryption', '300d06092a864886f70d0101050500'],
    ['A.1.2', 'sha256WithRSAEncryption', '300d06092a864886f70d01010b0500'],
    ['A.1.3', 'sha384WithRSAEncryption', '300d06092a864886f70d01010c0500'],
    ['A.1.4', 'sha512WithRSAEncryption', '300d06092a864886f70d01010d0500'],
    ['A.2.1', 'dsa-with-sha1', '300906072a8648ce380403'],
    ['A.2.2', 'dsa-with-sha256', '300b0609608648016503040302'],
    ['A.3.1', 'ecdsa-with-SHA1', '300906072a8648ce3d0401'],
    ['A.3.2', 'ecdsa-with-SHA256', '300a06082a8648ce3d040302'],
    ['A.3.3', 'ecdsa-with-SHA384', '300a06082a8648ce3d040303'],
    ['A.3.4', 'ecdsa-with-SHA512', '300a06082a8648ce3d040304'],
  ])('%s %s', (_a, name, der) => {
    expect(hex(encodeSignatureAlgorithm(name))).toBe(der);
  });

  it('A.4.2: RSASSA-PSS with the default parameters is an empty SEQUENCE', () => {
    expect(hex(encodeSignatureAlgorithm('RSASSA-PSS', { hash: 'SHA-1', saltLength: 20 }))).toBe('300d06092a864886f70d01010a3000');
  });

  const A43 = '304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020101';
  it('A.4.3: RSASSA-PSS with SHA-256 (with the explicit trailerField the RFC writes)', () => {
    expect(hex(encodeSignatureAlgorithm('RSASSA-PSS', { hash: 'SHA-256', saltLength: 32, explicitTrailer: true }))).toBe(A43);
  });
  it('A.4.3 in DER (trailerField 1 is the DEFAULT, omitted as strongSwan does) decodes to the same parameters', () => {
    const der = encodeSignatureAlgorithm('RSASSA-PSS', { hash: 'SHA-256', saltLength: 32 });
    expect(hex(der)).toBe('304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120');
    const a = decodeSignatureAlgorithm(der);
    const b = decodeSignatureAlgorithm(h(A43));
    expect(a.ok && b.ok && a.value.label).toBe(b.ok && b.value.label);
  });

  it('DER writer primitives', () => {
    expect(hex(derOid('1.2.840.113549.1.1.10'))).toBe('06092a864886f70d01010a');
    expect(hex(derOid('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201');
    expect(hex(derInteger(0))).toBe('020100');
    expect(hex(derInteger(128))).toBe('02020080');
    expect(hex(derInteger(32))).toBe('020120');
  });
});

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const ed = generateKeyPairSync('ed25519');
const data = seeded(0x7427).bytes(300);

type Case = [string, { method: number; hash?: 'sha256' | 'sha384' | 'sha512'; pss?: boolean }, { privateKey: KeyObject; publicKey: KeyObject }, string];
const CASES: Case[] = [
  ['method 1 RSA SHA-1', { method: 1 }, rsa, 'RSASSA-PKCS1-v1_5 with SHA-1'],
  ['method 9 P-256', { method: 9 }, p256, 'ECDSA with SHA-256 on P-256'],
  ['method 10 P-384', { method: 10 }, p384, 'ECDSA with SHA-384 on P-384'],
  ['method 11 P-521', { method: 11 }, p521, 'ECDSA with SHA-512 on P-521'],
  ['method 14 RSA SHA-256', { method: 14 }, rsa, 'sha256WithRSAEncryption'],
  ['method 14 RSA SHA-384', { method: 14, hash: 'sha384' }, rsa, 'sha384WithRSAEncryption'],
  ['method 14 RSA SHA-512', { method: 14, hash: 'sha512' }, rsa, 'sha512WithRSAEncryption'],
  ['method 14 RSASSA-PSS SHA-256', { method: 14, pss: true }, rsa, 'RSASSA-PSS (SHA-256, MGF1 with SHA-256, salt 32)'],
  ['method 14 RSASSA-PSS SHA-512', { method: 14, pss: true, hash: 'sha512' }, rsa, 'RSASSA-PSS (SHA-512, MGF1 with SHA-512, salt 64)'],
  ['method 14 ECDSA P-256', { method: 14 }, p256, 'ecdsa-with-SHA256'],
  ['method 14 ECDSA P-384', { method: 14 }, p384, 'ecdsa-with-SHA384'],
  ['method 14 ECDSA P-256 with SHA-512', { method: 14, hash: 'sha512' }, p256, 'ecdsa-with-SHA512'],
  ['method 14 Ed25519', { method: 14 }, ed, 'Ed25519'],
];

describe('sign → verify', () => {
  it.each(CASES)('%s', (_n, m, pair, scheme) => {
    const authData = signAuth({ ...m, key: pair.privateKey, data });
    expect(verifyAuth({ method: m.method, authData, key: pair.publicKey, data })).toEqual({ ok: true, value: { scheme } });
    const tampered = data.slice();
    tampered[17]! ^= 0x01;
    expect(verifyAuth({ method: m.method, authData, key: pair.publicKey, data: tampered }).ok).toBe(false);
    const other = pair === rsa ? generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey : pair === ed ? generateKeyPairSync('ed25519').publicKey
      : generateKeyPairSync('ec', { namedCurve: pair.publicKey.asymmetricKeyDetails!.namedCurve! }).publicKey;
    expect(verifyAuth({ method: m.method, authData, key: other, data }).ok).toBe(false);
    // Truncated, extended and zeroed Authentication Data: refused, never thrown.
    for (const bad of [authData.subarray(0, authData.length - 1), new Uint8Array([...authData, 0]), new Uint8Array(authData.length), new Uint8Array(0)]) {
      expect(verifyAuth({ method: m.method, authData: bad, key: pair.publicKey, data }).ok).toBe(false);
    }
  });

  it('RFC 4754: r | s is always twice the field size, and a key on another curve is refused', () => {
    for (let i = 0; i < 20; i++) expect(signAuth({ method: 11, key: p521.privateKey, data: ascii(`m${i}`) })).toHaveLength(132);
    expect(() => signAuth({ method: 9, key: p384.privateKey, data })).toThrow(TypeError);
    expect(verifyAuth({ method: 9, authData: signAuth({ method: 10, key: p384.privateKey, data }), key: p384.publicKey, data }).ok).toBe(false);
  });

  it('method 14 data starts with the ASN.1 Length and the AlgorithmIdentifier', () => {
    const a = signAuth({ method: 14, key: rsa.privateKey, data });
    expect(hex(a.subarray(0, 16))).toBe('0f300d06092a864886f70d01010b0500');
    expect(a).toHaveLength(16 + 256);
  });

  it('a method-14 RSA signature is not accepted under another algorithm identifier', () => {
    const a = signAuth({ method: 14, key: rsa.privateKey, data });
    const relabeled = a.slice();
    relabeled[13] = 0x0c; // sha384WithRSAEncryption
    expect(verifyAuth({ method: 14, authData: relabeled, key: rsa.publicKey, data }).ok).toBe(false);
  });
});

describe('method-14 signatures checked by the openssl CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-sig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const opensslVerifies = (pub: KeyObject, digest: string, sig: Uint8Array, opts: string[] = []): boolean => {
    writeFileSync(join(dir, 'pub.pem'), pub.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'data'), data);
    writeFileSync(join(dir, 'sig'), sig);
    try {
      execFileSync('openssl', ['dgst', `-${digest}`, ...opts, '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')]);
      return true;
    } catch {
      return false;
    }
  };
  const value = (a: Uint8Array): Uint8Array => a.subarray(1 + a[0]!);
  it('RSASSA-PSS SHA-256 with salt 32', () => {
    const a = signAuth({ method: 14, key: rsa.privateKey, data, pss: true });
    expect(opensslVerifies(rsa.publicKey, 'sha256', value(a), ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'])).toBe(true);
    expect(opensslVerifies(rsa.publicKey, 'sha256', value(a), ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20'])).toBe(false);
  });
  it('ECDSA P-384 DER Ecdsa-Sig-Value', () => {
    const a = signAuth({ method: 14, key: p384.privateKey, data });
    expect(opensslVerifies(p384.publicKey, 'sha384', value(a))).toBe(true);
  });
});

describe('a real AUTH: the gateway of eap-mschapv2-ping.pcap (RSA-2048, RFC 7427 sha256WithRSAEncryption)', () => {
  it('verifies over the responder signed octets (RFC 7296 §2.15) with the key of its CERT payload', async () => {
    const s = await capturedSession('eap-mschapv2-ping');
    const cert = payloadsOf<CertPayload>(s.messages, PayloadType.CERT)[0]!.p;
    const key = new X509Certificate(cert.data).publicKey;
    const auth = payloadsOf<AuthPayload>(s.messages, PayloadType.AUTH).find((a) => !a.m.message.header.initiator && a.p.method === AuthMethod.DIGITAL_SIGNATURE)!.p;
    const octets = signedOctets(s, 'r');
    expect(verifyAuth({ method: auth.method, authData: auth.data, key, data: octets })).toEqual({ ok: true, value: { scheme: 'sha256WithRSAEncryption' } });
    // The initiator's signed octets (or one flipped bit) do not verify: the check can fail.
    expect(verifyAuth({ method: auth.method, authData: auth.data, key, data: signedOctets(s, 'i') }).ok).toBe(false);
    const flipped = octets.slice();
    flipped[flipped.length - 1]! ^= 1;
    expect(verifyAuth({ method: auth.method, authData: auth.data, key, data: flipped }).ok).toBe(false);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});
