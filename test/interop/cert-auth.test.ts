// Certificate authentication of the endpoint (RFC 7296 §2.15) against strongSwan gateways that
// want it (fixtures/gateways/cert-rsa, cert-ecdsa; credentials in fixtures/gateways/README.md):
// CERT, CERTREQ with the --ca key hash (§3.7), AUTH with RFC 7427 (method 14: PKCS#1 v1.5,
// RSA-PSS, ECDSA), RSA method 1 and RFC 4754 ECDSA, IDi from the certificate (FQDN by --id, the
// subject DN for windows-10, the SAN for macos). Oracles: the gateway's log (how it
// authenticated us, the CA our CERTREQ named, its SAs and keys), ikescope analyze and tshark on
// our capture with our key log. Refusals: a key that is not the certificate's (nothing sent),
// and a certificate from a CA the gateway does not trust (AUTHENTICATION_FAILED).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { ikescope } from '../helpers/cli.js';
import { analyzeRun, CLIENT_ECDSA, CLIENT_RSA, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, keyLine, RSA_CA, tsharkRun, type ConnectRun } from '../helpers/endpoint.js';

const EC_CA = join(FIXTURES, 'cert-ecdsa', 'x509ca', 'root-ca.pem');
/** The gateway's own key: a key that belongs to another certificate. */
const GATEWAY_KEY = join(FIXTURES, 'eap-mschapv2', 'private', 'vpn.example.net.key');
const ALICE_DN = 'C=XX, O=ikescope lab, CN=alice.lab.example.net';

/** A line of each key file's base64: none may appear in anything the endpoint printed. */
const keyLines = [CLIENT_RSA.key, CLIENT_ECDSA.key, GATEWAY_KEY].map(keyLine);
function expectNoSecrets(run: ConnectRun): void {
  for (const line of keyLines) expect(run.stdout + run.stderr).not.toContain(line);
}

function expectEstablished(run: ConnectRun): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/virtual {3}192\.0\.2\.\d+ {2}DNS 192\.0\.2\.200/);
  expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 3 of 3 answered/);
  expectNoSecrets(run);
}

interopSuite('connect with an RSA certificate to the cert-rsa gateway', () => {
  let lab: Lab;
  let rfc7427: ConnectRun;
  let windows: ConnectRun;
  let pss: ConnectRun;
  let wrongKey: ConnectRun;
  let untrusted: ConnectRun;
  let chain: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'cert-rsa' });
    // A PEM file holding the end entity and then its issuer (the lab's client CA).
    const chainFile = join(mkdtempSync(join(tmpdir(), 'ikescope-chain-')), 'alice-chain.pem');
    writeFileSync(chainFile, readFileSync(CLIENT_RSA.cert, 'utf8') + readFileSync(join(FIXTURES, 'cert-rsa', 'x509ca', 'client-ca.pem'), 'utf8'));
    const alice = ['--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.key, '--ca', RSA_CA];
    rfc7427 = await connect(lab, [...alice, '--id', 'alice.lab.example.net', '--remote-id', 'vpn.example.net', '--ping', '192.0.2.200']);
    windows = await connect(lab, [...alice, '--profile', 'windows-10', '--ping', '192.0.2.200']);
    pss = await connect(lab, [...alice, '--auth-method', 'rsa-pss', '--ping', '192.0.2.200']);
    wrongKey = await connect(lab, ['--cert', CLIENT_RSA.cert, '--key', GATEWAY_KEY, '--ca', RSA_CA]);
    untrusted = await connect(lab, ['--cert', CLIENT_ECDSA.cert, '--key', CLIENT_ECDSA.key, '--ca', RSA_CA]);
    chain = await connect(lab, ['--cert', chainFile, '--key', CLIENT_RSA.key, '--ca', RSA_CA, '--ping', '192.0.2.200']);
  }, 180_000);
  afterAll(async () => { await lab?.stop(); });

  it('strongswan profile: CERT, CERTREQ and an RFC 7427 AUTH (sha256WithRSAEncryption, the gateway listed SHA2-256), a virtual IP, pings through ESP', () => {
    expectEstablished(rfc7427);
    expect(rfc7427.stdout).toMatch(/< IKE_SA_INIT response 0 \[[^\]]* N\(SIGNATURE_HASH_ALGORITHMS\)/);
    expect(rfc7427.stdout).toContain(`our certificate ${ALICE_DN}, IDi alice.lab.example.net, AUTH method 14 sha256WithRSAEncryption`);
    expect(rfc7427.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi CERT N\(INITIAL_CONTACT\) CERTREQ IDr AUTH CP SA TSi TSr N\(MOBIKE_SUPPORTED\) N\(NO_ADDITIONAL_ADDRESSES\) N\(MULTIPLE_AUTH_SUPPORTED\) N\(IKEV2_MESSAGE_ID_SYNC_SUPPORTED\) \]/);
    expect(rfc7427.stdout).toMatch(/< IKE_AUTH response 1 \[ IDr CERT AUTH CP SA TSi TSr( N\(\w+\))* \]/);
    expect(rfc7427.stdout).toMatch(/gateway certificate C=XX, O=ikescope lab, CN=vpn\.example\.net trusted, AUTH sha256WithRSAEncryption verified/);
  });

  it('the gateway authenticated us with RSA_EMSA_PKCS1_SHA2_256, read our certificate and our CERTREQ, and logged our SAs and keys', async () => {
    const log = gatewayLogText(lab);
    expect(log).toContain("authentication of 'alice.lab.example.net' with RSA_EMSA_PKCS1_SHA2_256 successful");
    // RFC 7296 §3.7: the SHA-1 of the root's SubjectPublicKeyInfo, which strongSwan resolves to the CA.
    expect(log).toContain('received cert request for "C=XX, O=ikescope lab, CN=ikescope lab RSA-2048 Root CA"');
    expect(log).toContain(`received end entity cert "${ALICE_DN}"`);
    const { ispi, rspi } = rfc7427.ikeSpis!;
    expect(log).toMatch(new RegExp(`SPIs ${ispi}_i ${rspi}_r`));
    expect(log).toMatch(/IKE_SA rw-cert\[\d+\] established between 198\.51\.100\.1\[vpn\.example\.net\]\.\.\.198\.51\.100\.2\[alice\.lab\.example\.net\]/);
    const c = rfc7427.childSpis[0]!;
    expect(log).toMatch(new RegExp(`CHILD_SA rw-cert\\{\\d+\\} established with SPIs ${c.out}_i ${c.in}_o and TS 0\\.0\\.0\\.0/0 === 192\\.0\\.2\\.\\d+/32`));
    await expectKeysAgree(lab.gatewayLog, rfc7427.keylog);
  });

  it('analyze and tshark decrypt our capture with our key log; the IKE_AUTH request carries CERT, CERTREQ, AUTH', () => {
    const r = analyzeRun(rfc7427);
    expectAllDecrypted(r);
    const req = r.ikeSas[0]!.messages.find((m) => m.exchange === 'IKE_AUTH' && !m.response)!;
    expect(req.inner).toEqual(expect.arrayContaining(['IDi', 'CERT', 'CERTREQ', 'IDr', 'AUTH']));
    expectTsharkDecrypted(tsharkRun(rfc7427));
  });

  it('windows-10 profile: the subject DN as IDi (ID_DER_ASN1_DN), RSA method 1 (no SIGNATURE_HASH_ALGORITHMS), Windows\' IKE_AUTH shape', async () => {
    expectEstablished(windows);
    expect(windows.stdout).toContain(`IDi ${ALICE_DN}, AUTH method 1 RSASSA-PKCS1-v1_5 with SHA-1`);
    expect(windows.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi CERT CERTREQ AUTH N\(MOBIKE_SUPPORTED\) CP SA TSi TSr \]/);
    // strongSwan names method 1 "RSA signature".
    expect(gatewayLogText(lab)).toContain(`authentication of '${ALICE_DN}' with RSA signature successful`);
    await expectKeysAgree(lab.gatewayLog, windows.keylog);
    expectTsharkDecrypted(tsharkRun(windows));
  });

  it('--auth-method rsa-pss: RFC 7427 RSASSA-PSS, which the gateway verifies as RSA_EMSA_PSS_SHA2_256_SALT_32', () => {
    expectEstablished(pss);
    expect(pss.stdout).toContain('AUTH method 14 RSASSA-PSS (SHA-256, MGF1 with SHA-256, salt 32)');
    expect(gatewayLogText(lab)).toContain(`authentication of '${ALICE_DN}' with RSA_EMSA_PSS_SHA2_256_SALT_32 successful`);
  });

  it('a certificate file holding a chain: one CERT payload per certificate, end entity first; the gateway reads the issuer from the second', () => {
    expectEstablished(chain);
    expect(chain.stdout).toContain(`our certificate ${ALICE_DN} (+1 CA)`);
    expect(chain.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi CERT CERT N\(INITIAL_CONTACT\) CERTREQ AUTH /);
    expect(gatewayLogText(lab)).toContain('received issuer cert "C=XX, O=ikescope lab, CN=ikescope lab RSA-2048 Client CA"');
  });

  it('a key that is not the certificate\'s: exit 1 in one line, nothing sent, no key printed', () => {
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toBe(`ikescope: connect: the private key does not belong to the certificate "${ALICE_DN}"\n`);
    expect(wrongKey.stdout).not.toContain('IKE_SA_INIT');
    expectNoSecrets(wrongKey);
  });

  it('a certificate from a CA the gateway does not trust: AUTHENTICATION_FAILED, exit 1 in one line', () => {
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toBe('ikescope: connect: the gateway refused our authentication (AUTHENTICATION_FAILED)\n');
    expect(untrusted.stdout).toMatch(/< IKE_AUTH response 1 \[ N\(AUTHENTICATION_FAILED\) \]/);
    const log = gatewayLogText(lab);
    expect(log).toContain("no trusted ECDSA public key found for 'C=XX, O=ikescope lab, CN=alice-ecdsa.lab.example.net'");
    expect(log).toMatch(/generating IKE_AUTH response 1 \[ N\(AUTH_FAILED\) \]/);
    expectNoSecrets(untrusted);
  });
});

interopSuite('connect with an ECDSA P-256 certificate to the cert-ecdsa gateway', () => {
  let lab: Lab;
  let rfc7427: ConnectRun;
  let rfc4754: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'cert-ecdsa' });
    const alice = ['--cert', CLIENT_ECDSA.cert, '--key', CLIENT_ECDSA.key, '--ca', EC_CA];
    rfc7427 = await connect(lab, [...alice, '--id', 'alice-ecdsa.lab.example.net', '--remote-id', 'vpn.example.net', '--ping', '192.0.2.200']);
    rfc4754 = await connect(lab, [...alice, '--profile', 'macos', '--auth-method', 'ecdsa', '--ping', '192.0.2.200']);
  }, 120_000);
  afterAll(async () => { await lab?.stop(); });

  it('RFC 7427 ecdsa-with-SHA256 both ways, a virtual IP, pings through ESP', () => {
    expectEstablished(rfc7427);
    expect(rfc7427.stdout).toContain('our certificate C=XX, O=ikescope lab, CN=alice-ecdsa.lab.example.net, IDi alice-ecdsa.lab.example.net, AUTH method 14 ecdsa-with-SHA256');
    expect(rfc7427.stdout).toMatch(/gateway certificate C=XX, O=ikescope lab, CN=vpn\.example\.net trusted, AUTH ecdsa-with-SHA256 verified/);
  });

  it('the gateway authenticated us with ECDSA_WITH_SHA256_DER and logged the keys we hold', async () => {
    const log = gatewayLogText(lab);
    expect(log).toContain("authentication of 'alice-ecdsa.lab.example.net' with ECDSA_WITH_SHA256_DER successful");
    expect(log).toContain('received cert request for "C=XX, O=ikescope lab, CN=ikescope lab ECDSA P-256 Root CA"');
    expect(log).toMatch(new RegExp(`SPIs ${rfc7427.ikeSpis!.ispi}_i ${rfc7427.ikeSpis!.rspi}_r`));
    await expectKeysAgree(lab.gatewayLog, rfc7427.keylog);
  });

  it('analyze and tshark decrypt our capture with our key log', () => {
    expectAllDecrypted(analyzeRun(rfc7427));
    expectTsharkDecrypted(tsharkRun(rfc7427));
  });

  it('macos profile with --auth-method ecdsa: the SAN as IDi, RFC 4754 method 9, CERT after AUTH, no CERTREQ', async () => {
    expectEstablished(rfc4754);
    expect(rfc4754.stdout).toContain('IDi alice-ecdsa.lab.example.net, AUTH method 9 ECDSA with SHA-256 on P-256');
    expect(rfc4754.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi N\(INITIAL_CONTACT\) AUTH CERT CP N\(ESP_TFC_PADDING_NOT_SUPPORTED\) N\(NON_FIRST_FRAGMENTS_ALSO\) SA TSi TSr N\(MOBIKE_SUPPORTED\) \]/);
    expect(gatewayLogText(lab)).toContain("authentication of 'alice-ecdsa.lab.example.net' with ECDSA-256 signature successful");
    await expectKeysAgree(lab.gatewayLog, rfc4754.keylog);
  });
});

describe('connect --cert usage errors (no gateway needed)', () => {
  it('--cert without --key, --auth-method unknown, --auth-method with --eap tls, a certificate as --key: exit 2 in one line', () => {
    for (const [args, msg] of [
      [['--cert', CLIENT_RSA.cert, '--ca', RSA_CA], /needs --cert F and --key F/],
      [['--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.key, '--ca', RSA_CA, '--auth-method', 'dsa'], /--auth-method must be rsa, rfc7427, rsa-pss, ecdsa/],
      [['--eap', 'tls', '--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.key, '--ca', RSA_CA, '--user', 'a', '--auth-method', 'rsa'], /--auth-method is for certificate authentication/],
      [['--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.cert, '--ca', RSA_CA], /holds no private key/],
    ] as const) {
      const r = ikescope(['connect', '198.51.100.1', ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });
});
