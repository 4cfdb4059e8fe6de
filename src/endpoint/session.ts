/**
 * The reference initiator: one IKE_SA to a gateway (and its successors after rekeys), its
 * CHILD_SAs, and the traffic through them. The exchanges follow RFC 7296 §1.2-§1.4
 * (IKE_SA_INIT, IKE_AUTH with a CP request and the first CHILD_SA, CREATE_CHILD_SA,
 * INFORMATIONAL), both as initiator and answering the gateway; every message goes through the
 * project's codec (src/ikev2) and crypto (src/crypto, src/esp).
 *
 * ESP is always UDP-encapsulated (RFC 3948), even where no NAT is on the path: Node has no raw
 * socket for IP protocol 50, and the lab's gateway (strongSwan's kernel-libipsec) cannot send
 * raw ESP either. Like strongSwan's `encap = yes`, the initiator forces the encapsulation by
 * sending a NAT_DETECTION_SOURCE_IP hash that matches no address (RFC 7296 §2.23 lets the
 * responder conclude only "the initiator is behind a NAT"), so the gateway floats to 4500 and
 * encapsulates. `fakeNat: false` sends the true hash.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { macedId, sharedKeyAuth, signedOctets, verifySharedKeyAuth } from '../crypto/auth.js';
import { generateDh, type DhKeyPair } from '../crypto/dh.js';
import { deriveIkeKeys } from '../crypto/keymat.js';
import { concatBytes } from '../crypto/bytes.js';
import { parseIp as parseAddress } from '../net/address.js';
import { echoRequest, parseEchoReply } from '../net/build.js';
import { parseHeader, type IkeHeader } from '../ikev2/header.js';
import { parseInnerPayloads, parseMessage, serializeMessage } from '../ikev2/message.js';
import { isRaw, serializePayloadBody, type KnownPayload, type Payload } from '../ikev2/payload.js';
import { makeId, type IdPayload } from '../ikev2/payloads/id.js';
import { makeNotify, type NotifyPayload } from '../ikev2/payloads/notify.js';
import { makeCpAttribute, type CpPayload } from '../ikev2/payloads/cp.js';
import { formatTrafficSelector, type TrafficSelector } from '../ikev2/payloads/ts.js';
import type { DeletePayload } from '../ikev2/payloads/delete.js';
import type { Proposal, SaPayload } from '../ikev2/payloads/sa.js';
import {
  AuthMethod, CfgType, CpAttributeType, dhGroupName, exchangeName, ExchangeType, IdType, isErrorNotify,
  notifyName, NotifyType, PayloadType, ProtocolId, TsType,
} from '../ikev2/registry/index.js';
import { concat, hex } from '../ikev2/bytes.js';
import { labelPayloads } from '../ikev2/notation.js';
import { encrRefFromKeyBytes } from '../keys/algorithms.js';
import type { IkeSaKeySet, EspSaKeySet, KeyStore } from '../keys/model.js';
import { fail, ok, type Decoded } from '../problem.js';
import { ChildSa, childKeys } from './child-sa.js';
import { RekeyCollisions, type Collision, type Nonces } from './collision.js';
import { DEFAULT_RETRANSMITS, RequestWindow, type Incoming } from './exchanges.js';
import { IkeSa, type OpenedFragment, type Opened } from './ike-sa.js';
import { acceptChosen, selectProposal, toSaProposal, type Negotiated, type ProposalSpec } from './proposals.js';
import { UdpTransport, type Addr, type Datagram } from './transport.js';
import type { SessionCapture } from './capture.js';
import type { AuthItem, ClientProfile, InitItem } from './profiles/profile.js';
import type { EapPeer, EapStep } from './eap/peer.js';
import type { CertificateSummary } from '../ikev2/x509.js';
import { identityOf } from '../ikev2/identity.js';
import { validateServerCertificate } from './trust.js';
import { signAuth, verifyAuth } from '../crypto/signature.js';
import { certificateIdentity, certReqFor, checkClientCertificate, chooseSignature, type ClientCertificate, type SignatureChoice } from './credentials.js';
import { eapCodec } from '../ikev2/payloads/eap.js';
import { CertEncoding } from '../ikev2/registry/index.js';
import { sleep } from '../sleep.js';
import { hostSelector, selectorsCover } from './traffic-selectors.js';

/** How the gateway's certificate is checked (endpoint/trust.ts), with EAP and with certificates alike. */
export interface GatewayTrust {
  readonly ca: readonly Uint8Array[];
  /** Name the gateway's certificate must carry (DNS or IP SAN); default: the address dialled. */
  readonly serverName?: string;
  /** Windows' checks of the gateway certificate (EKU serverAuth, name in the SAN). */
  readonly windowsChecks?: boolean;
}

export type Credentials =
  | { readonly method: 'psk'; readonly secret: Uint8Array }
  /**
   * Certificates both ways (RFC 7296 §2.15): CERT and a signature AUTH of ours
   * (crypto/signature.ts, the method from endpoint/credentials.ts `chooseSignature`), the
   * gateway's chain checked against `ca` and its signature AUTH verified.
   */
  | ({ readonly method: 'cert'; readonly certificate: ClientCertificate; readonly signature?: SignatureChoice } & GatewayTrust)
  /**
   * EAP (RFC 7296 §2.16): the gateway proves itself with a certificate chain checked against
   * `ca` (endpoint/trust.ts) and a signature AUTH (crypto/signature.ts); we with the EAP method
   * the peer runs (endpoint/eap/peer.ts), then an AUTH keyed with its MSK.
   */
  | ({ readonly method: 'eap'; readonly peer: EapPeer } & GatewayTrust);

export interface SessionOptions {
  readonly gateway: string;
  readonly localIp?: string;
  /** Our identity (IDi): an address, user@domain (RFC822) or a name (FQDN); our address when absent. */
  readonly identity?: string;
  /** The gateway's identity to send as IDr; omitted when absent. */
  readonly remoteIdentity?: string;
  readonly credentials: Credentials;
  /** Whose IKE_SA_INIT and IKE_AUTH shape, and whose quirks (profiles/). */
  readonly profile: ClientProfile;
  readonly ike: readonly ProposalSpec[];
  readonly esp: readonly ProposalSpec[];
  readonly virtualIp: { readonly v4: boolean; readonly v6: boolean };
  /** Force UDP encapsulation with a false NAT_DETECTION_SOURCE_IP (see the top of this file). */
  readonly fakeNat: boolean;
  readonly retransmits?: readonly number[];
  /** Local and gateway ports, when not 500 and 4500 (0: any free local port). */
  readonly ports?: { readonly local?: number; readonly localNatT?: number; readonly remote?: number; readonly remoteNatT?: number };
  /**
   * IKEv2 fragmentation (RFC 7383): largest IP packet we send before fragmenting a message
   * (§2.5.1 suggests 1280 for IPv4); used only if the gateway announced support.
   */
  readonly fragmentSize?: number;
  readonly capture?: SessionCapture;
  /** One line per event (exchanges as they happen); never a secret. */
  readonly log: (line: string) => void;
  readonly abort?: AbortSignal;
}

/** What `createChild` asks for (RFC 7296 §1.3.1). */
export interface NewChildOptions {
  /** Our side; default: our virtual IP(s), else the first CHILD_SA's. */
  readonly tsi?: readonly TrafficSelector[];
  readonly tsr: readonly TrafficSelector[];
  /** ESP proposals; the session's otherwise. */
  readonly esp?: readonly ProposalSpec[];
  /** Force PFS on (the IKE_SA's groups if the proposals have none) or off; default: as the proposals say. */
  readonly pfs?: boolean;
  /** The KE's group; default: the first of the proposals. */
  readonly group?: number;
}

/** The CHILD_SA `createChild` made, as the gateway agreed to it. */
export interface NewChild {
  readonly spiIn: string;
  readonly spiOut: string;
  readonly proposal: string;
  readonly pfs: boolean;
  readonly tsLocal: readonly string[];
  readonly tsRemote: readonly string[];
  /** The gateway narrowed what was asked (§2.9). */
  readonly narrowed: boolean;
}

export interface PingResult {
  readonly sent: number;
  readonly received: number;
  readonly rtts: readonly number[];
}

interface InitResult {
  readonly ni: Uint8Array;
  readonly nr: Uint8Array;
  readonly request: Uint8Array;
  readonly response: Uint8Array;
  readonly negotiated: Negotiated;
  readonly dh: DhKeyPair;
  readonly rspi: Uint8Array;
  readonly peerKe: Uint8Array;
  readonly fragmentation: boolean;
  /** RFC 7427 §4: the gateway's SIGNATURE_HASH_ALGORITHMS, when both sides sent the notify. */
  readonly hashAlgorithms?: readonly number[];
}

/** An IKE_SA with its exchange state: Message IDs and the window are per IKE_SA (§2.2). */
interface SaContext {
  readonly sa: IkeSa;
  readonly window: RequestWindow;
  /** Fragments of a message being reassembled, by "request|response:mid" (RFC 7383 §2.6). */
  readonly fragments: Map<string, OpenedFragment[]>;
  /** The IKE_SA that replaced this one in a rekey (§2.18); its DELETE then ends nothing. */
  successor?: SaContext;
}

/** An identity string as the ID payload type it reads as. */
export function identityPayload(type: typeof PayloadType.IDi | typeof PayloadType.IDr, id: string): IdPayload {
  const ip = parseAddress(id);
  if (ip) return makeId(type, ip.length === 4 ? IdType.ID_IPV4_ADDR : IdType.ID_IPV6_ADDR, id);
  return makeId(type, id.includes('@') ? IdType.ID_RFC822_ADDR : IdType.ID_FQDN, id);
}

const identityText = (p: IdPayload): string => {
  const v = identityOf(p);
  return v.ok ? v.value.text : hex(p.data);
};

/** The first payload of `type`. IDi/IDr and TSi/TSr share one value type each, hence the wider `Extract`. */
const find = <T extends KnownPayload['type']>(payloads: readonly Payload[], type: T): Extract<KnownPayload, { type: T | (T extends 35 | 36 ? 35 | 36 : T extends 44 | 45 ? 44 | 45 : never) }> | undefined =>
  payloads.find((p) => !isRaw(p) && p.type === type) as never;
type PayloadOfCert = Extract<KnownPayload, { type: typeof PayloadType.CERT }>;
const notifies = (payloads: readonly Payload[]): NotifyPayload[] =>
  payloads.filter((p): p is NotifyPayload => !isRaw(p) && p.type === PayloadType.N);
const deletes = (payloads: readonly Payload[]): DeletePayload[] =>
  payloads.filter((p): p is DeletePayload => !isRaw(p) && p.type === PayloadType.D);

const ALL_V4: TrafficSelector = { tsType: TsType.TS_IPV4_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '0.0.0.0', endAddress: '255.255.255.255' };
const ALL_V6: TrafficSelector = { tsType: TsType.TS_IPV6_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '::', endAddress: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' };

function natHash(ispi: Uint8Array, rspi: Uint8Array, a: Addr): Uint8Array {
  // RFC 7296 §2.23: SHA-1(SPIi | SPIr | IP | Port).
  const port = new Uint8Array([a.port >> 8, a.port & 0xff]);
  return new Uint8Array(createHash('sha1').update(concatBytes(ispi, rspi, parseAddress(a.ip) ?? new Uint8Array(0), port)).digest());
}

const spiBytes = (spi: number): Uint8Array => new Uint8Array([spi >>> 24, (spi >>> 16) & 0xff, (spi >>> 8) & 0xff, spi & 0xff]);
const spiNumber = (b: Uint8Array): number => (b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0) : -1);
/** A fresh ESP SPI; never 0-255, which RFC 4303 §2.1 reserves. */
const newEspSpi = (): number => (randomBytes(4).readUInt32BE(0) | 0x1000) >>> 0;
const groupBytes = (g: number): Uint8Array => new Uint8Array([g >> 8, g & 0xff]);


/** The payload notation of DESIGN.md (src/ikev2/notation.ts); requests carry Ni, responses Nr. */
function labels(payloads: readonly Payload[], fromInitiator: boolean): string {
  return labelPayloads(payloads, { fromInitiator }).join(' ');
}

export interface Facts {
  ikeProposal?: string;
  childProposal?: string;
  vip4?: string;
  vip6?: string;
  dns: string[];
  natLocal?: boolean;
  natRemote?: boolean;
  ikeSpis: string[];
  childSpis: string[];
  peerId?: string;
  tsLocal?: string[];
  tsRemote?: string[];
  retries: string[];
  rekeys: string[];
  /** CHILD_SAs we asked for after IKE_AUTH (`createChild`), made or refused, one line each. */
  newChildren: string[];
  /** SAs the gateway deleted (IKE and CHILD_SAs): a driver waits on it to know a gateway's rekey is over (§2.8). */
  gatewayDeletes: number;
  fragmentation?: boolean;
  serverSubject?: string;
  /** Our certificate and the AUTH method we signed with. */
  ourAuth?: string;
  /** Both sides sent MOBIKE_SUPPORTED in IKE_AUTH (RFC 4555 §3.1). */
  mobike?: boolean;
  moves: string[];
}

export class Session {
  private transport!: UdpTransport;
  /** The IKE_SA_INIT exchange's window (no IKE_SA exists yet). */
  private initWindow!: RequestWindow;
  private ispi = new Uint8Array(randomBytes(8));
  private readonly sas: SaContext[] = [];
  private current: SaContext | undefined;
  private readonly children: ChildSa[] = [];
  /** Every CHILD_SA ever installed, deleted ones included (their ESP is in the capture, so their keys go in the key log). */
  private readonly allChildren: ChildSa[] = [];
  private readonly echoWaiters = new Map<number, () => void>();
  private endedReason: string | undefined;
  private ended = false;
  /** IKE_AUTH done: only then is there an IKE_SA to delete (RFC 7296 §2.21.2). */
  private established = false;
  private readonly ended$: Array<() => void> = [];
  /** Our requests, one at a time (window size 1, §2.3). */
  private queue: Promise<unknown> = Promise.resolve();
  private peerFragmentation = false;
  private lastHeard = Date.now();
  /** Our CHILD_SA rekey in flight and a gateway's rekey of the same CHILD_SA crossing it (§2.8.1). */
  private readonly childCollisions = new RekeyCollisions<ChildSa, ChildSa>();
  /** Our IKE_SA rekey in flight and a gateway's rekey of the same IKE_SA crossing it (§2.8.2). */
  private readonly ikeCollisions = new RekeyCollisions<SaContext, SaContext>();
  readonly facts: Facts = { dns: [], retries: [], ikeSpis: [], childSpis: [], rekeys: [], newChildren: [], moves: [], gatewayDeletes: 0 };

  constructor(private readonly o: SessionOptions) {}

  private log(line: string): void {
    this.o.log(line);
  }

  /** Why the session ended on the gateway's initiative (DELETE of the IKE_SA), if it did. */
  get endReason(): string | undefined {
    return this.endedReason;
  }

  get child(): ChildSa | undefined {
    return this.children[this.children.length - 1];
  }

  /** Runs our requests one after another, never two at once (window size 1). */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // ------------------------------------------------------------------ transport

  private async openTransport(): Promise<Decoded<true>> {
    try {
      this.transport = await UdpTransport.open({
        gateway: this.o.gateway,
        ...(this.o.localIp ? { localIp: this.o.localIp } : {}),
        ...(this.o.capture ? { capture: this.o.capture } : {}),
        ...(this.o.ports?.local !== undefined ? { localPort: this.o.ports.local } : {}),
        ...(this.o.ports?.localNatT !== undefined ? { localNatTPort: this.o.ports.localNatT } : {}),
        ...(this.o.ports?.remote !== undefined ? { remotePort: this.o.ports.remote } : {}),
        ...(this.o.ports?.remoteNatT !== undefined ? { remoteNatTPort: this.o.ports.remoteNatT } : {}),
        onDatagram: (d) => this.receive(d),
        onError: (m) => this.log(`socket: ${m}`),
      });
    } catch (e) {
      return fail(0, `cannot open a UDP socket to ${this.o.gateway}: ${(e as Error).message}`);
    }
    this.initWindow = this.newWindow();
    return ok(true);
  }

  private newWindow(): RequestWindow {
    return new RequestWindow((list) => { for (const b of list) this.transport.sendIke(b); }, this.o.retransmits ?? DEFAULT_RETRANSMITS, (l) => this.log(l));
  }

  private receive(d: Datagram): void {
    try {
      if (d.kind === 'keepalive') return;
      if (d.kind === 'esp') return this.receiveEsp(d.bytes);
      const h = parseHeader(d.bytes);
      if (!h.ok) return this.log(`dropped a datagram that is no IKE message: ${h.reason}`);
      const header = h.value;
      if (header.exchangeType === ExchangeType.IKE_SA_INIT) {
        if (header.response && hex(header.ispi) === hex(this.ispi)) this.initWindow.response(d.bytes, header);
        return;
      }
      const ctx = this.sas.find((c) => hex(c.sa.p.ispi) === hex(header.ispi) && hex(c.sa.p.rspi) === hex(header.rspi));
      if (!ctx) return this.log(`dropped a message for an unknown IKE_SA ${hex(header.ispi)}/${hex(header.rspi)}`);
      this.lastHeard = Date.now();
      const incoming = this.reassemble(ctx, d.bytes, header);
      if (incoming === undefined) return;
      if (header.response) ctx.window.response(incoming, header);
      else void this.answer(ctx, incoming, header);
    } catch (e) {
      // Every decoder returns errors as values; this guards the socket callback against a defect.
      this.log(`dropped a datagram: ${(e as Error).message}`);
    }
  }

  /**
   * RFC 7383 §2.6: fragments are verified one by one, kept until all have arrived, and the
   * message is the concatenation of their plaintexts. Returns the message (bytes to open, or
   * reassembled and opened), or undefined while fragments are missing or one was bad.
   */
  private reassemble(ctx: SaContext, bytes: Uint8Array, header: IkeHeader): Incoming | undefined {
    // RFC 7383 §2.5: an SKF payload is the message's only payload.
    if (bytes[16] !== PayloadType.SKF) return bytes;
    const f = ctx.sa.openFragment(bytes);
    if (!f.ok) { this.log(`dropped an IKEv2 fragment: ${f.reason}`); return undefined; }
    const key = `${header.response ? 'response' : 'request'}:${header.messageId}`;
    const list = ctx.fragments.get(key) ?? [];
    if (list.length > 0 && list[0]!.total !== f.value.total) { this.log('dropped an IKEv2 fragment: Total Fragments changed'); return undefined; }
    if (!list.some((x) => x.number === f.value.number)) list.push(f.value);
    ctx.fragments.set(key, list);
    if (list.length < f.value.total) return undefined;
    ctx.fragments.delete(key);
    list.sort((a, b) => a.number - b.number);
    const inner = parseInnerPayloads(list[0]!.innerType, concat(list.map((x) => x.plaintext)));
    if (inner.malformed) { this.log(`dropped a reassembled message: ${inner.malformed.reason}`); return undefined; }
    this.log(`  reassembled ${list.length} IKEv2 fragments of ${exchangeName(header.exchangeType)} ${header.response ? 'response' : 'request'} ${header.messageId}`);
    return { header, payloads: inner.payloads };
  }

  private receiveEsp(bytes: Uint8Array): void {
    if (bytes.length < 8) return;
    const spi = spiNumber(bytes.subarray(0, 4));
    const child = this.children.find((c) => c.p.spiIn === spi);
    if (!child) return this.log(`ESP for unknown SPI ${spi.toString(16).padStart(8, '0')} dropped`);
    const r = child.open(bytes);
    if (!r.ok) return this.log(`ESP packet dropped: ${r.reason}`);
    const reply = parseEchoReply(r.value.payload);
    if (reply) this.echoWaiters.get(reply.sequence)?.();
  }

  // ------------------------------------------------------------------ IKE_SA_INIT

  private async init(): Promise<Decoded<InitResult>> {
    const offered: Proposal[] = this.o.ike.map((p, i) => toSaProposal(p, i + 1, ProtocolId.IKE, new Uint8Array(0)));
    let group = this.o.ike[0]!.dh[0]!;
    let cookie: Uint8Array | undefined;
    const ni = new Uint8Array(randomBytes(32));
    for (let attempt = 0; attempt < 4; attempt++) {
      const dh = generateDh(group);
      if (!dh) return fail(0, `${dhGroupName(group)} is not implemented`);
      const zero = new Uint8Array(8);
      const local = this.transport.local;
      // See the top of this file: a source hash of no real address makes the gateway encapsulate ESP.
      const srcHash = this.o.fakeNat ? natHash(this.ispi, zero, { ip: '0.0.0.0', port: 0 }) : natHash(this.ispi, zero, local);
      const item = (i: InitItem): Payload[] => {
        switch (i) {
          case 'NAT_DETECTION_SOURCE_IP': return [makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, srcHash)];
          case 'NAT_DETECTION_DESTINATION_IP': return [makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(this.ispi, zero, this.transport.remote))];
          case 'IKEV2_FRAGMENTATION_SUPPORTED': return [makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)];
          // RFC 7427 §4: SHA2-256, SHA2-384, SHA2-512.
          case 'SIGNATURE_HASH_ALGORITHMS': return [makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, new Uint8Array([0, 2, 0, 3, 0, 4]))];
          case 'REDIRECT_SUPPORTED': return [makeNotify(NotifyType.REDIRECT_SUPPORTED)];
          case 'VENDOR_IDS': return this.o.profile.vendorIds.map((data) => ({ type: PayloadType.V, data }) as Payload);
        }
      };
      const payloads: Payload[] = [
        ...(cookie ? [makeNotify(NotifyType.COOKIE, cookie)] : []),
        { type: PayloadType.SA, proposals: offered } satisfies SaPayload,
        { type: PayloadType.KE, group, data: dh.publicValue },
        { type: PayloadType.NONCE, data: ni },
        ...this.o.profile.init.flatMap(item),
      ];
      const request = serializeMessage({
        header: { ispi: this.ispi, rspi: zero, exchangeType: ExchangeType.IKE_SA_INIT, messageId: 0, initiator: true },
        payloads,
      });
      this.log(`> IKE_SA_INIT request 0 [ ${labels(payloads, true)} ] ${dhGroupName(group)}`);
      const r = await this.initWindow.transact([request], 0, ExchangeType.IKE_SA_INIT, (raw) => {
        if (!(raw instanceof Uint8Array)) return fail<{ raw: Uint8Array; payloads: readonly Payload[]; rspi: Uint8Array }>(0, 'fragmented IKE_SA_INIT');
        const m = parseMessage(raw);
        if (!m.ok) return fail(m.offset, m.reason);
        if (m.value.malformed) return fail(m.value.malformed.offset, m.value.malformed.reason);
        return ok({ raw, payloads: m.value.payloads, rspi: m.value.header.rspi });
      }, 'IKE_SA_INIT', this.o.abort);
      if (!r.ok) return r;
      const resp = r.value;
      this.log(`< IKE_SA_INIT response 0 [ ${labels(resp.payloads, false)} ]`);
      const ns = notifies(resp.payloads);
      const c = ns.find((n) => n.notifyType === NotifyType.COOKIE);
      if (c) {
        // §2.6: retry "with the COOKIE notification ... as the first payload".
        if (cookie) return fail(0, 'the gateway asked for a COOKIE again after receiving one');
        cookie = c.data;
        this.facts.retries.push('COOKIE');
        continue;
      }
      const invalidKe = ns.find((n) => n.notifyType === NotifyType.INVALID_KE_PAYLOAD);
      if (invalidKe) {
        const want = invalidKe.decoded?.kind === 'invalid-ke' ? invalidKe.decoded.group : undefined;
        // §1.3: retry with the group the responder names, if we offered it.
        if (want === undefined || !this.o.ike.some((p) => p.dh.includes(want))) {
          return fail(0, `the gateway wants ${want === undefined ? 'an unnamed group' : dhGroupName(want)} (INVALID_KE_PAYLOAD), which we did not propose`);
        }
        if (want === group) return fail(0, `the gateway refused our ${dhGroupName(group)} KE but asks for the same group`);
        this.facts.retries.push(`INVALID_KE_PAYLOAD -> ${dhGroupName(want)}`);
        group = want;
        continue;
      }
      const err = ns.find((n) => isErrorNotify(n.notifyType));
      if (err) return fail(0, `the gateway refused IKE_SA_INIT: ${notifyName(err.notifyType)}`);
      const sa = find(resp.payloads, PayloadType.SA);
      const ke = find(resp.payloads, PayloadType.KE);
      const nr = find(resp.payloads, PayloadType.NONCE);
      if (!sa || !ke || !nr) return fail(0, `IKE_SA_INIT response lacks ${[!sa && 'SA', !ke && 'KE', !nr && 'Nr'].filter(Boolean).join(', ')}`);
      const chosen = acceptChosen(offered, sa.proposals, ProtocolId.IKE);
      if (!chosen.ok) return chosen;
      if (chosen.value.dh !== group || ke.group !== group) {
        return fail(0, `the gateway chose ${dhGroupName(chosen.value.dh ?? 0)} with a ${dhGroupName(ke.group)} KE, but our KE is ${dhGroupName(group)}`);
      }
      // RFC 7296 §2.10: "Nonces used in IKEv2 MUST be ... at least 128 bits" and at most 256 octets.
      if (nr.data.length < 16 || nr.data.length > 256) return fail(0, `Nr of ${nr.data.length} octets (RFC 7296 §2.10 wants 16 to 256)`);
      if (resp.rspi.every((b) => b === 0)) return fail(0, 'IKE_SA_INIT response with a zero responder SPI');
      // §2.23 NAT detection, from the gateway's hashes.
      const src = ns.find((n) => n.notifyType === NotifyType.NAT_DETECTION_SOURCE_IP);
      const dsts = ns.filter((n) => n.notifyType === NotifyType.NAT_DETECTION_DESTINATION_IP);
      if (src) this.facts.natRemote = hex(src.data) !== hex(natHash(this.ispi, resp.rspi, this.transport.remote));
      if (dsts.length > 0) this.facts.natLocal = !dsts.some((d) => hex(d.data) === hex(natHash(this.ispi, resp.rspi, this.transport.local)));
      const fragmentation = ns.some((n) => n.notifyType === NotifyType.IKEV2_FRAGMENTATION_SUPPORTED);
      const hashes = this.o.profile.init.includes('SIGNATURE_HASH_ALGORITHMS') ? ns.find((n) => n.notifyType === NotifyType.SIGNATURE_HASH_ALGORITHMS)?.decoded : undefined;
      return ok({
        ni, nr: nr.data, request, response: resp.raw, negotiated: chosen.value, dh, rspi: resp.rspi, peerKe: ke.data, fragmentation,
        ...(hashes?.kind === 'hash-algorithms' ? { hashAlgorithms: hashes.algorithms } : {}),
      });
    }
    return fail(0, 'IKE_SA_INIT: too many COOKIE / INVALID_KE_PAYLOAD retries');
  }

  // ------------------------------------------------------------------ IKE_AUTH

  /** IKE_SA_INIT and IKE_AUTH: the IKE_SA and its first CHILD_SA. */
  connect(): Promise<Decoded<true>> {
    return this.enqueue(async () => {
      // A key that is not the certificate's would only be refused by the gateway: say so before sending anything.
      const c = this.o.credentials;
      if (c.method === 'cert') {
        const own = checkClientCertificate(c.certificate);
        if (!own.ok) return own;
      }
      const t = await this.openTransport();
      if (!t.ok) return t;
      const i = await this.init();
      if (!i.ok) return i;
      const { negotiated: n, dh, rspi } = i.value;
      const gir = dh.computeSecret(i.value.peerKe);
      if (!gir.ok) return fail(0, `the gateway's KE: ${gir.reason}`);
      const keys = deriveIkeKeys(n.prf!, i.value.ni, i.value.nr, gir.value, this.ispi, rspi, n.encr, n.integ);
      const ctx = this.addSa(new IkeSa({ ispi: this.ispi, rspi, encr: n.encr, ...(n.integ ? { integ: n.integ } : {}), prf: n.prf!, dh: n.dh!, keys, initiator: true }));
      ctx.sa.nextRequestId = 1;
      this.peerFragmentation = i.value.fragmentation;
      this.facts.fragmentation = i.value.fragmentation;
      this.facts.ikeProposal = n.label;
      this.log(`  IKE proposal ${n.label}; NAT: ${this.facts.natLocal ? 'we are behind a NAT' : 'no NAT in front of us'}${this.o.fakeNat ? ' (UDP encapsulation forced)' : ''}`);
      // §2.23: with NAT detected (ours or faked) IKE continues on 4500.
      if (this.o.fakeNat || this.facts.natLocal || this.facts.natRemote) {
        try {
          await this.transport.float();
        } catch (e) {
          return fail(0, `cannot open UDP port 4500: ${(e as Error).message}`);
        }
      }
      return this.auth(ctx, i.value);
    });
  }

  private addSa(sa: IkeSa): SaContext {
    const ctx: SaContext = { sa, window: this.newWindow(), fragments: new Map() };
    this.sas.push(ctx);
    this.current = ctx;
    this.facts.ikeSpis.push(`${hex(sa.p.ispi)}_i ${hex(sa.p.rspi)}_r`);
    return ctx;
  }

  /** The datagrams of one message: one SK message, or SKF fragments when it is too big (RFC 7383 §2.5). */
  private datagrams(ctx: SaContext, exchangeType: number, messageId: number, response: boolean, inner: readonly Payload[]): Uint8Array[] {
    const whole = ctx.sa.seal(exchangeType, messageId, response, inner);
    const limit = this.o.fragmentSize ?? 1280;
    // IP and UDP headers and the non-ESP marker come on top of the IKE message.
    const overhead = (this.o.gateway.includes(':') ? 40 : 20) + 8 + (this.transport.floated ? 4 : 0);
    // §2.5: fragmentation only once both sides announced it, and only for encrypted messages.
    if (!this.peerFragmentation || whole.length + overhead <= limit) return [whole];
    const { encr, integ } = ctx.sa.p;
    const perFragment = 28 + 8 + encr.ivBytes + (encr.aead ? encr.icvBytes : integ?.icvBytes ?? 0) + encr.blockBytes;
    const chunk = Math.max(16, limit - overhead - perFragment);
    return ctx.sa.sealFragments(exchangeType, messageId, response, inner, chunk);
  }

  /** One request of ours on an IKE_SA and its (verified, decrypted) response. */
  private request(ctx: SaContext, exchangeType: number, inner: readonly Payload[]): Promise<Decoded<Opened>> {
    const sa = ctx.sa;
    const mid = sa.nextRequestId++;
    const dgrams = this.datagrams(ctx, exchangeType, mid, false, inner);
    const name = exchangeName(exchangeType);
    this.log(`> ${name} request ${mid} [ ${labels(inner, true)} ]${dgrams.length > 1 ? ` in ${dgrams.length} fragments` : ''}`);
    return ctx.window.transact(dgrams, mid, exchangeType, (m) => (m instanceof Uint8Array ? sa.open(m) : ok(m)), `${name} request ${mid}`, this.o.abort).then((r) => {
      if (r.ok) this.log(`< ${name} response ${mid} [ ${labels(r.value.payloads, false)} ]`);
      return r;
    });
  }

  private async auth(ctx: SaContext, init: InitResult): Promise<Decoded<true>> {
    const sa = ctx.sa;
    const { prf } = sa.p;
    const c = this.o.credentials;
    const eap = c.method === 'eap';
    let idi: IdPayload;
    let own: CertificateSummary | undefined;
    if (c.method === 'cert') {
      const ee = checkClientCertificate(c.certificate);
      if (!ee.ok) return ee;
      own = ee.value;
      const id = certificateIdentity(own, { kind: this.o.profile.certIdentity, ...(this.o.identity !== undefined ? { explicit: this.o.identity } : {}) });
      if (!id.ok) return id;
      idi = id.value;
    } else idi = identityPayload(PayloadType.IDi, this.o.identity ?? this.transport.local.ip);
    const octets = signedOctets(init.request, init.nr, macedId(prf, sa.p.keys.skPi, serializePayloadBody(idi)));
    let authPayload: Payload | undefined;
    if (c.method === 'psk') authPayload = { type: PayloadType.AUTH, method: AuthMethod.SHARED_KEY_MIC, data: sharedKeyAuth(prf, c.secret, octets) };
    else if (c.method === 'cert') {
      // §2.15: the initiator signs RealMessage1 | NonceRData | MACedIDForI.
      const plan = chooseSignature(c.certificate.key, c.signature, init.hashAlgorithms);
      if (!plan.ok) return plan;
      let data: Uint8Array;
      try {
        data = signAuth({ method: plan.value.method, key: c.certificate.key, data: octets, ...(plan.value.hash ? { hash: plan.value.hash } : {}), ...(plan.value.pss ? { pss: true } : {}) });
      } catch (e) {
        return fail(0, `signing our AUTH: ${(e as Error).message}`);
      }
      // Our own signature checked with the certificate's key: what the gateway will verify.
      const self = verifyAuth({ method: plan.value.method, authData: data, key: new X509Certificate(c.certificate.chain[0]!).publicKey, data: octets });
      if (!self.ok) return fail(0, `our AUTH does not verify with our certificate: ${self.reason}`);
      authPayload = { type: PayloadType.AUTH, method: plan.value.method, data };
      this.facts.ourAuth = `${own!.subject.text}, AUTH method ${plan.value.method} (${self.value.scheme})`;
      this.log(`  our certificate ${own!.subject.text}${c.certificate.chain.length > 1 ? ` (+${c.certificate.chain.length - 1} CA)` : ''}, IDi ${identityText(idi)}, AUTH method ${plan.value.method} ${self.value.scheme}`);
    }
    // RFC 7296 §3.7: CERTREQ names the CAs we trust the gateway's certificate with.
    let certReq: Payload | undefined;
    if (c.method === 'cert' || (c.method === 'eap' && this.o.profile.certReqWithEap)) {
      const r = certReqFor(c.ca);
      if (!r.ok) return r;
      certReq = r.value;
    }
    const spiIn = newEspSpi();
    const childOffered = this.o.esp.map((p, k) => toSaProposal(p, k + 1, ProtocolId.ESP, spiBytes(spiIn), { pfs: false }));
    const cp: CpPayload = { type: PayloadType.CP, cfgType: CfgType.CFG_REQUEST, attributes: this.o.profile.cpRequest(this.o.virtualIp.v6).map((t) => makeCpAttribute(t)) };
    const selectors = [ALL_V4, ...(this.o.virtualIp.v6 ? [ALL_V6] : [])];
    const item = (i: AuthItem): Payload[] => {
      switch (i) {
        case 'IDi': return [idi];
        case 'IDr': return this.o.remoteIdentity && this.o.profile.sendsIdr ? [identityPayload(PayloadType.IDr, this.o.remoteIdentity)] : [];
        // §2.16: "the initiator indicates a desire to use EAP by leaving out the AUTH payload".
        case 'AUTH': return authPayload ? [authPayload] : [];
        // §3.6: the end entity first, then the intermediates of the file.
        case 'CERT': return c.method === 'cert' ? c.certificate.chain.map((data) => ({ type: PayloadType.CERT, encoding: CertEncoding.X509_SIGNATURE, data }) as Payload) : [];
        case 'CERTREQ': return certReq ? [certReq] : [];
        case 'CP': return cp.attributes.length > 0 ? [cp] : [];
        case 'SA': return [{ type: PayloadType.SA, proposals: childOffered }];
        case 'TSi': return [{ type: PayloadType.TSi, selectors }];
        case 'TSr': return [{ type: PayloadType.TSr, selectors }];
        case 'EAP_ONLY_AUTHENTICATION': return eap ? [makeNotify(NotifyType.EAP_ONLY_AUTHENTICATION)] : [];
        default: return [makeNotify(NotifyType[i])];
      }
    };
    const inner = this.o.profile.auth.flatMap(item);
    const first = await this.request(ctx, ExchangeType.IKE_AUTH, inner);
    if (!first.ok) return first;
    const r = c.method === 'eap' ? await this.eap(ctx, init, first.value.payloads, octets, c) : first;
    if (!r.ok) return r;
    const p = r.value.payloads;
    const ns = notifies(p);
    if (ns.some((x) => x.notifyType === NotifyType.AUTHENTICATION_FAILED)) return fail(0, 'the gateway refused our authentication (AUTHENTICATION_FAILED)');
    // With EAP the IDr came in the first response (§2.16); the last carries only AUTH and the CHILD_SA.
    const idr = find(p, PayloadType.IDr) ?? find(first.value.payloads, PayloadType.IDr);
    const auth = find(p, PayloadType.AUTH);
    if (!idr || !auth) {
      const err = ns.find((x) => isErrorNotify(x.notifyType));
      return fail(0, err ? `the gateway refused IKE_AUTH: ${notifyName(err.notifyType)}` : `IKE_AUTH response lacks ${!idr ? 'IDr' : 'AUTH'}`);
    }
    if (c.method === 'cert') {
      const g = this.trustGateway(init, p, sa, c);
      if (!g.ok) return g;
    }
    this.facts.peerId = idr.value ?? this.facts.serverSubject ?? hex(idr.data);
    // §2.15: the responder's AUTH over RealMessage2 | Ni | prf(SK_pr, IDr').
    const theirs = signedOctets(init.response, init.ni, macedId(prf, sa.p.keys.skPr, serializePayloadBody(idr)));
    if (c.method === 'psk') {
      if (auth.method !== AuthMethod.SHARED_KEY_MIC) return fail(0, `the gateway authenticates with method ${auth.method}, expected a shared key (2)`);
      if (!verifySharedKeyAuth(prf, c.secret, theirs, auth.data)) return fail(0, `the gateway's AUTH does not verify with our PSK (wrong key, or not ${this.facts.peerId})`);
    } else if (c.method === 'eap') {
      // §2.16: the responder's last AUTH is keyed with the MSK over its signed octets.
      const msk = c.peer.msk();
      if (!msk || !verifySharedKeyAuth(prf, msk, theirs, auth.data)) return fail(0, "the gateway's final AUTH does not verify with the EAP MSK");
    }
    this.established = true;
    this.facts.mobike = this.o.profile.auth.includes('MOBIKE_SUPPORTED') && p.concat(first.value.payloads).some((x) => !isRaw(x) && x.type === PayloadType.N && x.notifyType === NotifyType.MOBIKE_SUPPORTED);
    const how = c.method === 'psk' ? 'PSK' : c.method === 'cert' ? `certificate ${this.facts.serverSubject ?? ''}; we with ours` : `certificate ${this.facts.serverSubject ?? ''}, EAP`;
    this.log(`  IKE_SA ${this.facts.ikeSpis[0]} established, gateway ${this.facts.peerId} authenticated (${how})`);
    const reply = find(p, PayloadType.CP);
    for (const a of reply?.attributes ?? []) {
      const d = a.decoded;
      if (a.attrType === CpAttributeType.INTERNAL_IP4_ADDRESS && d?.kind === 'ip4') this.facts.vip4 = d.address;
      else if (a.attrType === CpAttributeType.INTERNAL_IP6_ADDRESS && d?.kind === 'ip6-prefix') this.facts.vip6 = d.address;
      else if ((a.attrType === CpAttributeType.INTERNAL_IP4_DNS && d?.kind === 'ip4') || (a.attrType === CpAttributeType.INTERNAL_IP6_DNS && d?.kind === 'ip6')) this.facts.dns.push(d.address);
    }
    const child = this.childFromResponse(sa, p, childOffered, spiIn, init.ni, init.nr);
    return child.ok ? ok(true) : child;
  }

  /**
   * The gateway's certificate authentication in an IKE_AUTH response (RFC 7296 §2.15): IDr,
   * CERT (its chain, checked against the CAs by endpoint/trust.ts) and a signature AUTH over
   * RealMessage2 | Ni | prf(SK_pr, IDr'), verified with the end entity's key.
   */
  private trustGateway(init: InitResult, p: readonly Payload[], sa: IkeSa, c: GatewayTrust): Decoded<true> {
    const idr = find(p, PayloadType.IDr);
    const auth = find(p, PayloadType.AUTH);
    const certs = p.filter((x): x is PayloadOfCert => !isRaw(x) && x.type === PayloadType.CERT && x.encoding === CertEncoding.X509_SIGNATURE).map((x) => x.data);
    if (!idr || !auth) return fail(0, `the gateway's IKE_AUTH response lacks ${!idr ? 'IDr' : 'AUTH'}`);
    if (certs.length === 0) return fail(0, 'the gateway sent no X.509 certificate to check its AUTH with');
    const trusted = validateServerCertificate(certs, {
      ca: [...c.ca], name: c.serverName ?? this.o.gateway, ...(c.windowsChecks ? { windowsChecks: true } : {}),
    });
    if (!trusted.ok) return fail(0, `the gateway's certificate: ${trusted.reason}`);
    this.facts.serverSubject = trusted.value.subject;
    const theirs = signedOctets(init.response, init.ni, macedId(sa.p.prf, sa.p.keys.skPr, serializePayloadBody(idr)));
    const v = verifyAuth({ method: auth.method, authData: auth.data, key: trusted.value.key, data: theirs });
    if (!v.ok) return fail(0, `the gateway's AUTH: ${v.reason}`);
    this.log(`  gateway certificate ${trusted.value.subject} trusted, AUTH ${v.value.scheme} verified`);
    return ok(true);
  }

  /**
   * RFC 7296 §2.16: the first IKE_AUTH response carries IDr, CERT, AUTH (a signature we check
   * against the CA) and an EAP request; EAP runs in further IKE_AUTH exchanges until Success;
   * then our AUTH keyed with the MSK. Returns the last response (with the gateway's MSK AUTH,
   * CP, SA, TSi, TSr).
   */
  private async eap(ctx: SaContext, init: InitResult, p: readonly Payload[], ourOctets: Uint8Array, c: Extract<Credentials, { method: 'eap' }>): Promise<Decoded<Opened>> {
    const sa = ctx.sa;
    const { prf } = sa.p;
    const ns = notifies(p);
    const err = ns.find((x) => isErrorNotify(x.notifyType));
    if (err) return fail(0, `the gateway refused IKE_AUTH: ${notifyName(err.notifyType)}`);
    const g = this.trustGateway(init, p, sa, c);
    if (!g.ok) return g;
    let eapIn = find(p, PayloadType.EAP);
    for (let round = 0; round < 50; round++) {
      if (!eapIn) return fail(0, 'the IKE_AUTH response carries no EAP payload');
      let step: EapStep;
      try {
        step = await c.peer.handle(eapCodec.serialize(eapIn));
      } catch (e) {
        // A method's own stack (node:tls) may throw; that ends EAP, not the process.
        return fail(0, `EAP: ${(e as Error).message}`);
      }
      if (step.kind === 'failure') return fail(0, `EAP: ${step.reason}`);
      if (step.kind === 'success') break;
      const out = eapCodec.parse(step.packet, { type: PayloadType.EAP, nextPayload: 0 });
      if (!out.ok) return fail(0, `EAP: our own response does not encode: ${out.reason}`);
      const r = await this.request(ctx, ExchangeType.IKE_AUTH, [out.value]);
      if (!r.ok) return r;
      const e = notifies(r.value.payloads).find((x) => isErrorNotify(x.notifyType));
      if (e) return fail(0, `the gateway refused IKE_AUTH: ${notifyName(e.notifyType)}`);
      eapIn = find(r.value.payloads, PayloadType.EAP);
      if (round === 49) return fail(0, 'EAP did not finish in 50 rounds');
    }
    const msk = c.peer.msk();
    if (!msk) return fail(0, 'EAP succeeded without an MSK; the MSK-less AUTH (SK_pi) is not supported');
    return this.request(ctx, ExchangeType.IKE_AUTH, [{ type: PayloadType.AUTH, method: AuthMethod.SHARED_KEY_MIC, data: sharedKeyAuth(prf, msk, ourOctets) }]);
  }

  /** The CHILD_SA of a response to our IKE_AUTH or CREATE_CHILD_SA request. */
  private childFromResponse(ike: IkeSa, p: readonly Payload[], offered: readonly Proposal[], spiIn: number, ni: Uint8Array, nr: Uint8Array, gir?: Uint8Array): Decoded<ChildSa> {
    const ns = notifies(p);
    const sa = find(p, PayloadType.SA);
    const tsi = find(p, PayloadType.TSi);
    const tsr = find(p, PayloadType.TSr);
    if (!sa || !tsi || !tsr) {
      const err = ns.find((x) => isErrorNotify(x.notifyType));
      return fail(0, `no CHILD_SA: ${err ? notifyName(err.notifyType) : 'the response lacks SA, TSi or TSr'}`);
    }
    const chosen = acceptChosen(offered, sa.proposals, ProtocolId.ESP);
    if (!chosen.ok) return fail(0, `CHILD_SA: ${chosen.reason}`);
    if (chosen.value.spi.length !== 4) return fail(0, `CHILD_SA: the gateway's ESP SPI has ${chosen.value.spi.length} octets, not 4`);
    return ok(this.installChild(ike, chosen.value, spiIn, spiNumber(chosen.value.spi), ni, nr, true, tsi.selectors, tsr.selectors, gir));
  }

  private installChild(sa: IkeSa, n: Negotiated, spiIn: number, spiOut: number, ni: Uint8Array, nr: Uint8Array, weInitiated: boolean,
    tsI: readonly TrafficSelector[], tsR: readonly TrafficSelector[], gir?: Uint8Array): ChildSa {
    const keys = childKeys(sa.p.prf, sa.p.keys.skD, ni, nr, n.encr, n.integ, n.esn, weInitiated, gir);
    const [local, remote] = weInitiated ? [tsI, tsR] : [tsR, tsI];
    const child = new ChildSa({ spiIn, spiOut, encr: n.encr, ...(n.integ ? { integ: n.integ } : {}), esn: n.esn, label: n.label, local, remote, weInitiated }, keys);
    this.children.push(child);
    this.allChildren.push(child);
    this.facts.childProposal = n.label;
    this.facts.tsLocal = local.map(formatTrafficSelector);
    this.facts.tsRemote = remote.map(formatTrafficSelector);
    this.facts.childSpis.push(`${child.spiInHex}_i ${child.spiOutHex}_o  ${n.label}  TS ${this.facts.tsLocal.join(',')} === ${this.facts.tsRemote.join(',')}`);
    this.log(`  CHILD_SA ${child.spiInHex}_i ${child.spiOutHex}_o established: ${n.label}${gir ? ' (PFS)' : ''}, TS ${this.facts.tsLocal.join(',')} === ${this.facts.tsRemote.join(',')}`);
    return child;
  }

  // ------------------------------------------------------------------ our CREATE_CHILD_SA and INFORMATIONAL

  /**
   * Rekeys the newest CHILD_SA (RFC 7296 §1.3.3): a new SA with N(REKEY_SA), with a KE when our
   * ESP proposals carry groups (PFS), then DELETE of the old one.
   */
  rekeyChild(): Promise<Decoded<true>> {
    return this.enqueue(() => this.childCollisions.run(async () => {
      const ctx = this.current;
      const old = this.child;
      if (!ctx || !old || this.ended) return fail(0, 'no CHILD_SA to rekey');
      this.childCollisions.begin(old);
      let refused: string | undefined;
      const r = await this.childExchange(ctx, 'CHILD_SA rekey', {
        lead: [makeNotify(NotifyType.REKEY_SA, new Uint8Array(0), { protocolId: ProtocolId.ESP, spi: spiBytes(old.p.spiIn) })],
        esp: this.o.esp, tsi: old.p.local, tsr: old.p.remote, onRefused: (why) => { refused = why; },
      });
      const theirs = this.childCollisions.crossing;
      if (!r.ok && refused !== undefined && theirs) {
        // §2.8.1: the gateway finished its rekey of the same SA first (and deleted the old
        // one), so it refuses ours (CHILD_SA_NOT_FOUND); "it already knows there was
        // simultaneous rekeying, so it can ignore the error message".
        this.log(`  CHILD_SA rekey collision: the gateway refused ours (${refused}); its CHILD_SA ${theirs.spiInHex}_i carries on`);
        return ok(true);
      }
      if (!r.ok) return r;
      this.facts.rekeys.push(`CHILD_SA ${old.spiInHex}_i -> ${r.value.child.spiInHex}_i (ours${r.value.pfs ? ', PFS' : ''})`);
      const collision = this.childCollisions.settle(r.value.nonces);
      if (collision) return this.settleChildCollision(ctx, old, r.value.child, collision);
      return this.deleteChild(ctx, old);
    }));
  }

  /**
   * RFC 7296 §2.8.1, both rekeys of `old` done: the new CHILD_SA made with the lowest of the four
   * nonces is redundant and "SHOULD be closed by the endpoint that created it", and "the node
   * that initiated the surviving rekeyed SA should delete the replaced SA". Exactly one DELETE
   * of ours either way; the gateway sends the other.
   */
  private settleChildCollision(ctx: SaContext, old: ChildSa, ours: ChildSa, c: Collision<ChildSa>): Promise<Decoded<true>> {
    const [redundant, survivor] = c.redundant === 'ours' ? [ours, c.theirs] : [c.theirs, ours];
    this.facts.rekeys.push(`CHILD_SA collision: ${redundant.spiInHex}_i (${c.redundant}) has the lowest nonce and is redundant, ${survivor.spiInHex}_i survives (RFC 7296 §2.8.1)`);
    if (c.redundant === 'ours') {
      this.log(`  CHILD_SA rekey collision lost: our ${ours.spiInHex}_i is redundant, deleting it; the gateway deletes ${old.spiInHex}_i`);
      return this.deleteChild(ctx, ours);
    }
    this.log(`  CHILD_SA rekey collision won: the gateway deletes its redundant ${c.theirs.spiInHex}_i; deleting the old ${old.spiInHex}_i`);
    // A DELETE of the old SA the gateway sent meanwhile (a peer that saw no collision) already closed it.
    if (!this.children.includes(old)) return Promise.resolve(ok(true));
    return this.deleteChild(ctx, old);
  }

  /**
   * An additional CHILD_SA (RFC 7296 §1.3.1): CREATE_CHILD_SA without N(REKEY_SA), with its own
   * traffic selectors, and a KE when the proposals carry a group (PFS). The gateway may narrow
   * the selectors (§2.9); TS_UNACCEPTABLE, NO_PROPOSAL_CHOSEN or a second INVALID_KE_PAYLOAD
   * come back as the reason, and the IKE_SA carries on.
   */
  createChild(opts: NewChildOptions): Promise<Decoded<NewChild>> {
    return this.enqueue(async () => {
      const ctx = this.current;
      if (!ctx || !this.established || this.ended) return fail(0, 'no IKE_SA to create a CHILD_SA in');
      if (opts.tsr.length === 0) return fail(0, 'a new CHILD_SA needs at least one TSr');
      const tsi = opts.tsi?.length ? opts.tsi : this.ourSelectors();
      const base = opts.esp ?? this.o.esp;
      // PFS asked for with proposals that name no group: the IKE_SA's groups, as for the gateway's requests.
      const esp = opts.pfs === true && !base.some((s) => s.dh.length > 0) ? base.map((s) => ({ ...s, dh: this.o.ike.flatMap((i) => i.dh) }))
        : opts.pfs === false ? base.map((s) => ({ ...s, dh: [] })) : base;
      const asked = `TS ${tsi.map(formatTrafficSelector).join(',')} === ${opts.tsr.map(formatTrafficSelector).join(',')}`;
      this.log(`  new CHILD_SA for ${asked}`);
      const r = await this.childExchange(ctx, 'new CHILD_SA', { lead: [], esp, tsi, tsr: opts.tsr, ...(opts.group !== undefined ? { group: opts.group } : {}) });
      if (!r.ok) {
        this.facts.newChildren.push(`no CHILD_SA for ${asked} (${r.reason})`);
        return fail(0, `${r.reason} (asked for ${asked})`);
      }
      const { child, pfs } = r.value;
      const local = child.p.local.map(formatTrafficSelector);
      const remote = child.p.remote.map(formatTrafficSelector);
      // §2.9: the responder may narrow what was asked to what its policy allows.
      const narrowed = local.join(',') !== tsi.map(formatTrafficSelector).join(',') || remote.join(',') !== opts.tsr.map(formatTrafficSelector).join(',');
      this.facts.newChildren.push(`CHILD_SA ${child.spiInHex}_i${pfs ? ' (PFS)' : ''}${narrowed ? `, narrowed from ${asked}` : ''}`);
      return ok({ spiIn: child.spiInHex, spiOut: child.spiOutHex, proposal: child.p.label, pfs, tsLocal: local, tsRemote: remote, narrowed });
    });
  }

  /** Our side's selectors for a new CHILD_SA: the virtual IPs, else what the first CHILD_SA had. */
  private ourSelectors(): readonly TrafficSelector[] {
    const vips = [this.facts.vip4, this.facts.vip6].flatMap((a) => (a ? [hostSelector(a)!] : []));
    return vips.length > 0 ? vips : this.allChildren[0]?.p.local ?? [ALL_V4];
  }

  /**
   * Our CREATE_CHILD_SA for a CHILD_SA (RFC 7296 §1.3.1; a rekey leads with N(REKEY_SA),
   * §1.3.3): SA, Ni, KE when a proposal has a group (PFS: the keys take g^ir, §2.17), TSi, TSr;
   * one retry with the group an INVALID_KE_PAYLOAD names (§1.3). The answer's CHILD_SA is
   * installed; an error notify is the reason.
   */
  private async childExchange(ctx: SaContext, what: string, o: {
    lead: readonly Payload[]; esp: readonly ProposalSpec[]; tsi: readonly TrafficSelector[]; tsr: readonly TrafficSelector[]; group?: number;
    /** Told the error notifies when the gateway answers with no CHILD_SA (a rekey collision may expect that). */
    onRefused?: (why: string) => void;
  }): Promise<Decoded<{ child: ChildSa; pfs: boolean; nonces: Nonces }>> {
    const spiIn = newEspSpi();
    const pfs = o.esp.some((p) => p.dh.length > 0);
    const offered = o.esp.map((p, k) => toSaProposal(p, k + 1, ProtocolId.ESP, spiBytes(spiIn), { pfs }));
    let group = pfs ? o.group ?? o.esp.find((p) => p.dh.length > 0)!.dh[0]! : undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const dh = group !== undefined ? generateDh(group) : undefined;
      if (group !== undefined && !dh) return fail(0, `${what}: ${dhGroupName(group)} is not implemented`);
      const ni = new Uint8Array(randomBytes(32));
      const r = await this.request(ctx, ExchangeType.CREATE_CHILD_SA, [
        ...o.lead,
        { type: PayloadType.SA, proposals: offered },
        { type: PayloadType.NONCE, data: ni },
        ...(dh ? [{ type: PayloadType.KE, group: dh.group, data: dh.publicValue } as Payload] : []),
        { type: PayloadType.TSi, selectors: o.tsi },
        { type: PayloadType.TSr, selectors: o.tsr },
      ]);
      if (!r.ok) return r;
      const p = r.value.payloads;
      const invalid = notifies(p).find((x) => x.notifyType === NotifyType.INVALID_KE_PAYLOAD);
      if (invalid && invalid.decoded?.kind === 'invalid-ke' && attempt === 0 && o.esp.some((s) => s.dh.includes((invalid.decoded as { group: number }).group))) {
        group = invalid.decoded.group;
        this.facts.retries.push(`${what}: INVALID_KE_PAYLOAD -> ${dhGroupName(group)}`);
        continue;
      }
      const nr = find(p, PayloadType.NONCE);
      if (!nr) {
        const why = notifies(p).filter((x) => isErrorNotify(x.notifyType)).map((x) => notifyName(x.notifyType)).join(', ') || 'no Nr';
        o.onRefused?.(why);
        return fail(0, `${what} refused: ${why}`);
      }
      let gir: Uint8Array | undefined;
      if (dh) {
        const ke = find(p, PayloadType.KE);
        if (!ke || ke.group !== dh.group) return fail(0, `${what} response without the KE our PFS proposal asked for`);
        const s = dh.computeSecret(ke.data);
        if (!s.ok) return fail(0, `${what}: the gateway's KE: ${s.reason}`);
        gir = s.value;
      }
      const child = this.childFromResponse(ctx.sa, p, offered, spiIn, ni, nr.data, gir);
      return child.ok ? ok({ child: child.value, pfs: gir !== undefined, nonces: [ni, nr.data] as const }) : child;
    }
    return fail(0, `${what}: INVALID_KE_PAYLOAD twice`);
  }

  /** §1.4.1: INFORMATIONAL with D(ESP, our inbound SPI); the gateway answers with its own. */
  private async deleteChild(ctx: SaContext, child: ChildSa): Promise<Decoded<true>> {
    const r = await this.request(ctx, ExchangeType.INFORMATIONAL, [{ type: PayloadType.D, protocolId: ProtocolId.ESP, spiSize: 4, spis: [spiBytes(child.p.spiIn)] }]);
    this.dropChild(child);
    if (!r.ok) return r;
    this.log(`  CHILD_SA ${child.spiInHex}_i ${child.spiOutHex}_o deleted`);
    return ok(true);
  }

  private dropChild(child: ChildSa): void {
    const k = this.children.indexOf(child);
    if (k >= 0) this.children.splice(k, 1);
  }

  /**
   * Rekeys the IKE_SA (RFC 7296 §1.3.2, §2.18): CREATE_CHILD_SA with SA (our new SPI), Ni and
   * KE of the negotiated group; the CHILD_SAs move to the new IKE_SA; the old one is deleted.
   */
  rekeyIke(): Promise<Decoded<true>> {
    return this.enqueue(() => this.ikeCollisions.run(async () => {
      const ctx = this.current;
      if (!ctx || this.ended) return fail(0, 'no IKE_SA to rekey');
      this.ikeCollisions.begin(ctx);
      const newIspi = new Uint8Array(randomBytes(8));
      const offered = this.o.ike.map((p, i) => toSaProposal(p, i + 1, ProtocolId.IKE, newIspi));
      let group = ctx.sa.p.dh;
      for (let attempt = 0; attempt < 2; attempt++) {
        const dh = generateDh(group)!;
        const ni = new Uint8Array(randomBytes(32));
        const r = await this.request(ctx, ExchangeType.CREATE_CHILD_SA, [
          { type: PayloadType.SA, proposals: offered },
          { type: PayloadType.NONCE, data: ni },
          { type: PayloadType.KE, group, data: dh.publicValue },
        ]);
        if (!r.ok) return r;
        const p = r.value.payloads;
        const invalid = notifies(p).find((x) => x.notifyType === NotifyType.INVALID_KE_PAYLOAD);
        if (invalid?.decoded?.kind === 'invalid-ke' && attempt === 0 && this.o.ike.some((s) => s.dh.includes((invalid.decoded as { group: number }).group))) {
          group = invalid.decoded.group;
          this.facts.retries.push(`IKE_SA rekey: INVALID_KE_PAYLOAD -> ${dhGroupName(group)}`);
          continue;
        }
        const sa = find(p, PayloadType.SA);
        const nr = find(p, PayloadType.NONCE);
        const ke = find(p, PayloadType.KE);
        const theirs = this.ikeCollisions.crossing;
        if ((!sa || !nr || !ke) && theirs) {
          // §2.8.2: a gateway that finished its rekey of this IKE_SA first refuses ours
          // (TEMPORARY_FAILURE, "an IKE SA that it is currently trying to close"); its new one carries on.
          this.log(`  IKE_SA rekey collision: the gateway refused ours (${notifies(p).map((x) => notifyName(x.notifyType)).join(', ')}); its IKE_SA ${hex(theirs.sa.p.ispi)}_i carries on`);
          return ok(true);
        }
        if (!sa || !nr || !ke) return fail(0, `IKE_SA rekey refused: ${notifies(p).filter((x) => isErrorNotify(x.notifyType)).map((x) => notifyName(x.notifyType)).join(', ') || 'SA, Nr or KE missing'}`);
        const chosen = acceptChosen(offered, sa.proposals, ProtocolId.IKE);
        if (!chosen.ok) return fail(0, `IKE_SA rekey: ${chosen.reason}`);
        const n = chosen.value;
        if (n.spi.length !== 8) return fail(0, `IKE_SA rekey: the gateway's new SPI has ${n.spi.length} octets, not 8`);
        if (ke.group !== group || n.dh !== group) return fail(0, `IKE_SA rekey: the gateway answered with ${dhGroupName(ke.group)}, our KE is ${dhGroupName(group)}`);
        const gir = dh.computeSecret(ke.data);
        if (!gir.ok) return fail(0, `IKE_SA rekey: the gateway's KE: ${gir.reason}`);
        const keys = deriveIkeKeys(n.prf!, ni, nr.data, gir.value, newIspi, n.spi, n.encr, n.integ, { prf: ctx.sa.p.prf, skD: ctx.sa.p.keys.skD });
        const next = this.addSa(new IkeSa({ ispi: newIspi, rspi: n.spi, encr: n.encr, ...(n.integ ? { integ: n.integ } : {}), prf: n.prf!, dh: group, keys, initiator: true }));
        ctx.successor = next;
        this.facts.ikeProposal = n.label;
        this.facts.rekeys.push(`IKE_SA ${hex(ctx.sa.p.ispi)}_i -> ${hex(newIspi)}_i (ours)`);
        this.log(`  IKE_SA ${hex(newIspi)}_i ${hex(n.spi)}_r established by rekeying ${hex(ctx.sa.p.ispi)}_i: ${n.label}`);
        const collision = this.ikeCollisions.settle([ni, nr.data]);
        if (collision) return this.settleIkeCollision(ctx, next, collision);
        const d = await this.request(ctx, ExchangeType.INFORMATIONAL, [{ type: PayloadType.D, protocolId: ProtocolId.IKE, spiSize: 0, spis: [] }]);
        if (!d.ok) return fail(0, `deleting the rekeyed IKE_SA: ${d.reason}`);
        this.log(`  IKE_SA ${hex(ctx.sa.p.ispi)}_i ${hex(ctx.sa.p.rspi)}_r deleted`);
        return ok(true);
      }
      return fail(0, 'IKE_SA rekey: INVALID_KE_PAYLOAD twice');
    }));
  }

  /**
   * RFC 7296 §2.8.2, both rekeys of the IKE_SA `old` done: "The new IKE SA containing the lowest
   * nonce SHOULD be deleted by the node that created it, and the other surviving new IKE SA MUST
   * inherit all the Child SAs"; as with CHILD_SAs (§2.8.1) the initiator of the survivor deletes
   * the old one. The loser deletes only its redundant SA and waits for the winner's DELETE of
   * the old one. Our CHILD_SAs belong to the session, so inheriting them is using the survivor.
   */
  private async settleIkeCollision(old: SaContext, ours: SaContext, c: Collision<SaContext>): Promise<Decoded<true>> {
    const [redundant, survivor] = c.redundant === 'ours' ? [ours, c.theirs] : [c.theirs, ours];
    this.current = survivor;
    // Their DELETEs end nothing: the survivor carries the session (§2.18).
    old.successor = survivor;
    redundant.successor = survivor;
    const id = (x: SaContext) => `${hex(x.sa.p.ispi)}_i`;
    this.facts.rekeys.push(`IKE_SA collision: ${id(redundant)} (${c.redundant}) has the lowest nonce and is redundant, ${id(survivor)} survives (RFC 7296 §2.8.2)`);
    if (c.redundant === 'ours') {
      this.log(`  IKE_SA rekey collision lost: our ${id(ours)} is redundant, deleting it; the gateway deletes ${id(old)}`);
      const d = await this.request(ours, ExchangeType.INFORMATIONAL, [{ type: PayloadType.D, protocolId: ProtocolId.IKE, spiSize: 0, spis: [] }]);
      if (!d.ok) return fail(0, `deleting our redundant IKE_SA: ${d.reason}`);
      this.log(`  IKE_SA ${id(ours)} ${hex(ours.sa.p.rspi)}_r deleted`);
      return ok(true);
    }
    this.log(`  IKE_SA rekey collision won: the gateway deletes its redundant ${id(c.theirs)}; deleting the old ${id(old)}`);
    const d = await this.request(old, ExchangeType.INFORMATIONAL, [{ type: PayloadType.D, protocolId: ProtocolId.IKE, spiSize: 0, spis: [] }]);
    if (!d.ok) return fail(0, `deleting the rekeyed IKE_SA: ${d.reason}`);
    this.log(`  IKE_SA ${id(old)} ${hex(old.sa.p.rspi)}_r deleted`);
    return ok(true);
  }

  /**
   * RFC 4555 §3.5: our address changed to `ip`. From the new address, INFORMATIONAL with
   * N(UPDATE_SA_ADDRESSES), fresh NAT detection (forced encapsulation as at the start) and
   * N(COOKIE2), which the gateway must echo (§3.8); the SAs keep their SPIs.
   */
  moveTo(ip: string): Promise<Decoded<true>> {
    return this.enqueue(async () => {
      const ctx = this.current;
      if (!ctx || this.ended) return fail(0, 'no IKE_SA to move');
      if (!this.facts.mobike) return fail(0, 'MOBIKE was not negotiated (both sides must send MOBIKE_SUPPORTED), so the IKE_SA cannot move');
      const from = this.transport.local.ip;
      try {
        await this.transport.move(ip);
      } catch (e) {
        return fail(0, `cannot send from ${ip}: ${(e as Error).message}`);
      }
      const { ispi, rspi } = ctx.sa.p;
      const cookie2 = new Uint8Array(randomBytes(16));
      const src = this.o.fakeNat ? natHash(ispi, rspi, { ip: '0.0.0.0', port: 0 }) : natHash(ispi, rspi, this.transport.local);
      const r = await this.request(ctx, ExchangeType.INFORMATIONAL, [
        makeNotify(NotifyType.UPDATE_SA_ADDRESSES),
        makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, src),
        makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(ispi, rspi, this.transport.remote)),
        makeNotify(NotifyType.COOKIE2, cookie2),
        makeNotify(NotifyType.NO_ADDITIONAL_ADDRESSES),
      ]);
      if (!r.ok) return fail(0, `UPDATE_SA_ADDRESSES: ${r.reason}`);
      const ns = notifies(r.value.payloads);
      const err = ns.find((x) => isErrorNotify(x.notifyType));
      if (err) return fail(0, `the gateway refused the address update: ${notifyName(err.notifyType)}`);
      const echo = ns.find((x) => x.notifyType === NotifyType.COOKIE2);
      // §3.8: "the responder MUST ... copy the COOKIE2 notification to the response".
      if (!echo || hex(echo.data) !== hex(cookie2)) return fail(0, 'the gateway did not echo our COOKIE2 (RFC 4555 §3.8)');
      this.facts.moves.push(`${from} -> ${ip}`);
      this.log(`  IKE_SA moved from ${from} to ${ip} (MOBIKE)`);
      return ok(true);
    });
  }

  /** A liveness check of ours (§1.4: an empty INFORMATIONAL request). */
  dpd(): Promise<Decoded<true>> {
    return this.enqueue(async () => {
      if (!this.current || this.ended) return fail(0, 'no IKE_SA');
      const r = await this.request(this.current, ExchangeType.INFORMATIONAL, []);
      return r.ok ? ok(true) : fail(0, `liveness check: ${r.reason}`);
    });
  }

  // ------------------------------------------------------------------ requests from the gateway

  private async answer(ctx: SaContext, incoming: Incoming, header: IkeHeader): Promise<void> {
    const w = ctx.window;
    const { messageId, exchangeType } = header;
    // §2.2: a retransmitted request gets the same response again.
    if (w.lastResponse && messageId === w.lastResponse.messageId) {
      for (const b of w.lastResponse.datagrams) this.transport.sendIke(b);
      return;
    }
    if (messageId !== w.expectedPeerId) return this.log(`ignored a gateway request with Message ID ${messageId} (expected ${w.expectedPeerId})`);
    const r = incoming instanceof Uint8Array ? ctx.sa.open(incoming) : ok(incoming);
    if (!r.ok) return this.log(`dropped a gateway request: ${r.reason}`);
    const p = r.value.payloads;
    const name = exchangeName(exchangeType);
    this.log(`< ${name} request ${messageId} [ ${labels(p, true)} ]`);
    let response: Payload[] = [];
    let endAfter: string | undefined;
    if (exchangeType === ExchangeType.INFORMATIONAL) {
      for (const d of deletes(p)) {
        if (d.protocolId === ProtocolId.IKE) {
          // A rekeyed IKE_SA's deletion ends nothing: its successor carries on (§2.18).
          this.facts.gatewayDeletes++;
          // §2.8.2: the gateway's new IKE_SA of a collision not yet settled may be its redundant one.
          if (!ctx.successor && this.ikeCollisions.crossing !== ctx) endAfter = 'the gateway deleted the IKE_SA';
          else this.log(`  IKE_SA ${hex(ctx.sa.p.ispi)}_i ${hex(ctx.sa.p.rspi)}_r deleted by the gateway (rekeyed)`);
        } else if (d.protocolId === ProtocolId.ESP) {
          // §1.4.1: answer with the SPIs of our inbound SAs of the pairs deleted.
          const ours: Uint8Array[] = [];
          for (const spi of d.spis) {
            const c = this.children.find((x) => x.p.spiOut === spiNumber(spi));
            if (!c) continue;
            this.dropChild(c);
            this.facts.gatewayDeletes++;
            ours.push(spiBytes(c.p.spiIn));
            this.log(`  CHILD_SA ${c.spiInHex}_i ${c.spiOutHex}_o deleted by the gateway`);
          }
          if (ours.length > 0) response.push({ type: PayloadType.D, protocolId: ProtocolId.ESP, spiSize: 4, spis: ours });
        }
      }
      if (p.length === 0) this.log('  liveness check (DPD) from the gateway');
    } else if (exchangeType === ExchangeType.CREATE_CHILD_SA) {
      response = this.answerCreateChildSa(ctx, p);
    } else {
      // §1.5: an unexpected exchange in a known IKE_SA is answered, not acted on.
      response = [makeNotify(NotifyType.INVALID_SYNTAX)];
    }
    const out = this.datagrams(ctx, exchangeType, messageId, true, response);
    w.lastResponse = { messageId, datagrams: out };
    w.expectedPeerId = messageId + 1;
    this.log(`> ${name} response ${messageId} [ ${labels(response, false)} ]`);
    for (const b of out) this.transport.sendIke(b);
    if (endAfter) this.end(endAfter);
  }

  /** A CREATE_CHILD_SA the gateway initiates: a CHILD_SA rekey (N(REKEY_SA)), a new CHILD_SA, or an IKE_SA rekey. */
  private answerCreateChildSa(ctx: SaContext, p: readonly Payload[]): Payload[] {
    const sa = find(p, PayloadType.SA);
    const ni = find(p, PayloadType.NONCE);
    const ke = find(p, PayloadType.KE);
    if (!sa || !ni) return [makeNotify(NotifyType.INVALID_SYNTAX)];
    const nr = new Uint8Array(randomBytes(32));
    const isIke = sa.proposals.some((x) => x.protocolId === ProtocolId.IKE);
    const rekeySa = notifies(p).some((x) => x.notifyType === NotifyType.REKEY_SA);
    const quirk = this.o.profile.answerCreateChildSa?.({
      kind: isIke ? 'ike-rekey' : rekeySa ? 'child-rekey' : 'new-child',
      behindNat: this.facts.natLocal === true,
      negotiatedGroup: ctx.sa.p.dh,
      ...(ke ? { keGroup: ke.group } : {}),
    });
    if (quirk) {
      this.log(`  ${this.o.profile.name} refuses this CREATE_CHILD_SA as the real client does`);
      return quirk;
    }
    if (isIke) {
      // §1.3.2: "SA, Ni, KEi" with the new SPI in the proposal.
      if (!ke) return [makeNotify(NotifyType.INVALID_SYNTAX)];
      const sel = selectProposal(sa.proposals, this.o.ike, ProtocolId.IKE, ke.group);
      if (!sel.ok) return [makeNotify(NotifyType.NO_PROPOSAL_CHOSEN)];
      if (sel.value.kind === 'invalid-ke') {
        this.log(`  IKE_SA rekey with ${dhGroupName(ke.group)}: answered INVALID_KE_PAYLOAD ${dhGroupName(sel.value.group)}`);
        return [makeNotify(NotifyType.INVALID_KE_PAYLOAD, groupBytes(sel.value.group))];
      }
      const { proposal, negotiated: n } = sel.value;
      if (proposal.spi.length !== 8) return [makeNotify(NotifyType.INVALID_SYNTAX)];
      const dh = generateDh(ke.group)!;
      const gir = dh.computeSecret(ke.data);
      if (!gir.ok) return [makeNotify(NotifyType.INVALID_SYNTAX)];
      const ourSpi = new Uint8Array(randomBytes(8));
      // §2.18: the peer that initiated the rekey is the new IKE_SA's initiator; its Ni comes first.
      const keys = deriveIkeKeys(n.prf!, ni.data, nr, gir.value, proposal.spi, ourSpi, n.encr, n.integ, { prf: ctx.sa.p.prf, skD: ctx.sa.p.keys.skD });
      const next = this.addSa(new IkeSa({ ispi: proposal.spi, rspi: ourSpi, encr: n.encr, ...(n.integ ? { integ: n.integ } : {}), prf: n.prf!, dh: ke.group, keys, initiator: false }));
      ctx.successor = next;
      this.facts.ikeProposal = n.label;
      this.facts.rekeys.push(`IKE_SA ${hex(ctx.sa.p.ispi)}_i -> ${hex(proposal.spi)}_i (the gateway's)`);
      this.log(`  IKE_SA ${hex(proposal.spi)}_i ${hex(ourSpi)}_r established by the gateway's rekey: ${n.label}`);
      if (this.ikeCollisions.crossed(ctx, next, [ni.data, nr])) {
        this.log(`  IKE_SA rekey collision: the gateway rekeys ${hex(ctx.sa.p.ispi)}_i as we do (RFC 7296 §2.8.2); answered, settled when ours is done`);
      }
      return [
        { type: PayloadType.SA, proposals: [{ ...proposal, spi: ourSpi }] },
        { type: PayloadType.NONCE, data: nr },
        { type: PayloadType.KE, group: ke.group, data: dh.publicValue },
      ];
    }
    const tsi = find(p, PayloadType.TSi);
    const tsr = find(p, PayloadType.TSr);
    if (!tsi || !tsr) return [makeNotify(NotifyType.INVALID_SYNTAX)];
    const rekey = notifies(p).find((x) => x.notifyType === NotifyType.REKEY_SA);
    const old = rekey ? this.children.find((c) => c.p.spiOut === spiNumber(rekey.spi) || c.p.spiIn === spiNumber(rekey.spi)) : undefined;
    if (rekey && !old) return [makeNotify(NotifyType.CHILD_SA_NOT_FOUND, new Uint8Array(0), { protocolId: ProtocolId.ESP, spi: rekey.spi })];
    const specs = ke ? this.o.esp.map((s) => (s.dh.length > 0 ? s : { ...s, dh: this.o.ike.flatMap((i) => i.dh) })) : this.o.esp;
    const sel = selectProposal(sa.proposals, specs, ProtocolId.ESP, ke?.group);
    if (!sel.ok) return [makeNotify(NotifyType.NO_PROPOSAL_CHOSEN)];
    if (sel.value.kind === 'invalid-ke') return [makeNotify(NotifyType.INVALID_KE_PAYLOAD, groupBytes(sel.value.group))];
    const { proposal, negotiated: n } = sel.value;
    if (proposal.spi.length !== 4) return [makeNotify(NotifyType.INVALID_SYNTAX)];
    let dh: DhKeyPair | undefined;
    let gir: Uint8Array | undefined;
    // A KE goes with a proposal that has a group; with one chosen that has none, the request's
    // KE is ignored and none is returned (the exchange is without PFS), as strongSwan does.
    if (ke && n.dh !== undefined) {
      dh = generateDh(ke.group);
      const s = dh?.computeSecret(ke.data);
      if (!dh || !s?.ok) return [makeNotify(NotifyType.INVALID_SYNTAX)];
      gir = s.value;
    }
    const spiIn = newEspSpi();
    const created = this.installChild(ctx.sa, n, spiIn, spiNumber(proposal.spi), ni.data, nr, false, tsi.selectors, tsr.selectors, gir);
    if (old && this.childCollisions.crossed(old, created, [ni.data, nr])) {
      this.log(`  CHILD_SA rekey collision: the gateway rekeys ${old.spiInHex}_i as we do (RFC 7296 §2.8.1); answered, settled when ours is done`);
    }
    if (old) this.facts.rekeys.push(`CHILD_SA ${old.spiInHex}_i -> ${spiIn.toString(16).padStart(8, '0')}_i (the gateway's${gir ? ', PFS' : ''})`);
    return [
      { type: PayloadType.SA, proposals: [{ ...proposal, spi: spiBytes(spiIn) }] },
      { type: PayloadType.NONCE, data: nr },
      ...(dh ? [{ type: PayloadType.KE, group: dh.group, data: dh.publicValue } as Payload] : []),
      { type: PayloadType.TSi, selectors: tsi.selectors },
      { type: PayloadType.TSr, selectors: tsr.selectors },
    ];
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.endedReason = reason;
    this.log(`  ${reason}`);
    for (const f of this.ended$.splice(0)) f();
  }

  // ------------------------------------------------------------------ traffic

  /** ICMP echo requests through the newest CHILD_SA whose TSr covers the target; replies counted as they come back. */
  async ping(target: string, count: number, intervalMs = 500, waitMs = 2000): Promise<Decoded<PingResult>> {
    const dst = parseAddress(target);
    if (!dst) return fail(0, `--ping ${target} is not an address`);
    const v6 = dst.length === 16;
    const srcText = v6 ? this.facts.vip6 : (this.facts.vip4 ?? this.transport.local.ip);
    const src = srcText ? parseAddress(srcText) : undefined;
    if (!src || src.length !== dst.length) return fail(0, `no ${v6 ? 'IPv6' : 'IPv4'} source address inside the tunnel to ping ${target} from`);
    const identifier = randomBytes(2).readUInt16BE(0);
    const base = this.pingSeq;
    this.pingSeq += count;
    const rtts: number[] = [];
    let sent = 0;
    const waits: Promise<void>[] = [];
    for (let k = 1; k <= count && !this.ended && !this.o.abort?.aborted; k++) {
      const seq = base + k;
      // RFC 4301 §4.4.1: the SA whose selectors match the packet; the newest if none does.
      const child = [...this.children].reverse().find((c) => selectorsCover(c.p.remote, dst)) ?? this.child;
      if (!child) return fail(0, 'no CHILD_SA to ping through');
      const started = performance.now();
      waits.push(new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.echoWaiters.delete(seq); this.log(`  ping ${target} seq ${seq}: no reply`); resolve(); }, waitMs);
        this.echoWaiters.set(seq, () => {
          clearTimeout(timer);
          this.echoWaiters.delete(seq);
          const rtt = performance.now() - started;
          rtts.push(rtt);
          this.log(`  ping ${target} seq ${seq}: reply in ${rtt.toFixed(1)} ms (CHILD_SA ${child.spiInHex}_i)`);
          resolve();
        });
      }));
      const packet = echoRequest(src, dst, identifier, seq, new TextEncoder().encode(`ikescope ping ${seq}`));
      this.transport.sendEsp(child.seal(packet));
      sent++;
      if (k < count) await sleep(intervalMs, this.o.abort);
    }
    await Promise.all(waits);
    return ok({ sent, received: rtts.length, rtts });
  }
  private pingSeq = 0;

  /**
   * Waits `ms`, answering the gateway; meanwhile our own timers: rekeys after the given
   * seconds, liveness checks after `dpd` seconds without a message from the gateway, NAT-T
   * keepalives (RFC 3948 §4) every `keepalive` seconds when we are behind a NAT. Ends early when
   * the session ends or is interrupted; resolves with the first failure of our own requests.
   */
  async hold(ms: number, o: { rekeyChildAfter?: number; rekeyIkeAfter?: number; dpd?: number; keepalive?: number; moveTo?: { ip: string; after: number } } = {}): Promise<Decoded<true>> {
    if (this.ended) return ok(true);
    let failure: string | undefined;
    const timers: NodeJS.Timeout[] = [];
    const note = (r: Decoded<true>) => { if (!r.ok) failure ??= r.reason; };
    // The client's own rekey time (Windows: 58 min 46 s, seed 000) unless the caller sets one.
    const childAfter = o.rekeyChildAfter ?? this.o.profile.childRekeySeconds;
    if (childAfter !== undefined) timers.push(setTimeout(() => void this.rekeyChild().then(note), childAfter * 1000));
    if (o.rekeyIkeAfter !== undefined) timers.push(setTimeout(() => void this.rekeyIke().then(note), o.rekeyIkeAfter * 1000));
    if (o.moveTo) { const m = o.moveTo; timers.push(setTimeout(() => void this.moveTo(m.ip).then(note), m.after * 1000)); }
    if (o.dpd !== undefined) {
      timers.push(setInterval(() => {
        if (Date.now() - this.lastHeard >= o.dpd! * 1000) void this.dpd().then(note);
      }, o.dpd * 1000));
    }
    if (this.facts.natLocal) {
      timers.push(setInterval(() => {
        this.transport.sendKeepalive();
        this.log('  NAT-T keepalive');
      }, (o.keepalive ?? 20) * 1000));
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      timers.push(t);
      this.ended$.push(resolve);
      this.o.abort?.addEventListener('abort', () => resolve());
    });
    for (const t of timers) clearTimeout(t);
    // Requests under way (a rekey) finish before the caller goes on.
    await this.queue;
    return failure ? fail(0, failure) : ok(true);
  }

  /** Orderly shutdown: INFORMATIONAL with D(IKE) (§1.4.1), then the sockets close. */
  async close(): Promise<Decoded<true>> {
    let r: Decoded<true> = ok(true);
    if (this.established && !this.ended && this.transport) {
      const d = await this.enqueue(async () => {
        this.ended = true;
        return this.request(this.current!, ExchangeType.INFORMATIONAL, [{ type: PayloadType.D, protocolId: ProtocolId.IKE, spiSize: 0, spis: [] }]);
      });
      r = d.ok ? ok(true) : fail(0, `DELETE: ${d.reason}`);
      // The IKE_SA the session runs on: after a rekey collision (§2.8.2) not the newest one.
      if (d.ok) this.log(`  IKE_SA ${hex(this.current!.sa.p.ispi)}_i ${hex(this.current!.sa.p.rspi)}_r deleted`);
    }
    this.transport?.close();
    return r;
  }

  // ------------------------------------------------------------------ key log

  /** Every key of this session in the project's key model (src/keys), for --keylog. */
  keyStore(): KeyStore {
    const ike: IkeSaKeySet[] = this.sas.map(({ sa }) => {
      const { keys: k, encr, integ, prf, ispi, rspi } = sa.p;
      return {
        source: 'ikescope connect', ispi: hex(ispi), rspi: hex(rspi),
        encr: encrRefFromKeyBytes(encr.id, encr.keyBytes) ?? { id: encr.id },
        integ: integ ? { kind: 'transform', ref: { id: integ.id } } : { kind: 'none' },
        prf: { id: prf.id },
        skD: k.skD, skEi: k.skEi, skEr: k.skEr, skAi: k.skAi, skAr: k.skAr, skPi: k.skPi, skPr: k.skPr,
      };
    });
    const esp: EspSaKeySet[] = [];
    for (const c of this.allChildren) {
      for (const [spi, keys] of [[c.p.spiIn, c.keys.inbound], [c.p.spiOut, c.keys.outbound]] as const) {
        esp.push({
          source: 'ikescope connect', spi,
          encr: encrRefFromKeyBytes(keys.encr.id, keys.encr.keyBytes) ?? { id: keys.encr.id },
          integ: keys.integ ? { kind: 'transform', ref: { id: keys.integ.id } } : { kind: 'none' },
          encrKey: keys.encrKey, ...(keys.integKey ? { integKey: keys.integKey } : {}), esn: keys.esn === true,
        });
      }
    }
    return { ike, esp, sources: ['ikescope connect'] };
  }
}
