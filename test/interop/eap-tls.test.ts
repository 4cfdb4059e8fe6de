// EAP-TLS (RFC 5216 over RFC 7296 §2.16) from the endpoint against the eap-tls gateway
// (fixtures/gateways/eap-tls; credentials in fixtures/gateways/README.md): the gateway's IKE
// certificate and signature AUTH checked against --ca, then EAP-TLS with alice's certificate
// (node:tls on an in-memory duplex, src/endpoint/eap/tls.ts; the gateway's TLS server
// certificate checked against the same CA), the MSK from the TLS exporter keying both final
// AUTH payloads. strongSwan 5.9.8 runs TLS 1.2 by default, which is what is negotiated here.
// Refusals: a key that is not the certificate's, and a client certificate from a CA the
// gateway does not trust.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, CLIENT_ECDSA, CLIENT_RSA, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, keyLine, RSA_CA, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const GATEWAY_KEY = join(FIXTURES, 'eap-mschapv2', 'private', 'vpn.example.net.key');
const keyLines = [CLIENT_RSA.key, CLIENT_ECDSA.key, GATEWAY_KEY].map(keyLine);

interopSuite('connect with EAP-TLS to the eap-tls gateway', () => {
  let lab: Lab;
  let run: ConnectRun;
  let wrongKey: ConnectRun;
  let untrusted: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'eap-tls' });
    const eap = ['--eap', 'tls', '--ca', RSA_CA];
    run = await connect(lab, [...eap, '--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.key, '--user', 'alice.lab.example.net', '--id', 'alice.lab.example.net', '--ping', '192.0.2.200']);
    wrongKey = await connect(lab, [...eap, '--cert', CLIENT_RSA.cert, '--key', GATEWAY_KEY, '--user', 'alice.lab.example.net']);
    untrusted = await connect(lab, [...eap, '--cert', CLIENT_ECDSA.cert, '--key', CLIENT_ECDSA.key, '--user', 'alice-ecdsa.lab.example.net']);
  }, 120_000);
  afterAll(async () => { await lab?.stop(); });

  it('establishes after EAP-TLS, gets a virtual IP, pings through ESP, prints no key', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // strongswan profile with EAP: CERTREQ for the CA the gateway's certificate must chain to, no AUTH (§2.16).
    expect(run.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi N\(INITIAL_CONTACT\) CERTREQ CP SA TSi TSr N\(MOBIKE_SUPPORTED\) N\(NO_ADDITIONAL_ADDRESSES\) N\(MULTIPLE_AUTH_SUPPORTED\) N\(EAP_ONLY_AUTHENTICATION\) N\(IKEV2_MESSAGE_ID_SYNC_SUPPORTED\) \]/);
    expect(run.stdout).toMatch(/< IKE_AUTH response 1 \[ IDr CERT AUTH EAP \]/);
    expect(run.stdout).toMatch(/gateway certificate C=XX, O=ikescope lab, CN=vpn\.example\.net trusted, AUTH sha256WithRSAEncryption verified/);
    expect(run.stdout).toMatch(/> IKE_AUTH request \d+ \[ AUTH \]\n.*< IKE_AUTH response \d+ \[ AUTH CP SA TSi TSr( N\(\w+\))* \]/);
    expect(run.stdout).toMatch(/virtual {3}192\.0\.2\.\d+ {2}DNS 192\.0\.2\.200/);
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 3 of 3 answered/);
    for (const line of keyLines) expect(run.stdout).not.toContain(line);
  });

  it('the gateway ran EAP-TLS with our identity and certificate, established the MSK, and logged our SAs and keys', async () => {
    const log = gatewayLogText(lab);
    expect(log).toContain("received EAP identity 'alice.lab.example.net'");
    expect(log).toContain("received TLS peer certificate 'C=XX, O=ikescope lab, CN=alice.lab.example.net'");
    // TLS 1.2: what strongSwan 5.9.8 picks by default (charon.tls.version_max), so the RFC 5216 exporter label.
    expect(log).toMatch(/negotiated TLS 1\.2 using suite TLS_\w+/);
    expect(log).toContain('EAP method EAP_TLS succeeded, MSK established');
    expect(log).toContain("authentication of 'alice.lab.example.net' with EAP successful");
    expect(log).toContain('received cert request for "C=XX, O=ikescope lab, CN=ikescope lab RSA-2048 Root CA"');
    expect(log).toMatch(new RegExp(`SPIs ${run.ikeSpis!.ispi}_i ${run.ikeSpis!.rspi}_r`));
    expect(log).toMatch(/IKE_SA rw-eap-tls\[\d+\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.2\[alice\.lab\.example\.net\]/);
    const c = run.childSpis[0]!;
    expect(log).toMatch(new RegExp(`CHILD_SA rw-eap-tls\\{\\d+\\} established with SPIs ${c.out}_i ${c.in}_o`));
    await expectKeysAgree(lab.gatewayLog, run.keylog);
  });

  it('analyze and tshark decrypt our capture with our key log, every EAP round included', () => {
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    const eapRounds = r.ikeSas[0]!.messages.filter((m) => m.exchange === 'IKE_AUTH' && !m.response && m.inner?.join(' ') === 'EAP');
    expect(eapRounds.length).toBeGreaterThanOrEqual(4);
    expectTsharkDecrypted(tsharkRun(run));
  });

  it('a key that is not the certificate\'s: exit 1 in one line before anything is sent', () => {
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toBe('ikescope: connect: the private key does not belong to the certificate "C=XX, O=ikescope lab, CN=alice.lab.example.net"\n');
    expect(wrongKey.stdout).not.toContain('IKE_SA_INIT');
  });

  it('a client certificate from a CA the gateway does not trust: EAP-TLS fails, exit 1 in one line', () => {
    expect(untrusted.code).toBe(1);
    // The gateway's TLS server refuses the certificate with an alert inside EAP-TLS (RFC 5216 §2.1.3).
    expect(untrusted.stderr).toMatch(/^ikescope: connect: EAP: EAP-TLS: .*certificate unknown.*\n$/);
    expect(untrusted.stdout + untrusted.stderr).not.toContain(keyLines[1]);
    const log = gatewayLogText(lab);
    expect(log).toContain("no trusted certificate found for 'alice-ecdsa.lab.example.net' to verify TLS peer");
    expect(log).toContain("sending fatal TLS alert 'certificate unknown'");
  });
});

// The same gateway with TLS 1.3 allowed (charon.tls.version_max = 1.3): strongSwan 5.9.8's
// TLS 1.3 EAP-TLS predates RFC 9190 (RFC 5216's label in the TLS 1.3 exporter, no commitment
// message), which --tls-pre-rfc9190 speaks; RFC 9190 behaviour, the default, cannot finish.
interopSuite('connect with EAP-TLS over TLS 1.3 (pre-RFC 9190) to the eap-tls gateway', () => {
  let lab: Lab;
  let pre: ConnectRun;
  let rfc9190: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'eap-tls', gatewaySettings: { 'charon.tls.version_max': '1.3' } });
    const eap = ['--eap', 'tls', '--ca', RSA_CA, '--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.key, '--user', 'alice.lab.example.net', '--id', 'alice.lab.example.net'];
    pre = await connect(lab, [...eap, '--tls-pre-rfc9190', '--ping', '192.0.2.200']);
    rfc9190 = await connect(lab, eap);
  }, 120_000);
  afterAll(async () => { await lab?.stop(); });

  it('--tls-pre-rfc9190: TLS 1.3 negotiated, the MSKs agree (both final AUTHs verify), pings through ESP, keys agree', async () => {
    expect(pre.stderr).toBe('');
    expect(pre.code).toBe(0);
    expect(pre.stdout).toMatch(/ping {6}192\.0\.2\.200: 3 of 3 answered/);
    const log = gatewayLogText(lab);
    expect(log).toMatch(/negotiated TLS 1\.3 using suite TLS_\w+/);
    expect(log).toContain('EAP method EAP_TLS succeeded, MSK established');
    await expectKeysAgree(lab.gatewayLog, pre.keylog);
    expectTsharkDecrypted(tsharkRun(pre));
  });

  it('without it (RFC 9190): the server\'s Success comes without the commitment message (§2.5), refused: exit 1 in one line', () => {
    expect(rfc9190.code).toBe(1);
    expect(rfc9190.stderr).toBe('ikescope: connect: EAP: EAP Success before TLS finished\n');
  });
});
