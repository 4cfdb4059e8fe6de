// EAP-MSCHAPv2 against seed 002's production gateway (fixtures/gateways/production-windows):
// its RSA-4096 chain checked against the CA with Windows' checks, its signature AUTH verified,
// EAP-MSCHAPv2 as user1, the MSK-keyed AUTH both ways (RFC 7296 §2.16), a virtual IP, pings.
// Its IKE_AUTH response with two certificates comes in IKEv2 fragments. Refusals: a CA that is
// not the gateway's, and a wrong password.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const CA = join(FIXTURES, 'production-windows', 'x509ca', 'root-ca.pem');
const OTHER_CA = join(FIXTURES, 'eap-mschapv2', 'x509ca', 'root-ca.pem');

interopSuite('connect with EAP-MSCHAPv2 to the production-windows gateway', () => {
  let lab: Lab;
  let run: ConnectRun;
  let wrongCa: ConnectRun;
  let wrongPassword: ConnectRun;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-eap-'));
    writeFileSync(join(dir, 'pw'), 'password1\n');
    writeFileSync(join(dir, 'bad'), 'password2\n');
    lab = await startLab({ gateway: 'production-windows' });
    const user = ['--user', 'user1', '--windows-checks'];
    run = await connect(lab, [...user, '--password-file', join(dir, 'pw'), '--ca', CA, '--ping', '192.0.2.200']);
    wrongCa = await connect(lab, [...user, '--password-file', join(dir, 'pw'), '--ca', OTHER_CA]);
    wrongPassword = await connect(lab, [...user, '--password-file', join(dir, 'bad'), '--ca', CA]);
  });
  afterAll(async () => { await lab?.stop(); });

  it('establishes after EAP, with the gateway certificate trusted, and pings through ESP', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi N\(INITIAL_CONTACT\) CP SA TSi TSr N\(MOBIKE_SUPPORTED\) N\(NO_ADDITIONAL_ADDRESSES\) N\(MULTIPLE_AUTH_SUPPORTED\) N\(EAP_ONLY_AUTHENTICATION\) N\(IKEV2_MESSAGE_ID_SYNC_SUPPORTED\) \]/);
    expect(run.stdout).toMatch(/reassembled \d IKEv2 fragments of IKE_AUTH response 1\n.*< IKE_AUTH response 1 \[ IDr CERT CERT AUTH EAP \]/);
    expect(run.stdout).toMatch(/gateway certificate C=XX, O=ikescope lab, CN=vpn\.example\.net trusted, AUTH \S+ verified/);
    expect(run.stdout).toMatch(/> IKE_AUTH request 5 \[ AUTH \]\n.*< IKE_AUTH response 5 \[ AUTH CP SA TSi TSr \]/);
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 3 of 3 answered/);
    expect(run.stdout).not.toContain('password1');
  });

  it('the gateway logs EAP-MSCHAPv2 with an MSK, the IKE_SA and the CHILD_SA with our SPIs', async () => {
    const log = gatewayLogText(lab);
    expect(log).toContain("received EAP identity 'user1'");
    expect(log).toContain('EAP method EAP_MSCHAPV2 succeeded, MSK established');
    expect(log).toMatch(new RegExp(`SPIs ${run.ikeSpis!.ispi}_i ${run.ikeSpis!.rspi}_r`));
    expect(log).toMatch(/IKE_SA myvpn\[1\] established between 198\.51\.100\.1\[C=XX, O=ikescope lab, CN=vpn\.example\.net\]\.\.\.198\.51\.100\.2/);
    const c = run.childSpis[0]!;
    expect(log).toMatch(new RegExp(`CHILD_SA myvpn\\{1\\} established with SPIs ${c.out}_i ${c.in}_o and TS 0\\.0\\.0\\.0/0 === 192\\.0\\.2\\.1/32`));
    await expectKeysAgree(lab.gatewayLog, run.keylog);
  });

  it('analyze and tshark decrypt our capture (fragments included) with our key log', () => {
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    expect(r.ikeSas[0]!.messages.filter((m) => m.exchange === 'IKE_AUTH')).toHaveLength(10);
    expectTsharkDecrypted(tsharkRun(run));
  });

  it('a CA that is not the gateway\'s: exit 1 before any EAP', () => {
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.stderr).toMatch(/^ikescope: connect: the gateway's certificate: .+\n$/);
    expect(wrongCa.stdout).not.toMatch(/> IKE_AUTH request 2/);
  });

  it('a wrong password: EAP fails, exit 1 in one line, no secret printed', () => {
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toMatch(/^ikescope: connect: (EAP: .+|the gateway refused IKE_AUTH: AUTHENTICATION_FAILED)\n$/);
    expect(wrongPassword.stdout + wrongPassword.stderr).not.toMatch(/password[12]/);
    expect(gatewayLogText(lab)).toMatch(/EAP method EAP_MSCHAPV2 failed for peer/);
  });
});
