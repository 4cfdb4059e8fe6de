// Certificate authentication of the endpoint (RFC 7296 §2.15 signature AUTH, RFC 7427 method
// 14) against the lab's cert-rsa gateway (RSA-2048 client certificate) and cert-ecdsa gateway
// (P-256 on both sides), the credentials of fixtures/gateways/README.md; the gateway's
// certificate checked against its CA. Oracles: the gateway's log (whose public-key auth of us
// succeeded, with which scheme), its keys, analyze and tshark on our capture.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const CLIENTS = join(FIXTURES, '..', 'clients');

interopSuite('certificate authentication (RSA and ECDSA)', () => {
  let rsaLab: Lab;
  let ecLab: Lab;
  let rsa: ConnectRun;
  let ec: ConnectRun;
  beforeAll(async () => {
    [rsaLab, ecLab] = await Promise.all([startLab({ gateway: 'cert-rsa' }), startLab({ gateway: 'cert-ecdsa' })]);
    const c = join(CLIENTS, 'cert-rsa');
    const e = join(CLIENTS, 'cert-ecdsa');
    [rsa, ec] = await Promise.all([
      connect(rsaLab, ['--cert', join(c, 'x509', 'alice.lab.example.net.pem'), '--key', join(c, 'private', 'alice.lab.example.net.key'),
        '--ca', join(FIXTURES, 'eap-mschapv2', 'x509ca', 'root-ca.pem'), '--id', 'alice.lab.example.net', '--remote-id', 'vpn.example.net', '--ping', '192.0.2.200', '--count', '2']),
      connect(ecLab, ['--cert', join(e, 'x509', 'alice-ecdsa.lab.example.net.pem'), '--key', join(e, 'private', 'alice-ecdsa.lab.example.net.key'),
        '--ca', join(FIXTURES, 'cert-ecdsa', 'x509ca', 'root-ca.pem'), '--id', 'alice-ecdsa.lab.example.net', '--remote-id', 'vpn.example.net', '--ping', '192.0.2.200', '--count', '2']),
    ]);
  });
  afterAll(async () => { await Promise.all([rsaLab?.stop(), ecLab?.stop()]); });

  it('RSA: our CERT and RFC 7427 AUTH are accepted, the gateway\'s verified, pings answered', async () => {
    expect(rsa.stderr).toBe('');
    expect(rsa.code).toBe(0);
    expect(rsa.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi CERT N\(INITIAL_CONTACT\) CERTREQ IDr AUTH CP SA TSi TSr/);
    expect(rsa.stdout).toMatch(/gateway certificate C=XX, O=ikescope lab, CN=vpn\.example\.net trusted, AUTH sha256WithRSAEncryption verified/);
    expect(rsa.stdout).toMatch(/ping {6}192\.0\.2\.200: 2 of 2 answered/);
    const log = gatewayLogText(rsaLab);
    expect(log).toMatch(/authentication of 'alice\.lab\.example\.net' with RSA_EMSA_PKCS1_SHA2_256 successful/);
    expect(log).toMatch(/IKE_SA rw-cert\[\d+\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.2\[alice\.lab\.example\.net\]/);
    await expectKeysAgree(rsaLab.gatewayLog, rsa.keylog);
    expectAllDecrypted(analyzeRun(rsa));
    expectTsharkDecrypted(tsharkRun(rsa));
  });

  it('ECDSA P-256: accepted both ways (ecdsa-with-SHA256), pings answered', async () => {
    expect(ec.stderr).toBe('');
    expect(ec.code).toBe(0);
    expect(ec.stdout).toMatch(/AUTH ecdsa-with-SHA256 verified/);
    expect(ec.stdout).toMatch(/ping {6}192\.0\.2\.200: 2 of 2 answered/);
    expect(gatewayLogText(ecLab)).toMatch(/authentication of 'alice-ecdsa\.lab\.example\.net' with ECDSA[_A-Z0-9]* successful/);
    await expectKeysAgree(ecLab.gatewayLog, ec.keylog);
    expectAllDecrypted(analyzeRun(ec));
    expectTsharkDecrypted(tsharkRun(ec));
  });
});
