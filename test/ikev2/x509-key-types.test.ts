// Certificates the lab does not have, made by openssl in the test: EC P-256/P-384/P-521,
// Ed25519 and Ed448 keys (the ones WINDOWS-INTEROP's windows/cert-eku-san rule must spot as
// keys Windows rejects), RSA-PSS keys and signatures, every kind of subjectAltName, CA
// constraints, key usage, CRL and AIA locations. openssl -text is the oracle.
import { describe, expect, it } from 'vitest';
import { hex } from '../../src/ikev2/bytes.js';
import { formatIp, parseIp } from '../../src/net/address.js';
import { decodeCertificate, formatGeneralName, hasKeyPurpose, EkuOid, type CertificateSummary } from '../../src/ikev2/views.js';
import { makeCert, opensslMissing, opensslView, type MakeCert } from './support/openssl.js';

const KEY_ALGORITHMS: Record<string, string> = { 'id-ecPublicKey': 'EC', ED25519: 'Ed25519', ED448: 'Ed448', rsaEncryption: 'RSA', rsassaPss: 'RSA-PSS' };
const SIGNATURES: Record<string, string> = { ED25519: 'Ed25519', ED448: 'Ed448', rsassaPss: 'RSASSA-PSS' };

function summary(m: MakeCert): { s: CertificateSummary; path: string } {
  const { path, der } = makeCert(m);
  const r = decodeCertificate(der);
  if (!r.ok) throw new Error(`${r.reason} at ${r.offset}`);
  return { s: r.value, path };
}

/** OpenSSL's SAN text in the view's notation. */
function opensslSan(e: string): string {
  if (e.startsWith('IP Address:')) return `IP:${formatIp(parseIp(e.slice(11))!)}`;
  if (e.startsWith('DirName:/')) return `DirName:${e.slice(9).split('/').join(', ')}`;
  const other = /^othername: ([^:]+)::(.*)$/.exec(e);
  return other ? `othername:${other[1]}:${other[2]}` : e;
}

describe.skipIf(opensslMissing())('key types and extensions against openssl', () => {
  it.each([
    ['P-256', 256, 'ecdsa-with-SHA256'],
    ['P-384', 384, 'ecdsa-with-SHA256'],
    ['P-521', 521, 'ecdsa-with-SHA256'],
  ])('EC %s', (curve, bits, sig) => {
    const { s, path } = summary({ key: 'ec', pkeyopt: [`ec_paramgen_curve:${curve}`], subject: '/CN=ec.example' });
    const o = opensslView(path);
    expect(o.curve).toBe(curve);
    expect(o.keyBits).toBe(bits);
    expect(s.publicKey).toEqual({ algorithm: 'EC', oid: '1.2.840.10045.2.1', bits, curve, label: `EC ${curve}` });
    expect(s.signatureAlgorithm.name).toBe(o.signatureAlgorithm);
    expect(s.signatureAlgorithm.name).toBe(sig);
    expect(hex(s.spkiSha1)).toBe(o.spkiSha1);
  });

  it.each([['ed25519', 'Ed25519', '1.3.101.112'], ['ed448', 'Ed448', '1.3.101.113']])('%s', (key, name, oid) => {
    const { s, path } = summary({ key, subject: '/CN=ed.example' });
    const o = opensslView(path);
    expect(KEY_ALGORITHMS[o.keyAlgorithm]).toBe(name);
    expect(s.publicKey).toEqual({ algorithm: name, oid, label: name });
    expect(s.signatureAlgorithm).toMatchObject({ name, oid, parameters: 'absent' });
    expect(SIGNATURES[o.signatureAlgorithm]).toBe(name);
    expect(hex(s.spkiSha1)).toBe(o.spkiSha1);
  });

  it('RSA 3072 signed with RSASSA-PSS: hash, MGF1 hash and salt length as openssl prints them', () => {
    const { s, path } = summary({
      key: 'rsa:3072', subject: '/CN=pss.example',
      sigopt: ['rsa_padding_mode:pss', 'rsa_pss_saltlen:32', 'rsa_mgf1_md:sha384'], digest: 'sha384',
    });
    const o = opensslView(path);
    expect(s.publicKey.label).toBe(`RSA ${o.keyBits}`);
    expect(o.text).toMatch(/Hash Algorithm: sha384/);
    expect(o.text).toMatch(/Mask Algorithm: mgf1 with sha384/);
    expect(o.text).toMatch(/Salt Length: 0x20/);
    expect(s.signatureAlgorithm).toMatchObject({
      name: 'RSASSA-PSS', hash: 'SHA-384', pss: { hash: 'SHA-384', mgf: 'MGF1', mgfHash: 'SHA-384', saltLength: 32, trailerField: 1 },
      label: 'RSASSA-PSS (SHA-384, MGF1 with SHA-384, salt 32)',
    });
  });

  it('an RSA-PSS key', () => {
    const { s, path } = summary({ key: 'rsa-pss', pkeyopt: ['rsa_keygen_bits:2048'], subject: '/CN=pss-key.example' });
    const o = opensslView(path);
    expect(KEY_ALGORITHMS[o.keyAlgorithm]).toBe('RSA-PSS');
    expect(s.publicKey).toMatchObject({ algorithm: 'RSA-PSS', bits: o.keyBits, label: 'RSA-PSS 2048' });
  });

  it('every subjectAltName kind, CA constraints, key usage, EKU, CRL and AIA', () => {
    const { s, path } = summary({
      key: 'ec', pkeyopt: ['ec_paramgen_curve:P-256'], subject: '/C=CH/O=Zürich AG/CN=gw.example',
      config: '[dir_sect]\nC=DE\nCN=alt',
      ext: [
        'subjectAltName=DNS:gw.example,IP:198.51.100.1,IP:2001:db8::1,email:ops@example.net,URI:https://gw.example/x,dirName:dir_sect,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@corp.example',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        'keyUsage=digitalSignature,keyEncipherment,keyCertSign',
        'extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.5.5.7.3.17,1.3.6.1.5.5.8.2.2',
        'crlDistributionPoints=URI:http://crl.example/ca.crl',
        'authorityInfoAccess=OCSP;URI:http://ocsp.example,caIssuers;URI:http://ca.example/ca.crt',
      ],
    });
    const o = opensslView(path);
    expect(s.subject.text).toBe(o.subject);
    expect(s.subject.text).toBe('C=CH, O=Zürich AG, CN=gw.example');
    expect(s.subjectAltNames.map(formatGeneralName)).toEqual(o.san.map(opensslSan));
    expect(s.subjectAltNames.map((g) => g.kind)).toEqual(['dns', 'ip', 'ip', 'email', 'uri', 'dn', 'other']);
    expect(s.subjectAltNames[6]).toEqual({ kind: 'other', typeId: '1.3.6.1.4.1.311.20.2.3', value: 'alice@corp.example' });
    expect(s.ca).toBe(true);
    expect(s.pathLength).toBe(0);
    expect(o.pathLength).toBe(0);
    expect(s.keyUsage).toEqual(['digitalSignature', 'keyEncipherment', 'keyCertSign']);
    expect(s.extendedKeyUsage?.map((k) => k.oid)).toEqual(o.eku);
    expect(s.extendedKeyUsage?.map((k) => k.name)).toEqual(['serverAuth', 'clientAuth', 'ipsecIKE', 'ikeIntermediate']);
    expect(hasKeyPurpose(s, EkuOid.SERVER_AUTH)).toBe(true);
    expect(hasKeyPurpose(s, EkuOid.IPSEC_IKE)).toBe(true);
    expect(s.crlUris).toEqual(['http://crl.example/ca.crl']);
    expect(s.ocspUris).toEqual(['http://ocsp.example']);
    expect(s.caIssuersUris).toEqual(['http://ca.example/ca.crt']);
    expect(s.selfIssued).toBe(true);
  });

  it('a certificate without EKU or SAN says so (undefined EKU, empty SAN), not serverAuth', () => {
    const { s, path } = summary({ key: 'ec', pkeyopt: ['ec_paramgen_curve:P-256'], subject: '/CN=bare.example', ext: ['basicConstraints=critical,CA:FALSE'] });
    expect(opensslView(path).eku).toBeUndefined();
    expect(s.extendedKeyUsage).toBeUndefined();
    expect(s.subjectAltNames).toEqual([]);
    expect(hasKeyPurpose(s, EkuOid.SERVER_AUTH)).toBe(false);
    expect(s.ca).toBe(false);
  });
});
