/**
 * EAP-TLS on the peer side: RFC 5216 (TLS 1.2) and RFC 9190 (TLS 1.3, when the server
 * negotiates it). The TLS client is node:tls running over an in-memory Duplex: what it writes
 * is carried in EAP-TLS Responses, what the server's Requests carry is pushed into it.
 *
 * EAP-TLS framing (RFC 5216 §2.1.5, §3.1): a TLS flight longer than `fragmentSize` goes in
 * fragments, the first with L and the total length, all but the last with M, and the server
 * acknowledges each with an empty Request; the server's fragments are acknowledged by empty
 * Responses. The server is validated against the given CAs (and the name, if one is given),
 * the client authenticates with its certificate. The MSK comes from the TLS exporter:
 *
 *   TLS 1.2, RFC 5216 §2.3: Key_Material = TLS-PRF-128(master_secret, "client EAP encryption",
 *     client.random || server.random) — the RFC 5705 exporter with that label and no context.
 *   TLS 1.3, RFC 9190 §2.3: Key_Material = TLS-Exporter("EXPORTER_EAP_TLS_Key_Material",
 *     Type-Code = 0x0D, 128).
 *   MSK = Key_Material(0, 63); EMSK = Key_Material(64, 127).
 *
 * Servers older than RFC 9190 ran TLS 1.3 with the RFC 5216 label in the TLS 1.3 exporter
 * (`preRfc9190`).
 *
 * How a failed authentication ends (RFC 5216 §2.1.3): a TLS alert from the server in a Request
 * is answered with an empty EAP-TLS Response, after which the server sends EAP-Failure. When
 * we refuse the server's certificate we send the alert, in a Response, and the server ends
 * with EAP-Failure. node:tls checks the server's certificate only after the handshake
 * (rejectUnauthorized) and then closes without an alert: over TLS 1.2 we would already have
 * sent our Certificate, CertificateVerify and Finished, and the server its Finished, then
 * fallen silent. So the chain is checked here as soon as the server's Certificate has been
 * read, with the same check the IKE certificate gets (endpoint/trust.ts), and a refused one
 * stops our flight and is answered with a fatal alert in its place — still plaintext over
 * TLS 1.2, since no ChangeCipherSpec has been sent. Over TLS 1.3 the Certificate is already
 * encrypted and so would the alert have to be, which node:tls cannot be asked to send: there
 * the peer gives up locally.
 */
import { constants, createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { Duplex } from 'node:stream';
import { checkServerIdentity, connect, type TLSSocket } from 'node:tls';
import { plain } from '../../crypto/bytes.js';
import { concat } from '../../ikev2/bytes.js';
import { decodeTls, encodeTls } from '../../ikev2/eap/tls.js';
import { EapType } from '../../ikev2/registry/eap.js';
import { validateServerCertificate } from '../trust.js';
import type { EapMethod, MethodStep } from './method.js';

export interface EapTlsCredentials {
  /** The client certificate (DER or PEM). */
  readonly cert?: Uint8Array;
  /** Its private key (PKCS#8 DER, or PEM of any kind node reads). */
  readonly key?: Uint8Array;
  /** The CAs the server's certificate must chain to (DER or PEM). */
  readonly ca: Uint8Array[];
  /** The name the server's certificate must carry (also sent as SNI). */
  readonly serverName?: string;
  /** Largest TLS data per EAP-TLS message (default 1000, well inside an IKE message). */
  readonly fragmentSize?: number;
  /**
   * TLS 1.3 as servers did before RFC 9190: the MSK from the TLS 1.3 exporter with RFC 5216's
   * label "client EAP encryption" and no context, and EAP Success without a commitment message
   * (§2.5). strongSwan before 5.9.10 does this (the lab's 5.9.8 with `charon.tls.version_max =
   * 1.3`; its default is TLS 1.2, where nothing changes); RFC 9190 is the default.
   */
  readonly preRfc9190?: boolean;
}

const isPem = (b: Uint8Array): boolean => new TextDecoder().decode(b.subarray(0, 64)).includes('-----BEGIN');
const certPem = (b: Uint8Array): string => (isPem(b) ? new TextDecoder().decode(b) : new X509Certificate(b).toString());
const keyPem = (b: Uint8Array): string =>
  isPem(b) ? new TextDecoder().decode(b) : (createPrivateKey({ key: Buffer.from(b), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string);

/** What node:tls writes goes to `out`; what the server sent is pushed in. */
class Wire extends Duplex {
  readonly out: Uint8Array[] = [];
  constructor(private readonly wrote: () => void) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.out.push(plain(new Uint8Array(chunk)));
    this.wrote();
    cb();
  }
  override _read(): void {}
  drain(): Uint8Array {
    const all = concat(this.out);
    this.out.length = 0;
    return all;
  }
}

/** RFC 5246 §7.2 AlertDescription: unknown_ca when the chain leads to no CA we trust, else certificate_unknown. */
const UNKNOWN_CA = 48;
const CERTIFICATE_UNKNOWN = 46;
/** A TLS 1.2 plaintext fatal alert record (RFC 5246 §6.2.1, §7.2). */
const fatalAlert = (description: number): Uint8Array => Uint8Array.of(21, 3, 3, 0, 2, 2, description);

/** The certificates node:tls read from the server, end-entity first. */
function peerChain(s: TLSSocket): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let cert = s.getPeerCertificate(true); cert?.raw && out.length < 10; cert = cert.issuerCertificate) {
    out.push(new Uint8Array(cert.raw));
    if (cert.issuerCertificate === cert) break;
  }
  return out;
}

const RFC5216_LABEL = 'client EAP encryption';
const RFC9190_LABEL = 'EXPORTER_EAP_TLS_Key_Material';

export function tlsMethod(c: EapTlsCredentials): EapMethod {
  const fragmentSize = c.fragmentSize ?? 1000;
  let socket: TLSSocket | undefined;
  let wire: Wire | undefined;
  /** Bumped by every thing the TLS stack does, so `settle` can wait for it. */
  let events = 0;
  let wake: (() => void) | undefined;
  const bump = (): void => {
    events++;
    wake?.();
  };
  let error: string | undefined;
  /** node:tls's error was the server's alert (OpenSSL's "sslv3 alert certificate unknown"). */
  let alertReceived: string | undefined;
  /** The server's certificate has been checked (trust.ts) before we sent anything after it. */
  let serverChecked = false;
  /** RFC 5216 §2.1.3: we sent the Response that ends a failed authentication; why it failed. */
  let ending: string | undefined;
  let connected = false;
  /** RFC 9190 §2.5: the server's one-octet 0x00 application data says the handshake is over. */
  let committed = false;
  let msk: Uint8Array | undefined;
  /** Our flight still to be sent, and its total length. */
  let outgoing: { data: Uint8Array; total: number; first: boolean } | undefined;
  /** The server's fragments so far. */
  let incoming: { parts: Uint8Array[]; total?: number } | undefined;

  function start(): void {
    wire = new Wire(bump);
    socket = connect({
      socket: wire,
      ca: c.ca.map(certPem),
      ...(c.cert ? { cert: certPem(c.cert) } : {}),
      ...(c.key ? { key: keyPem(c.key) } : {}),
      // RFC 6066 §3: SNI carries host names only ("Literal IPv4 and IPv6 addresses are not
      // permitted"); node warns on an address. The name check below covers both.
      ...(c.serverName && !isIP(c.serverName) ? { servername: c.serverName } : {}),
      // The CA check is node's (rejectUnauthorized); the name is checked only when one is given.
      rejectUnauthorized: true,
      checkServerIdentity: (host, cert) => (c.serverName ? checkServerIdentity(c.serverName, cert) : undefined),
      minVersion: 'TLSv1.2',
      // strongSwan's own TLS stack (its EAP-TLS server) sends no renegotiation_info (RFC 5746),
      // which OpenSSL 3 refuses by default ("unsafe legacy renegotiation disabled"). EAP-TLS
      // never renegotiates (RFC 5216 §2.1.3 does not use it), so the attack RFC 5746 closes
      // has nothing to splice into here.
      secureOptions: constants.SSL_OP_LEGACY_SERVER_CONNECT,
    });
    socket.on('secureConnect', () => {
      connected = true;
      deriveMsk();
      bump();
    });
    socket.on('data', (d: Buffer) => {
      if (d.length === 1 && d[0] === 0) committed = true;
      bump();
    });
    socket.on('error', (e: Error & { reason?: string; code?: string }) => {
      // OpenSSL's errors carry a readable `reason` ("tlsv1 alert decrypt error"); their message
      // starts with a thread id and a source path.
      error = `EAP-TLS: ${e.reason ?? e.message}`;
      // node:tls's own check after the handshake (over TLS 1.3 checkServer comes too late): it sends no alert.
      if (socket?.authorizationError) error = `EAP-TLS: the gateway's certificate did not verify against --ca (${e.message}); node:tls checked it after the handshake and sent no alert`;
      // A received alert is ERR_SSL_{SSLV3,TLSV1,TLSV13}_ALERT_*; the alerts OpenSSL sends have other codes.
      if (/^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_/.test(e.code ?? '') && e.reason) alertReceived = e.reason.replace(/^\S+ alert /, '');
      bump();
    });
    socket.on('end', bump);
  }

  function deriveMsk(): void {
    const s = socket!;
    const v = s.getProtocol();
    const km = v === 'TLSv1.3' && !c.preRfc9190
      ? s.exportKeyingMaterial(128, RFC9190_LABEL, Buffer.of(EapType.TLS))
      : s.exportKeyingMaterial(128, RFC5216_LABEL, undefined as unknown as Buffer); // no context: RFC 5705 §4 "no context" form
    msk = plain(new Uint8Array(km)).slice(0, 64);
  }

  /** Wait until the TLS stack has reacted to what it was given, then until it is quiet. */
  async function settle(before: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (events === before && !error) {
      if (Date.now() > deadline) {
        error = 'EAP-TLS: the TLS stack did not answer';
        return;
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
      wake = undefined;
    }
    for (let quiet = 0, seen = events; quiet < 3; ) {
      await new Promise((r) => setImmediate(r));
      if (events !== seen) {
        seen = events;
        quiet = 0;
      } else quiet++;
    }
  }

  /** The next fragment of our flight as Type-Data. */
  function nextFragment(): Uint8Array {
    const o = outgoing!;
    const chunk = o.data.subarray(0, fragmentSize);
    o.data = o.data.subarray(chunk.length);
    const more = o.data.length > 0;
    const first = o.first;
    o.first = false;
    if (!more) outgoing = undefined;
    // RFC 5216 §3.1: L "MUST be set for the first fragment of a fragmented TLS message".
    return encodeTls({ more, data: chunk, ...(first && more ? { tlsMessageLength: o.total } : {}) });
  }

  /** RFC 5216 §2.1.3: the Response that ends a failed authentication; the server answers with EAP-Failure. */
  function end(reason: string, typeData: Uint8Array): MethodStep {
    wire!.drain();
    socket!.destroy();
    ending = reason;
    return { kind: 'respond', typeData };
  }

  /** Our verdict on the server's certificate, once node:tls has read it and before our next flight leaves. */
  function checkServer(): MethodStep | undefined {
    if (serverChecked || connected) return undefined;
    const chain = peerChain(socket!);
    if (chain.length === 0) return undefined;
    serverChecked = true;
    const v = validateServerCertificate(chain, { ca: c.ca.map((b) => plain(new Uint8Array(new X509Certificate(b).raw))), ...(c.serverName ? { name: c.serverName } : {}) });
    if (v.ok) return undefined;
    const reason = `EAP-TLS: the gateway's certificate did not verify against --ca (${v.reason})`;
    if (socket!.getProtocol() !== 'TLSv1.2') return { kind: 'failure', reason: `${reason}; over TLS 1.3 the alert would be encrypted, which node:tls does not offer` };
    // §2.1.3: a peer that fails to authenticate the server sends its TLS alert in an EAP-TLS Response.
    return end(reason, encodeTls({ data: fatalAlert(/trusted CA/.test(v.reason) ? UNKNOWN_CA : CERTIFICATE_UNKNOWN) }));
  }

  /** Send what the TLS stack wrote, or acknowledge with an empty Response when it wrote nothing. */
  function answer(): MethodStep {
    const refused = checkServer();
    if (refused) return refused;
    if (alertReceived) {
      // §2.1.3: the peer answers the server's alert with an EAP-TLS Response with no data (MUST).
      const cert = /cert|unknown ca|access denied/.test(alertReceived);
      return end(`EAP-TLS: ${cert ? 'the gateway refused our certificate' : 'the gateway ended the TLS handshake'} (TLS alert: ${alertReceived})`, encodeTls({}));
    }
    if (error) return { kind: 'failure', reason: error };
    const flight = wire!.drain();
    if (flight.length === 0) return { kind: 'respond', typeData: encodeTls({}) };
    outgoing = { data: flight, total: flight.length, first: true };
    return { kind: 'respond', typeData: nextFragment() };
  }

  return {
    type: EapType.TLS,
    get complete() {
      return connected && !error && (socket?.getProtocol() !== 'TLSv1.3' || committed || c.preRfc9190 === true);
    },
    get failureReason() {
      // Read by the peer on EAP-Failure, which is what the server answers our §2.1.3 Response with.
      return ending ? `${ending}; EAP-Failure` : error;
    },
    async request(typeData: Uint8Array): Promise<MethodStep> {
      const d = decodeTls(EapType.TLS, typeData);
      if (!d.ok) return { kind: 'failure', reason: d.reason };
      const m = d.value;
      if (ending) return { kind: 'failure', reason: `${ending}; the gateway sent another EAP-TLS Request instead of EAP-Failure` };
      if (m.start) {
        // RFC 5216 §2.1.1: the Start; the peer answers with its ClientHello.
        if (socket) return { kind: 'failure', reason: 'EAP-TLS Start in the middle of a handshake' };
        const before = events;
        start();
        await settle(before);
        return answer();
      }
      if (!socket) return { kind: 'failure', reason: 'EAP-TLS data before the Start' };
      if (m.ack) {
        // §2.1.5: the server acknowledged a fragment: send the next one.
        if (!outgoing) return { kind: 'failure', reason: 'EAP-TLS acknowledgement with no fragment outstanding' };
        return { kind: 'respond', typeData: nextFragment() };
      }
      if (outgoing) return { kind: 'failure', reason: 'EAP-TLS data while our fragments are still outstanding' };
      if (!incoming) incoming = { parts: [], ...(m.tlsMessageLength !== undefined ? { total: m.tlsMessageLength } : {}) };
      incoming.parts.push(m.fragment);
      const got = incoming.parts.reduce((n, p) => n + p.length, 0);
      if (incoming.total !== undefined && got > incoming.total) return { kind: 'failure', reason: `EAP-TLS fragments exceed the TLS Message Length ${incoming.total}` };
      // §2.1.5: "the EAP peer MUST respond with an EAP-Response ... with no data" to each fragment with M.
      if (m.moreFragments) return { kind: 'respond', typeData: encodeTls({}) };
      if (incoming.total !== undefined && got !== incoming.total) return { kind: 'failure', reason: `EAP-TLS message of ${got} octets, TLS Message Length said ${incoming.total}` };
      const message = concat(incoming.parts);
      incoming = undefined;
      const before = events;
      wire!.push(Buffer.from(message));
      await settle(before);
      return answer();
    },
    msk: () => msk,
  };
}
