// The certificates the lab gateways send in IKE_AUTH (decrypted in-process from the captures),
// summarized by the certificate view and checked field by field against openssl(1) run on the
// fixture file with the same DER.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hex } from '../../src/ikev2/bytes.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { certificateOf, formatGeneralName, type CertificateSummary } from '../../src/ikev2/views.js';
import { ROOT } from '../helpers/cli.js';
import { innerOfType } from './support/decrypted.js';
import { derOf, opensslMissing, opensslView } from './support/openssl.js';

const GATEWAYS = join(ROOT, 'fixtures/gateways');

/** Every certificate file under fixtures/gateways, by the hex of its DER. */
function fixtureCerts(): Map<string, string> {
  const out = new Map<string, string>();
  for (const gw of readdirSync(GATEWAYS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const sub of ['x509', 'x509ca']) {
      let files: string[] = [];
      try { files = readdirSync(join(GATEWAYS, gw.name, sub)); } catch { continue; }
      for (const f of files.filter((n) => n.endsWith('.pem'))) out.set(hex(derOf(join(GATEWAYS, gw.name, sub, f))), join(GATEWAYS, gw.name, sub, f));
    }
  }
  return out;
}

async function certsOf(capture: string): Promise<{ frame: number; der: Uint8Array; summary: CertificateSummary }[]> {
  const out = [];
  for (const { frame, payload } of await innerOfType(capture, PayloadType.CERT)) {
    const s = certificateOf(payload);
    expect(s?.ok, `${capture} frame ${frame}: ${s && !s.ok ? s.reason : 'not X.509'}`).toBe(true);
    if (s?.ok) out.push({ frame, der: payload.data, summary: s.value });
  }
  return out;
}

/** openssl prints SAN IPs as "IP Address:"; the view as "IP:" (IPv4 only in the lab). */
const opensslSan = (e: string) => e.replace(/^IP Address:/, 'IP:');

describe.skipIf(opensslMissing())('lab certificates against openssl', () => {
  const fixtures = fixtureCerts();

  it.each([
    ['eap-mschapv2-ping', ['RSA 2048']],
    ['ip-fragmented-auth', ['RSA 4096', 'RSA 4096']],
    ['production-windows', ['RSA 4096', 'RSA 4096']],
  ])('%s: every CERT payload is a fixture certificate and reads as openssl reads it', async (capture, keys) => {
    const certs = await certsOf(capture);
    expect(certs.map((c) => c.summary.publicKey.label)).toEqual(keys);
    for (const { frame, der, summary: s } of certs) {
      const file = fixtures.get(hex(der));
      expect(file, `${capture} frame ${frame}: the gateway sent a certificate that is not in fixtures/gateways`).toBeDefined();
      const o = opensslView(file!);
      expect(s.subject.text).toBe(o.subject);
      expect(s.issuer.text).toBe(o.issuer);
      expect(BigInt(`0x${s.serial}`)).toBe(o.serial);
      expect(new Date(s.notBefore).getTime()).toBe(o.notBefore.getTime());
      expect(new Date(s.notAfter).getTime()).toBe(o.notAfter.getTime());
      expect(s.subjectAltNames.map(formatGeneralName)).toEqual(o.san.map(opensslSan));
      expect(s.extendedKeyUsage?.map((k) => k.oid)).toEqual(o.eku);
      expect(s.publicKey.algorithm).toBe('RSA');
      expect(s.publicKey.bits).toBe(o.keyBits);
      expect(s.ca).toBe(o.ca);
      expect(s.keyUsage).toEqual(o.keyUsage?.map((k) => ({ 'Certificate Sign': 'keyCertSign', 'CRL Sign': 'cRLSign', 'Digital Signature': 'digitalSignature', 'Key Encipherment': 'keyEncipherment' })[k] ?? k));
      expect(s.signatureAlgorithm.name).toBe(o.signatureAlgorithm);
      expect(hex(s.spkiSha1)).toBe(o.spkiSha1);
      expect(hex(s.sha1Fingerprint)).toBe(o.sha1Fingerprint);
    }
  });

  it('the gateway certificate carries what Windows asks of it (serverAuth, ikeIntermediate, DNS and IP SAN)', async () => {
    const [gw] = await certsOf('eap-mschapv2-ping');
    const s = gw!.summary;
    expect(s.subject.text).toBe('C=XX, O=ikescope lab, CN=vpn.example.net');
    expect(s.extendedKeyUsage).toEqual([
      { oid: '1.3.6.1.5.5.7.3.1', name: 'serverAuth' },
      { oid: '1.3.6.1.5.5.8.2.2', name: 'ikeIntermediate' },
    ]);
    expect(s.subjectAltNames).toEqual([{ kind: 'dns', value: 'vpn.example.net' }, { kind: 'ip', value: '198.51.100.1' }]);
    expect(s.ca).toBe(false);
    expect(s.selfIssued).toBe(false);
  });

  it('the RSA-4096 chain: end-entity first, then the intermediate CA that issued it', async () => {
    const [ee, ca] = await certsOf('production-windows');
    expect(ee!.summary.issuer.text).toBe(ca!.summary.subject.text);
    expect(ca!.summary.ca).toBe(true);
    expect(ca!.summary.subject.text).toBe('C=XX, O=ikescope lab, CN=ikescope lab RSA-4096 Intermediate CA');
    // RFC 5280 §4.2.1.1: the end-entity's authority key id is the intermediate's subject key id.
    expect(ee!.summary.authorityKeyId && hex(ee!.summary.authorityKeyId)).toBe(ca!.summary.subjectKeyId && hex(ca!.summary.subjectKeyId));
    expect(ca!.summary.extendedKeyUsage).toBeUndefined();
  });
});
