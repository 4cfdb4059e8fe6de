// How a failed EAP-TLS authentication ends (RFC 5216 §2.1.3), from the endpoint against
// strongSwan's EAP-TLS server:
//   (a) the gateway refuses our client certificate (from a CA it does not trust; the eap-tls
//       gateway) and sends a TLS alert in an EAP-Request; we answer with an EAP-TLS Response
//       with no data, and it ends with EAP-Failure;
//   (b) we refuse the gateway's TLS server certificate (eap-tls-server-cert: its IKE certificate
//       passes --ca, its EAP-TLS server certificate, tls.example.net, is from another CA): we
//       send a fatal unknown_ca alert in an EAP-Response in place of our flight, and it ends
//       with EAP-Failure.
// Oracles: tshark on our own capture with the key tables we wrote (the EAP and TLS records
// inside the decrypted IKE_AUTH messages), the gateway's charon log (an EAP failure, no
// retransmission, no timeout), and the connect command's exit code and one line on stderr.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { tsharkFields } from '../ikev2/support/tshark.js';
import { analyzeRun, CLIENT_ECDSA, CLIENT_RSA, connect, expectAllDecrypted, gatewayLogText, interopSuite, keyLine, RSA_CA, type ConnectRun } from '../helpers/endpoint.js';


const keyLines = [CLIENT_RSA.key, CLIENT_ECDSA.key].map(keyLine);
const GATEWAY = '198.51.100.1';
const US = '198.51.100.2';

interface EapFrame {
  frame: number; src: string; mid: number; code: number; id?: number; type?: number; len: number;
  flags?: number; contentTypes: number[]; handshake: number[]; alert?: { level: number; desc: number };
}

/** Every frame with an EAP packet, as tshark dissects it from our capture decrypted with our key tables. */
function eapFrames(run: ConnectRun): EapFrame[] {
  const fields = ['ip.src', 'isakmp.messageid', 'eap.code', 'eap.id', 'eap.type', 'eap.len', 'eap.tls.flags', 'tls.record.content_type', 'tls.handshake.type', 'tls.alert_message.level', 'tls.alert_message.desc'];
  const rows = tsharkFields(run.pcap, fields, 'eap', `${run.keylog}.wireshark`);
  const num = (v: string[] | undefined): number | undefined => (v?.[0] === undefined ? undefined : Number(v[0]));
  return [...rows].sort(([a], [b]) => a - b).map(([frame, f]) => ({
    frame, src: f[0]![0]!, mid: num(f[1])!, code: num(f[2])!, len: num(f[5])!, contentTypes: f[7]!.map(Number), handshake: f[8]!.map(Number),
    ...(f[3]!.length ? { id: num(f[3])! } : {}), ...(f[4]!.length ? { type: num(f[4])! } : {}), ...(f[6]!.length ? { flags: num(f[6])! } : {}),
    ...(f[9]!.length ? { alert: { level: num(f[9])!, desc: num(f[10])! } } : {}),
  }));
}

const EAP_REQUEST = 1, EAP_RESPONSE = 2, EAP_FAILURE = 4, EAP_TLS = 13, ALERT = 21, CHANGE_CIPHER_SPEC = 20;
/** RFC 5246 §7.2. */
const FATAL = 2, CERTIFICATE_UNKNOWN = 46, UNKNOWN_CA = 48;

/** The gateway's log: EAP_TLS failed and EAP-Failure sent in the response to request `mid`, nothing retransmitted, the IKE_SA gone. */
function expectGatewayEndedWithFailure(log: string, mid: number): void {
  expect(log).toMatch(/EAP method EAP_TLS failed for peer /);
  const parsed = log.indexOf(`parsed IKE_AUTH request ${mid} [ EAP/RES/TLS ]`);
  expect(parsed).toBeGreaterThan(0);
  expect(log.indexOf(`generating IKE_AUTH response ${mid} [ EAP/FAIL ]`)).toBeGreaterThan(parsed);
  expect(log).toMatch(/IKE_SA rw-eap-tls\[\d+\] state change: CONNECTING => DESTROYING/);
  expect(log).not.toMatch(/retransmit/);
  expect(log).not.toMatch(/timed out|giving up/);
}

interopSuite('EAP-TLS failures end as RFC 5216 §2.1.3 says', () => {
  let labA: Lab;
  let labB: Lab;
  let refused: ConnectRun;
  let refusing: ConnectRun;
  beforeAll(async () => {
    [labA, labB] = await Promise.all([startLab({ gateway: 'eap-tls' }), startLab({ gateway: 'eap-tls-server-cert' })]);
    [refused, refusing] = await Promise.all([
      connect(labA, ['--eap', 'tls', '--ca', RSA_CA, '--cert', CLIENT_ECDSA.cert, '--key', CLIENT_ECDSA.key, '--user', 'alice-ecdsa.lab.example.net']),
      connect(labB, ['--eap', 'tls', '--ca', RSA_CA, '--cert', CLIENT_RSA.cert, '--key', CLIENT_RSA.key, '--user', 'alice.lab.example.net', '--id', 'alice.lab.example.net']),
    ]);
  }, 120_000);
  afterAll(async () => { await Promise.all([labA?.stop(), labB?.stop()]); });

  it('(a) the gateway refuses our certificate: exit 1 with the alert named in one line', () => {
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('ikescope: connect: EAP: EAP-TLS: the gateway refused our certificate (TLS alert: certificate unknown); EAP-Failure\n');
    for (const line of keyLines) expect(refused.stdout + refused.stderr).not.toContain(line);
  });

  it('(a) on the wire: the alert in an EAP-Request, our EAP-TLS Response with no data, then EAP-Failure, and nothing after', () => {
    expectAllDecrypted(analyzeRun(refused));
    const f = eapFrames(refused);
    const i = f.findIndex((x) => x.alert !== undefined);
    expect(i).toBeGreaterThan(0);
    const [alert, empty, failure] = [f[i]!, f[i + 1]!, f[i + 2]!];
    expect(alert).toMatchObject({ src: GATEWAY, code: EAP_REQUEST, type: EAP_TLS, contentTypes: [ALERT], alert: { level: FATAL, desc: CERTIFICATE_UNKNOWN } });
    // §2.1.3: an EAP-TLS Response with no data: Code, Identifier, Length, Type, Flags = 6 octets, no flag set.
    expect(empty).toMatchObject({ src: US, code: EAP_RESPONSE, id: alert.id, type: EAP_TLS, len: 6, flags: 0, contentTypes: [] });
    expect(empty.mid).toBe(alert.mid + 1);
    expect(failure).toMatchObject({ src: GATEWAY, code: EAP_FAILURE, mid: empty.mid });
    expect(f.length).toBe(i + 3);
    // Each EAP message once: no retransmission by either side.
    expect(new Set(f.map((x) => `${x.src} ${x.mid}`)).size).toBe(f.length);
  });

  it('(a) the gateway sent the alert and ended the EAP conversation with EAP-Failure, not a timeout', () => {
    const log = gatewayLogText(labA);
    expect(log).toContain("no trusted certificate found for 'alice-ecdsa.lab.example.net' to verify TLS peer");
    expect(log).toContain("sending fatal TLS alert 'certificate unknown'");
    const last = eapFrames(refused).at(-1)!;
    expectGatewayEndedWithFailure(log, last.mid);
  });

  it('(b) we refuse the gateway\'s TLS certificate: exit 1 with what did not verify in one line', () => {
    expect(refusing.code).toBe(1);
    expect(refusing.stderr).toBe(
      'ikescope: connect: EAP: EAP-TLS: the gateway\'s certificate did not verify against --ca ("C=XX, O=ikescope lab, CN=tls.example.net" is not issued by a trusted CA '
      + '(issuer "C=XX, O=ikescope lab, CN=ikescope lab EAP-TLS Server CA")); EAP-Failure\n');
    // The IKE certificate passed the same --ca; only the TLS server certificate failed.
    expect(refusing.stdout).toMatch(/gateway certificate C=XX, O=ikescope lab, CN=vpn\.example\.net trusted/);
    for (const line of keyLines) expect(refusing.stdout + refusing.stderr).not.toContain(line);
  });

  it('(b) on the wire: our fatal unknown_ca alert in an EAP-Response in place of our flight, then EAP-Failure', () => {
    expectAllDecrypted(analyzeRun(refusing));
    const f = eapFrames(refusing);
    const i = f.findIndex((x) => x.alert !== undefined);
    const [flight, alert, failure] = [f[i - 1]!, f[i]!, f[i + 1]!];
    // The server's flight with its Certificate (11) and ServerHelloDone (14) came just before.
    expect(flight).toMatchObject({ src: GATEWAY, code: EAP_REQUEST, type: EAP_TLS });
    expect(flight.handshake).toEqual(expect.arrayContaining([11, 14]));
    // Only the alert: no Certificate, ClientKeyExchange, ChangeCipherSpec or Finished of ours.
    expect(alert).toMatchObject({ src: US, code: EAP_RESPONSE, id: flight.id, type: EAP_TLS, contentTypes: [ALERT], handshake: [], alert: { level: FATAL, desc: UNKNOWN_CA } });
    expect(f.some((x) => x.src === US && x.contentTypes.includes(CHANGE_CIPHER_SPEC))).toBe(false);
    expect(failure).toMatchObject({ src: GATEWAY, code: EAP_FAILURE, mid: alert.mid });
    expect(f.length).toBe(i + 2);
    expect(new Set(f.map((x) => `${x.src} ${x.mid}`)).size).toBe(f.length);
  });

  it('(b) the gateway received our alert and ended the EAP conversation with EAP-Failure', () => {
    const log = gatewayLogText(labB);
    expect(log).toContain("sending TLS server certificate 'C=XX, O=ikescope lab, CN=tls.example.net'");
    expect(log).toContain("received fatal TLS alert 'unknown ca'");
    expectGatewayEndedWithFailure(log, eapFrames(refusing).at(-1)!.mid);
  });
});
