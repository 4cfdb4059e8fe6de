// The authentication gateway fixtures (fixtures/gateways/cert-rsa, cert-ecdsa, eap-tls), each
// proven with strongSwan's own client (fixtures/clients/ of the same name) before the endpoint
// uses it: the client initiates, gets a virtual IP, pings 192.0.2.200 through the tunnel, and
// the gateway's log says how the client authenticated. Skipped where the lab cannot run,
// except under IKESCOPE_REQUIRE_LAB=1 (CI), where that is a failure.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { labSuite } from '../helpers/lab-suite.js';
import { verifyAuth } from '../../src/crypto/signature.js';
import { validateServerCertificate } from '../../src/endpoint/trust.js';
import type { AuthPayload } from '../../src/ikev2/payloads/auth.js';
import type { CertPayload } from '../../src/ikev2/payloads/cert.js';
import { AuthMethod } from '../../src/ikev2/registry/auth-methods.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { capturedSession, payloadsOf, signedOctets } from '../endpoint/support/capture-session.js';

const FX = join(import.meta.dirname, '../../fixtures');
const der = (path: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(path)).raw);


const FIXTURES: { name: string; conn: string; client: string; clientAuth: RegExp; gatewayAuth: RegExp; ca: string; clientScheme?: string; gatewayScheme: string }[] = [
  {
    name: 'cert-rsa', conn: 'rw-cert', client: 'alice.lab.example.net',
    // RFC 7427: AUTH method 14 with sha256WithRSAEncryption.
    clientAuth: /authentication of 'alice\.lab\.example\.net' with RSA_EMSA_PKCS1_SHA2_256 successful/,
    gatewayAuth: /authentication of 'vpn\.example\.net' \(myself\) with RSA_EMSA_PKCS1_SHA2_256 successful/,
    ca: 'gateways/eap-mschapv2/x509ca/root-ca.pem', clientScheme: 'sha256WithRSAEncryption', gatewayScheme: 'sha256WithRSAEncryption',
  },
  {
    name: 'cert-ecdsa', conn: 'rw-ecdsa', client: 'alice-ecdsa.lab.example.net',
    clientAuth: /authentication of 'alice-ecdsa\.lab\.example\.net' with ECDSA_WITH_SHA256_DER successful/,
    gatewayAuth: /authentication of 'vpn\.example\.net' \(myself\) with ECDSA_WITH_SHA256_DER successful/,
    ca: 'gateways/cert-ecdsa/x509ca/root-ca.pem', clientScheme: 'ecdsa-with-SHA256', gatewayScheme: 'ecdsa-with-SHA256',
  },
  {
    name: 'eap-tls', conn: 'rw-eap-tls', client: 'alice.lab.example.net',
    clientAuth: /received EAP identity 'alice\.lab\.example\.net'[\s\S]*EAP method EAP_TLS succeeded, MSK established[\s\S]*authentication of 'alice\.lab\.example\.net' with EAP successful/,
    gatewayAuth: /authentication of 'vpn\.example\.net' \(myself\) with RSA_EMSA_PKCS1_SHA2_256 successful/,
    ca: 'gateways/eap-mschapv2/x509ca/root-ca.pem', gatewayScheme: 'sha256WithRSAEncryption',
  },
];

labSuite('authentication fixtures with strongSwan\'s client', () => {
  const started: Lab[] = [];
  afterAll(async () => {
    await Promise.all(started.map((l) => l.stop()));
  });

  it.each(FIXTURES)('$name: establishes, gets 192.0.2.1, pings 192.0.2.200 through ESP', async (f) => {
    const lab = await startLab({ gateway: f.name, client: f.name, capture: true });
    started.push(lab);
    const init = await lab.initiate();
    expect(init).toMatch(/CHILD_SA lab\{1\} established .* TS 192\.0\.2\.1\/32 === 0\.0\.0\.0\/0/);
    const ping = await lab.ping('192.0.2.200', 3);
    expect(ping).toMatch(/3 packets transmitted, 3 received, 0% packet loss/);
    const sas = (await lab.swanctl('gateway', ['--list-sas'])).stdout;
    expect(sas).toMatch(new RegExp(`${f.conn}: #1, ESTABLISHED, IKEv2`));
    // the echo requests went through the tunnel: the gateway's CHILD_SA counted them
    expect(sas).toMatch(/in +[0-9a-f]{8}[^\n]*, +252 bytes, +3 packets/);
    const log = readFileSync(lab.gatewayLog, 'utf8');
    expect(log).toMatch(f.clientAuth);
    expect(log).toMatch(f.gatewayAuth);
    expect(log).toMatch(new RegExp(`IKE_SA ${f.conn}\\[1\\] established between 198\\.51\\.100\\.1\\[vpn\\.example\\.net\\]\\.\\.\\.198\\.51\\.100\\.2\\[${f.client.replace(/\./g, '\\.')}\\]`));
    await lab.terminate();
    await lab.stopCapture();

    // The AUTH payloads strongSwan made, checked by our side: decrypted from the capture with
    // the gateway's log, the gateway's certificate validated (with the Windows checks) and its
    // signature verified over the responder's §2.15 octets; the client's likewise.
    const s = await capturedSession({ pcap: lab.capturePath!, log: lab.gatewayLog });
    const certs = (initiator: boolean) => payloadsOf<CertPayload>(s.messages, PayloadType.CERT, (m) => m.message.header.initiator === initiator).map((c) => c.p.data);
    const sig = (initiator: boolean) => payloadsOf<AuthPayload>(s.messages, PayloadType.AUTH, (m) => m.message.header.initiator === initiator).find((a) => a.p.method !== AuthMethod.SHARED_KEY_MIC)?.p;
    const gw = validateServerCertificate(certs(false), { ca: [der(join(FX, f.ca))], name: 'vpn.example.net', windowsChecks: true });
    if (!gw.ok) throw new Error(gw.reason);
    const gwAuth = sig(false)!;
    expect(verifyAuth({ method: gwAuth.method, authData: gwAuth.data, key: gw.value.key, data: signedOctets(s, 'r') })).toEqual({ ok: true, value: { scheme: f.gatewayScheme } });
    expect(verifyAuth({ method: gwAuth.method, authData: gwAuth.data, key: gw.value.key, data: signedOctets(s, 'i') }).ok).toBe(false);
    if (f.clientScheme) {
      const clientKey = new X509Certificate(certs(true)[0]!).publicKey;
      const clAuth = sig(true)!;
      expect(clAuth.method).toBe(AuthMethod.DIGITAL_SIGNATURE);
      expect(verifyAuth({ method: clAuth.method, authData: clAuth.data, key: clientKey, data: signedOctets(s, 'i') })).toEqual({ ok: true, value: { scheme: f.clientScheme } });
    }
    await lab.stop();
  });
});
