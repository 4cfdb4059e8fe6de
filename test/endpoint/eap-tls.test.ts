/**
 * The EAP-TLS peer against an authenticator scripted in this file around node:tls's server
 * (OpenSSL), with certificates the openssl CLI makes in a temporary directory: TLS 1.2
 * (RFC 5216) and TLS 1.3 (RFC 9190, with the server's 0x00 commitment message), both ways
 * fragmented with L/M and acknowledged, client certificate required by the server, and the
 * MSK equal to the server's export under the RFC's label and context. Refusals: a server
 * certificate from another CA, the wrong server name, an early EAP Success, a server that
 * rejects the client certificate. The interop proof against strongSwan's EAP-TLS server is the
 * lab fixture eap-tls with the endpoint.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { hex } from '../../src/ikev2/bytes.js';
import { decodeTls, encodeTls } from '../../src/ikev2/eap/tls.js';
import { eapCodec } from '../../src/ikev2/payloads/eap.js';
import { EapCode, EapType } from '../../src/ikev2/registry/eap.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { createEapPeer, type EapPeer, type EapStep } from '../../src/endpoint/eap/peer.js';

const dir = mkdtempSync(join(tmpdir(), 'ikescope-eaptls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
function ca(name: string): void {
  ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  ssl('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-days', '30', '-out', `${name}.pem`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
}
function leaf(name: string, issuer: string, ext: string, keyAlg = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']): void {
  ssl('genpkey', ...keyAlg, '-out', `${name}.key`);
  ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
  execFileSync('sh', ['-c', `printf '%s\\n' "${ext}" > ${name}.ext`], { cwd: dir });
  ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', '30', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  // The peer takes a PKCS#8 DER key, as a user's key file may be.
  ssl('pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'DER', '-out', `${name}.p8`);
}
ca('ca');
ca('other-ca');
leaf('server.example.net', 'ca', 'subjectAltName=DNS:server.example.net\nextendedKeyUsage=serverAuth');
leaf('client', 'ca', 'extendedKeyUsage=clientAuth', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
leaf('rogue.example.net', 'other-ca', 'subjectAltName=DNS:server.example.net');
const file = (n: string): Buffer => readFileSync(join(dir, n));

/** The peer's side of the conversation with the credentials the endpoint would pass. */
const peerFor = (o: { serverName?: string; fragmentSize?: number; preRfc9190?: boolean } = {}): EapPeer => createEapPeer({
  identity: 'client', method: 'tls',
  tls: { cert: new Uint8Array(file('client.pem')), key: new Uint8Array(file('client.p8')), ca: [new Uint8Array(file('ca.pem'))], ...o },
});

class Pipe extends Duplex {
  out: Buffer[] = [];
  override _write(c: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.out.push(c);
    cb();
  }
  override _read(): void {}
}
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

/**
 * The server's first TLS 1.2 flight with the renegotiation_info extension (RFC 5746, type
 * 0xff01) taken out of its ServerHello, as strongSwan's TLS stack sends it: record, handshake
 * and extensions lengths shortened to match.
 */
function withoutRenegotiationInfo(flight: Buffer): Buffer {
  const b = Buffer.from(flight);
  if (b[0] !== 22 || b[5] !== 2) throw new Error('not a ServerHello first');
  let at = 5 + 4 + 2 + 32;
  at += 1 + b[at]!; // session id
  at += 2 + 1; // cipher suite, compression
  const extLenAt = at;
  const extEnd = at + 2 + b.readUInt16BE(at);
  for (let e = at + 2; e < extEnd; ) {
    const type = b.readUInt16BE(e);
    const len = 4 + b.readUInt16BE(e + 2);
    if (type === 0xff01) {
      b.writeUInt16BE(b.readUInt16BE(extLenAt) - len, extLenAt);
      b.writeUInt16BE(b.readUInt16BE(3) - len, 3);
      const hs = b.readUIntBE(6, 3) - len;
      b.writeUIntBE(hs, 6, 3);
      return Buffer.concat([b.subarray(0, e), b.subarray(e + len)]);
    }
    e += len;
  }
  throw new Error('the ServerHello has no renegotiation_info');
}

interface Outcome { steps: EapStep[]; serverMsk?: Buffer; clientCn?: string; fragmentsToPeer: number; fragmentsFromPeer: number; protocol?: string | null; serverError?: string }

/**
 * An EAP-TLS authenticator: Start, then relays fragments both ways (RFC 5216 §2.1.5), TLS by
 * node's server socket requiring a client certificate from `ca.pem`; after the handshake (and,
 * under TLS 1.3, its 0x00 commitment message, RFC 9190 §2.5) and the peer's empty Response,
 * EAP Success. A failed handshake ends as RFC 5216 §2.1.3 has it (and strongSwan does): after
 * the server's alert and the peer's empty Response, or after the peer's alert, EAP-Failure.
 */
async function authenticate(peer: EapPeer, o: { maxVersion: 'TLSv1.2' | 'TLSv1.3'; serverCert?: string; fragment?: number; earlySuccess?: boolean; requireCa?: string; stripRenegotiationInfo?: boolean }): Promise<Outcome> {
  const pipe = new Pipe();
  const server = new TLSSocket(pipe, {
    isServer: true, cert: file(`${o.serverCert ?? 'server.example.net'}.pem`), key: file(`${o.serverCert ?? 'server.example.net'}.key`),
    ca: file(`${o.requireCa ?? 'ca'}.pem`), requestCert: true, rejectUnauthorized: true, maxVersion: o.maxVersion, minVersion: 'TLSv1.2',
  });
  let secure = false;
  let serverError: string | undefined;
  server.on('secure', () => { secure = true; if (o.maxVersion === 'TLSv1.3') server.write(Buffer.of(0)); });
  server.on('error', (e) => { serverError = e.message; });
  const out: Outcome = { steps: [], fragmentsToPeer: 0, fragmentsFromPeer: 0 };
  let id = 0;
  const send = async (code: number, typeData?: Uint8Array): Promise<EapStep> => {
    const pkt = eapCodec.serialize(code === EapCode.REQUEST ? { type: PayloadType.EAP, code, identifier: ++id, eapType: EapType.TLS, typeData: typeData! } : { type: PayloadType.EAP, code, identifier: id, typeData: new Uint8Array(0) });
    const s = await peer.handle(pkt);
    out.steps.push(s);
    return s;
  };
  const tlsOf = (s: EapStep) => {
    if (s.kind !== 'respond') throw new Error(`peer: ${JSON.stringify(s)}`);
    const p = eapCodec.parse(s.packet, { type: PayloadType.EAP, nextPayload: 0 });
    if (!p.ok || p.value.eapType !== EapType.TLS) throw new Error('not an EAP-TLS response');
    const d = decodeTls(EapType.TLS, p.value.typeData);
    if (!d.ok) throw new Error(d.reason);
    return d.value;
  };
  let s = await send(EapCode.REQUEST, encodeTls({ start: true }));
  for (let round = 0; round < 20; round++) {
    if (s.kind !== 'respond') return { ...out, ...(serverError ? { serverError } : {}) };
    // Collect the peer's flight, acknowledging its fragments.
    const parts: Uint8Array[] = [];
    let m = tlsOf(s);
    out.fragmentsFromPeer++;
    parts.push(m.fragment);
    while (m.moreFragments) {
      s = await send(EapCode.REQUEST, encodeTls({}));
      m = tlsOf(s);
      out.fragmentsFromPeer++;
      parts.push(m.fragment);
    }
    if (parts.every((p) => p.length === 0)) {
      // The peer's empty Response after the server's last flight: the conversation is done.
      if (!secure) {
        // §2.1.3: the peer's empty Response to the server's alert; the server ends with EAP-Failure.
        if (serverError) await send(EapCode.FAILURE);
        break;
      }
      // A bare server TLSSocket (no tls.Server) asks for the client certificate but leaves the
      // verdict to its user: check it against the CA here and refuse as an EAP server does.
      const client = server.getPeerX509Certificate();
      const anchor = new X509Certificate(file(`${o.requireCa ?? 'ca'}.pem`));
      if (!client || !client.checkIssued(anchor) || !client.verify(anchor.publicKey)) {
        out.steps.push(await peer.handle(eapCodec.serialize({ type: PayloadType.EAP, code: EapCode.FAILURE, identifier: id, typeData: new Uint8Array(0) })));
        return { ...out, serverError: client ? 'client certificate not issued by the CA' : 'no client certificate' };
      }
      out.clientCn = String(server.getPeerCertificate().subject.CN);
      out.steps.push(await peer.handle(eapCodec.serialize({ type: PayloadType.EAP, code: EapCode.SUCCESS, identifier: id, typeData: new Uint8Array(0) })));
      out.serverMsk = o.maxVersion === 'TLSv1.3' && server.getProtocol() === 'TLSv1.3'
        ? server.exportKeyingMaterial(128, 'EXPORTER_EAP_TLS_Key_Material', Buffer.of(13))
        : server.exportKeyingMaterial(128, 'client EAP encryption', undefined as unknown as Buffer);
      out.protocol = server.getProtocol();
      return out;
    }
    pipe.push(Buffer.concat(parts));
    await tick();
    if (o.earlySuccess && secure) {
      // What a pre-RFC 9190 server (strongSwan < 5.9.10) takes as the MSK under TLS 1.3.
      out.serverMsk = server.exportKeyingMaterial(128, 'client EAP encryption', undefined as unknown as Buffer);
      out.steps.push(await peer.handle(eapCodec.serialize({ type: PayloadType.EAP, code: EapCode.SUCCESS, identifier: id, typeData: new Uint8Array(0) })));
      return out;
    }
    let flight: Buffer = Buffer.concat(pipe.out);
    pipe.out = [];
    if (o.stripRenegotiationInfo && round === 0) flight = withoutRenegotiationInfo(flight);
    if (flight.length === 0) {
      // §2.1.3: the peer's alert ended the handshake; the server answers with EAP-Failure.
      if (serverError) {
        await send(EapCode.FAILURE);
        return { ...out, serverError };
      }
      throw new Error('server wrote nothing');
    }
    // Send the server's flight in fragments of `fragment` octets, waiting for each acknowledgement.
    const size = o.fragment ?? 1400;
    for (let at = 0; at < flight.length; at += size) {
      const more = at + size < flight.length;
      s = await send(EapCode.REQUEST, encodeTls({ more, data: flight.subarray(at, at + size), ...(at === 0 && more ? { tlsMessageLength: flight.length } : {}) }));
      out.fragmentsToPeer++;
      if (more) {
        const ack = tlsOf(s);
        if (!ack.ack) throw new Error('peer did not acknowledge a fragment');
      }
    }
  }
  return out;
}

describe('EAP-TLS peer', () => {
  it.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: fragmented both ways, client certificate, MSK equals the server export', async (maxVersion) => {
    const peer = peerFor({ serverName: 'server.example.net', fragmentSize: 300 });
    const r = await authenticate(peer, { maxVersion, fragment: 250 });
    expect(r.serverError).toBeUndefined();
    expect(r.protocol).toBe(maxVersion);
    expect(r.clientCn).toBe('client');
    expect(r.steps.at(-1)).toEqual({ kind: 'success' });
    expect(r.fragmentsFromPeer).toBeGreaterThan(2);
    expect(r.fragmentsToPeer).toBeGreaterThan(2);
    expect(hex(peer.msk()!)).toBe(hex(new Uint8Array(r.serverMsk!.subarray(0, 64))));
  });

  it('without fragmentation (one message each way) and without a server name', async () => {
    const peer = peerFor({ fragmentSize: 16384 });
    const r = await authenticate(peer, { maxVersion: 'TLSv1.2', fragment: 16384 });
    expect(r.steps.at(-1)).toEqual({ kind: 'success' });
    expect(peer.msk()).toHaveLength(64);
  });

  /** The TLS records of the peer's last Response (RFC 5216 §2.1.3: its alert). */
  const lastRecords = (r: Outcome): string => {
    const s = r.steps.at(-2);
    if (s?.kind !== 'respond') throw new Error('no Response before the end');
    const p = eapCodec.parse(s.packet, { type: PayloadType.EAP, nextPayload: 0 });
    const d = p.ok ? decodeTls(EapType.TLS, p.value.typeData) : undefined;
    return d?.ok ? hex(d.value.fragment) : '';
  };

  it('refuses a server certificate from another CA: its unknown_ca alert in place of its flight, then EAP-Failure', async () => {
    const peer = peerFor();
    const r = await authenticate(peer, { maxVersion: 'TLSv1.2', serverCert: 'rogue.example.net' });
    expect(r.steps.at(-1)).toEqual({ kind: 'failure', reason: 'EAP-TLS: the gateway\'s certificate did not verify against --ca ("CN=rogue.example.net" is not issued by a trusted CA (issuer "CN=other-ca")); EAP-Failure' });
    // RFC 5246 §6.2.1/§7.2: a plaintext fatal (2) unknown_ca (48) alert, nothing else; OpenSSL names it.
    expect(lastRecords(r)).toBe('15030300020230');
    expect(r.serverError).toMatch(/alert unknown ca/);
    expect(peer.msk()).toBeUndefined();
  });

  it('refuses a server certificate without the expected name: certificate_unknown, then EAP-Failure', async () => {
    const peer = peerFor({ serverName: 'vpn.example.net' });
    const r = await authenticate(peer, { maxVersion: 'TLSv1.2' });
    expect(r.steps.at(-1)).toMatchObject({ kind: 'failure', reason: expect.stringMatching(/^EAP-TLS: the gateway's certificate did not verify against --ca \(.*does not hold vpn\.example\.net\); EAP-Failure$/) });
    expect(lastRecords(r)).toBe('1503030002022e');
    expect(r.serverError).toMatch(/alert certificate unknown/);
  });

  it('TLS 1.3: a server certificate from another CA ends the conversation here (the alert would be encrypted)', async () => {
    const peer = peerFor();
    const r = await authenticate(peer, { maxVersion: 'TLSv1.3', serverCert: 'rogue.example.net' });
    expect(r.steps.at(-1)).toEqual({ kind: 'failure', reason: 'EAP-TLS: the gateway\'s certificate did not verify against --ca (unable to verify the first certificate); node:tls checked it after the handshake and sent no alert' });
    expect(peer.msk()).toBeUndefined();
  });

  it('takes a ServerHello without renegotiation_info (RFC 5746), as strongSwan\'s EAP-TLS server sends it', async () => {
    // Editing the ServerHello breaks the handshake transcript, so the handshake still fails —
    // but at the Finished check, after OpenSSL's default refusal ("unsafe legacy
    // renegotiation disabled") would have stopped it at the ServerHello.
    const peer = peerFor();
    const r = await authenticate(peer, { maxVersion: 'TLSv1.2', stripRenegotiationInfo: true });
    const last = r.steps.at(-1);
    expect(last?.kind).toBe('failure');
    expect(last?.kind === 'failure' && last.reason).not.toMatch(/renegotiation/);
    expect(last?.kind === 'failure' && last.reason).toMatch(/decrypt error|digest check failed|bad record mac|handshake failure/i);
    // The server's alert (its Finished check) answered with an empty Response, then EAP-Failure (RFC 5216 §2.1.3).
    expect(last).toEqual({ kind: 'failure', reason: 'EAP-TLS: the gateway ended the TLS handshake (TLS alert: decrypt error); EAP-Failure' });
  });

  it('TLS 1.3: an EAP Success before the commitment message is refused', async () => {
    const peer = peerFor();
    const r = await authenticate(peer, { maxVersion: 'TLSv1.3', earlySuccess: true });
    expect(r.steps.at(-1)).toEqual({ kind: 'failure', reason: 'EAP Success before TLS finished' });
  });

  it('TLS 1.3 as before RFC 9190 (strongSwan < 5.9.10): no commitment message, the RFC 5216 label in the TLS 1.3 exporter', async () => {
    const peer = peerFor({ preRfc9190: true });
    const r = await authenticate(peer, { maxVersion: 'TLSv1.3', earlySuccess: true });
    expect(r.steps.at(-1)).toEqual({ kind: 'success' });
    const strict = peerFor();
    const s = await authenticate(strict, { maxVersion: 'TLSv1.3' });
    expect(hex(peer.msk()!)).toBe(hex(new Uint8Array(r.serverMsk!.subarray(0, 64))));
    expect(hex(strict.msk()!)).toBe(hex(new Uint8Array(s.serverMsk!.subarray(0, 64))));
    expect(s.steps.at(-1)).toEqual({ kind: 'success' });
  });

  it('a server that does not trust the client certificate ends the conversation', async () => {
    const peer = peerFor();
    const r = await authenticate(peer, { maxVersion: 'TLSv1.2', requireCa: 'other-ca' });
    expect(r.serverError).toBe('client certificate not issued by the CA');
    expect(r.steps.at(-1)).toEqual({ kind: 'failure', reason: 'EAP Failure from the server' });
    expect(peer.msk()).toBeUndefined();
  });
});

describe('EAP-TLS peer with the eap-tls lab fixture credentials', () => {
  it('loads the PEM certificate and PKCS#1 key and answers the Start with a ClientHello', async () => {
    const fx = join(import.meta.dirname, '../../fixtures');
    const peer = createEapPeer({
      identity: 'alice.lab.example.net', method: 'tls',
      tls: {
        cert: new Uint8Array(readFileSync(join(fx, 'clients/eap-tls/x509/alice.lab.example.net.pem'))),
        key: new Uint8Array(readFileSync(join(fx, 'clients/eap-tls/private/alice.lab.example.net.key'))),
        ca: [new Uint8Array(readFileSync(join(fx, 'gateways/eap-mschapv2/x509ca/root-ca.pem')))],
        serverName: 'vpn.example.net',
      },
    });
    const s = await peer.handle(eapCodec.serialize({ type: PayloadType.EAP, code: EapCode.REQUEST, identifier: 0x42, eapType: EapType.TLS, typeData: encodeTls({ start: true }) }));
    if (s.kind !== 'respond') throw new Error(JSON.stringify(s));
    const p = eapCodec.parse(s.packet, { type: PayloadType.EAP, nextPayload: 0 });
    const d = p.ok ? decodeTls(EapType.TLS, p.value.typeData) : undefined;
    expect(d?.ok && d.value.records?.[0]?.handshake).toEqual(['ClientHello']);
  });
});
