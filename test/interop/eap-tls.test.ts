// EAP-TLS (RFC 5216) through the endpoint's IKE_AUTH against the lab's eap-tls gateway: the
// gateway's IKE certificate checked against the CA, then TLS (eap/tls.ts, node:tls) with the
// cert-rsa client certificate, the MSK from the TLS exporter keying both final AUTH payloads.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const CLIENT = join(FIXTURES, '..', 'clients', 'cert-rsa');

interopSuite('EAP-TLS', () => {
  let lab: Lab;
  let run: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'eap-tls' });
    run = await connect(lab, ['--user', 'alice.lab.example.net', '--eap', 'tls',
      '--cert', join(CLIENT, 'x509', 'alice.lab.example.net.pem'), '--key', join(CLIENT, 'private', 'alice.lab.example.net.key'),
      '--ca', join(FIXTURES, 'eap-mschapv2', 'x509ca', 'root-ca.pem'), '--id', 'alice.lab.example.net', '--remote-id', 'vpn.example.net',
      '--ping', '192.0.2.200', '--count', '2']);
  });
  afterAll(async () => { await lab?.stop(); });

  it('establishes after EAP-TLS succeeds with an MSK, and pings through ESP', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/< IKE_AUTH response 1 \[ IDr CERT AUTH EAP \]/);
    expect(run.stdout).toMatch(/> IKE_AUTH request \d+ \[ AUTH \]\n.*< IKE_AUTH response \d+ \[ AUTH CP SA TSi TSr/);
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 2 of 2 answered/);
    const log = gatewayLogText(lab);
    expect(log).toContain('EAP method EAP_TLS succeeded, MSK established');
    expect(log).toMatch(/IKE_SA rw-eap-tls\[\d+\] established/);
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    expectAllDecrypted(analyzeRun(run));
    expectTsharkDecrypted(tsharkRun(run));
  });
});
