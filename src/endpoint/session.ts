/**
 * The reference initiator: one IKE_SA to a gateway, its CHILD_SAs, and the traffic through
 * them. The exchanges follow RFC 7296 §1.2-§1.4 (IKE_SA_INIT, IKE_AUTH with a CP request and
 * the first CHILD_SA, INFORMATIONAL); every message it sends and receives goes through the
 * project's codec (src/ikev2) and crypto (src/crypto, src/esp).
 *
 * ESP is always UDP-encapsulated (RFC 3948), even where no NAT is on the path: Node has no raw
 * socket for IP protocol 50, and the lab's gateway (strongSwan's kernel-libipsec) cannot send
 * raw ESP either. Like strongSwan's `encap = yes`, the initiator forces the encapsulation by
 * sending a NAT_DETECTION_SOURCE_IP hash that matches no address (RFC 7296 §2.23 lets the
 * responder conclude only "the initiator is behind a NAT"), so the gateway floats to 4500 and
 * encapsulates. `fakeNat: false` sends the true hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eapAuthKey, macedId, sharedKeyAuth, signedOctets, verifySharedKeyAuth } from '../crypto/auth.js';
import { generateDh, type DhKeyPair } from '../crypto/dh.js';
import { deriveIkeKeys } from '../crypto/keymat.js';
import { concatBytes } from '../crypto/bytes.js';
import { parseIp as parseAddress } from '../net/address.js';
import { echoRequest, parseEchoReply } from '../net/build.js';
import { parseHeader } from '../ikev2/header.js';
import { parseMessage, serializeMessage } from '../ikev2/message.js';
import { isRaw, serializePayloadBody, type KnownPayload, type Payload, type PayloadOf } from '../ikev2/payload.js';
import { makeId, type IdPayload } from '../ikev2/payloads/id.js';
import { makeNotify, type NotifyPayload } from '../ikev2/payloads/notify.js';
import { makeCpAttribute, type CpPayload } from '../ikev2/payloads/cp.js';
import { formatTrafficSelector, type TrafficSelector, type TsPayload } from '../ikev2/payloads/ts.js';
import type { Proposal, SaPayload } from '../ikev2/payloads/sa.js';
import {
  AuthMethod, CfgType, CpAttributeType, dhGroupName, exchangeName, ExchangeType, IdType, isErrorNotify,
  notifyName, NotifyType, PayloadType, ProtocolId, TsType,
} from '../ikev2/registry/index.js';
import { hex } from '../ikev2/bytes.js';
import { labelPayloads } from '../ikev2/notation.js';
import { encrRefFromKeyBytes } from '../keys/algorithms.js';
import type { IkeSaKeySet, EspSaKeySet, KeyStore } from '../keys/model.js';
import { fail, ok, type Decoded } from '../problem.js';
import { ChildSa, childKeys } from './child-sa.js';
import { DEFAULT_RETRANSMITS, RequestWindow } from './exchanges.js';
import { IkeSa, type Opened } from './ike-sa.js';
import { acceptChosen, toSaProposal, type Negotiated, type ProposalSpec } from './proposals.js';
import { UdpTransport, type Addr, type Datagram } from './transport.js';
import type { SessionCapture } from './capture.js';

export type Credentials =
  | { readonly method: 'psk'; readonly secret: Uint8Array };

export interface SessionOptions {
  readonly gateway: string;
  readonly localIp?: string;
  /** Our identity (IDi): an address, user@domain (RFC822) or a name (FQDN); our address when absent. */
  readonly identity?: string;
  /** The gateway's identity to send as IDr; omitted when absent. */
  readonly remoteIdentity?: string;
  readonly credentials: Credentials;
  readonly ike: readonly ProposalSpec[];
  readonly esp: readonly ProposalSpec[];
  readonly virtualIp: { readonly v4: boolean; readonly v6: boolean };
  /** Force UDP encapsulation with a false NAT_DETECTION_SOURCE_IP (see the top of this file). */
  readonly fakeNat: boolean;
  readonly retransmits?: readonly number[];
  readonly capture?: SessionCapture;
  /** One line per event (exchanges as they happen); never a secret. */
  readonly log: (line: string) => void;
  readonly abort?: AbortSignal;
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
}

/** An identity string as the ID payload type it reads as. */
export function identityPayload(type: typeof PayloadType.IDi | typeof PayloadType.IDr, id: string): IdPayload {
  const ip = parseAddress(id);
  if (ip) return makeId(type, ip.length === 4 ? IdType.ID_IPV4_ADDR : IdType.ID_IPV6_ADDR, id);
  return makeId(type, id.includes('@') ? IdType.ID_RFC822_ADDR : IdType.ID_FQDN, id);
}

/** The first payload of `type`. IDi/IDr and TSi/TSr share one value type each, hence the `Extract` on a union member. */
const find = <T extends KnownPayload['type']>(payloads: readonly Payload[], type: T): Extract<KnownPayload, { type: T | (T extends 35 | 36 ? 35 | 36 : T extends 44 | 45 ? 44 | 45 : never) }> | undefined =>
  payloads.find((p) => !isRaw(p) && p.type === type) as never;
const notifies = (payloads: readonly Payload[]): NotifyPayload[] =>
  payloads.filter((p): p is NotifyPayload => !isRaw(p) && p.type === PayloadType.N);

const ALL_V4: TrafficSelector = { tsType: TsType.TS_IPV4_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '0.0.0.0', endAddress: '255.255.255.255' };
const ALL_V6: TrafficSelector = { tsType: TsType.TS_IPV6_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '::', endAddress: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' };

function natHash(ispi: Uint8Array, rspi: Uint8Array, a: Addr): Uint8Array {
  // RFC 7296 §2.23: SHA-1(SPIi | SPIr | IP | Port).
  const port = new Uint8Array([a.port >> 8, a.port & 0xff]);
  return new Uint8Array(createHash('sha1').update(concatBytes(ispi, rspi, parseAddress(a.ip) ?? new Uint8Array(0), port)).digest());
}

const sleep = (ms: number, abort?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); abort?.removeEventListener('abort', done); resolve(); }
    abort?.addEventListener('abort', done);
  });

export class Session {
  private transport!: UdpTransport;
  private window!: RequestWindow;
  private ike: IkeSa | undefined;
  private ispi = new Uint8Array(randomBytes(8));
  private readonly children: ChildSa[] = [];
  /** Every CHILD_SA ever installed, deleted ones included (their ESP is in the capture, so their keys go in the key log). */
  private readonly allChildren: ChildSa[] = [];
  private readonly echoWaiters = new Map<number, (rtt: number) => void>();
  private endedReason: string | undefined;
  private ended = false;
  /** IKE_AUTH done: only then is there an IKE_SA to delete (RFC 7296 §2.21.2). */
  private established = false;
  private readonly ended$: Array<() => void> = [];
  /** What the summary tells. */
  readonly facts: {
    ikeProposal?: string; childProposal?: string; vip4?: string; vip6?: string; dns: string[];
    natLocal?: boolean; natRemote?: boolean; ikeSpis?: string; childSpis?: string[]; peerId?: string;
    tsI?: string[]; tsR?: string[]; retries: string[];
  } = { dns: [], retries: [] };

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

  // ------------------------------------------------------------------ transport

  private async openTransport(): Promise<Decoded<true>> {
    try {
      this.transport = await UdpTransport.open({
        gateway: this.o.gateway,
        ...(this.o.localIp ? { localIp: this.o.localIp } : {}),
        ...(this.o.capture ? { capture: this.o.capture } : {}),
        onDatagram: (d) => this.receive(d),
        onError: (m) => this.log(`socket: ${m}`),
      });
    } catch (e) {
      return fail(0, `cannot open a UDP socket to ${this.o.gateway}: ${(e as Error).message}`);
    }
    this.window = new RequestWindow((b) => this.transport.sendIke(b), this.o.retransmits ?? DEFAULT_RETRANSMITS, (l) => this.log(l));
    return ok(true);
  }

  private receive(d: Datagram): void {
    try {
      if (d.kind === 'keepalive') return;
      if (d.kind === 'esp') return this.receiveEsp(d.bytes);
      const h = parseHeader(d.bytes);
      if (!h.ok) return this.log(`dropped a datagram that is no IKE message: ${h.reason}`);
      const header = h.value;
      if (hex(header.ispi) !== hex(this.ispi)) return;
      if (header.response) this.window.response(d.bytes, header);
      else void this.answer(d.bytes, header.messageId, header.exchangeType);
    } catch (e) {
      // Every decoder returns errors as values; this guards the socket callback against a defect.
      this.log(`dropped a datagram: ${(e as Error).message}`);
    }
  }

  private receiveEsp(bytes: Uint8Array): void {
    if (bytes.length < 8) return;
    const spi = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    const child = this.children.find((c) => c.p.spiIn === spi);
    if (!child) return this.log(`ESP for unknown SPI ${spi.toString(16).padStart(8, '0')} dropped`);
    const r = child.open(bytes);
    if (!r.ok) return this.log(`ESP packet dropped: ${r.reason}`);
    const reply = parseEchoReply(r.value.payload);
    if (reply) this.echoWaiters.get(reply.sequence)?.(0);
  }

  // ------------------------------------------------------------------ IKE_SA_INIT

  private async init(): Promise<Decoded<InitResult & { negotiated: Negotiated; dh: DhKeyPair; rspi: Uint8Array; peerKe: Uint8Array }>> {
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
      const payloads: Payload[] = [
        ...(cookie ? [makeNotify(NotifyType.COOKIE, cookie)] : []),
        { type: PayloadType.SA, proposals: offered } satisfies SaPayload,
        { type: PayloadType.KE, group, data: dh.publicValue },
        { type: PayloadType.NONCE, data: ni },
        makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, srcHash),
        makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(this.ispi, zero, this.transport.remote)),
        makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
        // RFC 7427 §4: SHA2-256, SHA2-384, SHA2-512.
        makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, new Uint8Array([0, 2, 0, 3, 0, 4])),
      ];
      const request = serializeMessage({
        header: { ispi: this.ispi, rspi: zero, exchangeType: ExchangeType.IKE_SA_INIT, messageId: 0, initiator: true },
        payloads,
      });
      this.log(`> IKE_SA_INIT request 0 [ ${labels(payloads, true)} ] ${dhGroupName(group)}`);
      const r = await this.window.transact(request, 0, ExchangeType.IKE_SA_INIT, (raw) => {
        const m = parseMessage(raw);
        if (!m.ok) return fail<{ raw: Uint8Array; payloads: readonly Payload[]; rspi: Uint8Array }>(m.offset, m.reason);
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
      return ok({ ni, nr: nr.data, request, response: resp.raw, negotiated: chosen.value, dh, rspi: resp.rspi, peerKe: ke.data });
    }
    return fail(0, 'IKE_SA_INIT: too many COOKIE / INVALID_KE_PAYLOAD retries');
  }

  // ------------------------------------------------------------------ IKE_AUTH

  /** IKE_SA_INIT and IKE_AUTH: the IKE_SA and its first CHILD_SA. */
  async connect(): Promise<Decoded<true>> {
    const t = await this.openTransport();
    if (!t.ok) return t;
    const i = await this.init();
    if (!i.ok) return i;
    const { negotiated: n, dh, rspi } = i.value;
    const gir = dh.computeSecret(i.value.peerKe);
    if (!gir.ok) return fail(0, `the gateway's KE: ${gir.reason}`);
    const keys = deriveIkeKeys(n.prf!, i.value.ni, i.value.nr, gir.value, this.ispi, rspi, n.encr, n.integ);
    this.ike = new IkeSa({ ispi: this.ispi, rspi, encr: n.encr, ...(n.integ ? { integ: n.integ } : {}), prf: n.prf!, dh: n.dh!, keys, initiator: true });
    this.ike.nextRequestId = 1;
    this.facts.ikeProposal = n.label;
    this.facts.ikeSpis = `${hex(this.ispi)}_i ${hex(rspi)}_r`;
    this.log(`  IKE proposal ${n.label}; NAT: ${this.facts.natLocal ? 'we are behind a NAT' : 'no NAT in front of us'}${this.o.fakeNat ? ' (UDP encapsulation forced)' : ''}`);
    // §2.23: with NAT detected (ours or faked) IKE continues on 4500.
    if (this.o.fakeNat || this.facts.natLocal || this.facts.natRemote) {
      try {
        await this.transport.float();
      } catch (e) {
        return fail(0, `cannot open UDP port 4500: ${(e as Error).message}`);
      }
    }
    return this.auth(i.value);
  }

  private request(exchangeType: number, inner: readonly Payload[], what?: string): Promise<Decoded<Opened>> {
    const ike = this.ike!;
    const mid = ike.nextRequestId++;
    const bytes = ike.seal(exchangeType, mid, false, inner);
    const name = what ?? exchangeName(exchangeType);
    this.log(`> ${name} request ${mid} [ ${labels(inner, true)} ]`);
    return this.window.transact(bytes, mid, exchangeType, (raw) => ike.open(raw), `${name} request ${mid}`, this.o.abort).then((r) => {
      if (r.ok) this.log(`< ${name} response ${mid} [ ${labels(r.value.payloads, false)} ]`);
      return r;
    });
  }

  private async auth(init: InitResult): Promise<Decoded<true>> {
    const ike = this.ike!;
    const { prf } = ike.p;
    const idi = identityPayload(PayloadType.IDi, this.o.identity ?? this.transport.local.ip);
    const octets = signedOctets(init.request, init.nr, macedId(prf, ike.p.keys.skPi, serializePayloadBody(idi)));
    const spiIn = (randomBytes(4).readUInt32BE(0) | 0x1000) >>> 0; // never 0-255 (RFC 4303 §2.1 reserves them)
    const spiBytes = new Uint8Array([spiIn >>> 24, (spiIn >>> 16) & 0xff, (spiIn >>> 8) & 0xff, spiIn & 0xff]);
    const childOffered = this.o.esp.map((p, k) => toSaProposal(p, k + 1, ProtocolId.ESP, spiBytes, { pfs: false }));
    const cp: CpPayload = {
      type: PayloadType.CP, cfgType: CfgType.CFG_REQUEST, attributes: [
        ...(this.o.virtualIp.v4 ? [makeCpAttribute(CpAttributeType.INTERNAL_IP4_ADDRESS), makeCpAttribute(CpAttributeType.INTERNAL_IP4_DNS)] : []),
        ...(this.o.virtualIp.v6 ? [makeCpAttribute(CpAttributeType.INTERNAL_IP6_ADDRESS), makeCpAttribute(CpAttributeType.INTERNAL_IP6_DNS)] : []),
      ],
    };
    const selectors = [ALL_V4, ...(this.o.virtualIp.v6 ? [ALL_V6] : [])];
    const c = this.o.credentials;
    const authData = sharedKeyAuth(prf, eapAuthKey(c.secret, ike.p.keys.skPi), octets);
    const inner: Payload[] = [
      idi,
      makeNotify(NotifyType.INITIAL_CONTACT),
      ...(this.o.remoteIdentity ? [identityPayload(PayloadType.IDr, this.o.remoteIdentity)] : []),
      { type: PayloadType.AUTH, method: AuthMethod.SHARED_KEY_MIC, data: authData },
      ...(cp.attributes.length > 0 ? [cp] : []),
      { type: PayloadType.SA, proposals: childOffered },
      { type: PayloadType.TSi, selectors },
      { type: PayloadType.TSr, selectors },
    ];
    const r = await this.request(ExchangeType.IKE_AUTH, inner);
    if (!r.ok) return r;
    const p = r.value.payloads;
    const ns = notifies(p);
    const authFail = ns.find((x) => x.notifyType === NotifyType.AUTHENTICATION_FAILED);
    if (authFail) return fail(0, 'the gateway refused our authentication (AUTHENTICATION_FAILED)');
    const idr = find(p, PayloadType.IDr);
    const auth = find(p, PayloadType.AUTH);
    if (!idr || !auth) {
      const err = ns.find((x) => isErrorNotify(x.notifyType));
      return fail(0, err ? `the gateway refused IKE_AUTH: ${notifyName(err.notifyType)}` : `IKE_AUTH response lacks ${!idr ? 'IDr' : 'AUTH'}`);
    }
    this.facts.peerId = idr.value ?? hex(idr.data);
    // §2.15: the responder's AUTH over RealMessage2 | Ni | prf(SK_pr, IDr').
    const theirs = signedOctets(init.response, init.ni, macedId(prf, ike.p.keys.skPr, serializePayloadBody(idr)));
    if (auth.method !== AuthMethod.SHARED_KEY_MIC) return fail(0, `the gateway authenticates with method ${auth.method}, expected a shared key (2)`);
    if (!verifySharedKeyAuth(prf, c.secret, theirs, auth.data)) return fail(0, `the gateway's AUTH does not verify with our PSK (wrong key, or not ${this.facts.peerId})`);
    this.established = true;
    this.log(`  IKE_SA ${this.facts.ikeSpis} established, gateway ${this.facts.peerId} authenticated (PSK)`);
    const reply = find(p, PayloadType.CP);
    for (const a of reply?.attributes ?? []) {
      const d = a.decoded;
      if (a.attrType === CpAttributeType.INTERNAL_IP4_ADDRESS && d?.kind === 'ip4') this.facts.vip4 = d.address;
      else if (a.attrType === CpAttributeType.INTERNAL_IP6_ADDRESS && d?.kind === 'ip6-prefix') this.facts.vip6 = d.address;
      else if ((a.attrType === CpAttributeType.INTERNAL_IP4_DNS && d?.kind === 'ip4') || (a.attrType === CpAttributeType.INTERNAL_IP6_DNS && d?.kind === 'ip6')) this.facts.dns.push(d.address);
    }
    return this.installChild(p, childOffered, spiIn, init.ni, init.nr, true);
  }

  private installChild(p: readonly Payload[], offered: readonly Proposal[], spiIn: number, ni: Uint8Array, nr: Uint8Array, weInitiated: boolean, gir?: Uint8Array): Decoded<true> {
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
    const n = chosen.value;
    if (n.spi.length !== 4) return fail(0, `CHILD_SA: the gateway's ESP SPI has ${n.spi.length} octets, not 4`);
    const spiOut = new DataView(n.spi.buffer, n.spi.byteOffset).getUint32(0);
    const ike = this.ike!;
    const keys = childKeys(ike.p.prf, ike.p.keys.skD, ni, nr, n.encr, n.integ, n.esn, weInitiated, gir);
    const child = new ChildSa({
      spiIn, spiOut, encr: n.encr, ...(n.integ ? { integ: n.integ } : {}), esn: n.esn, label: n.label,
      tsI: tsi.selectors.map(formatTrafficSelector), tsR: tsr.selectors.map(formatTrafficSelector), weInitiated,
    }, keys);
    this.children.push(child);
    this.allChildren.push(child);
    this.facts.childProposal = n.label;
    this.facts.tsI = [...child.p.tsI];
    this.facts.tsR = [...child.p.tsR];
    (this.facts.childSpis ??= []).push(`${spiIn.toString(16).padStart(8, '0')}_i ${spiOut.toString(16).padStart(8, '0')}_o`);
    this.log(`  CHILD_SA ${spiIn.toString(16).padStart(8, '0')}_i ${spiOut.toString(16).padStart(8, '0')}_o established: ${n.label}, TS ${child.p.tsI.join(',')} === ${child.p.tsR.join(',')}`);
    return ok(true);
  }

  // ------------------------------------------------------------------ requests from the gateway

  private async answer(bytes: Uint8Array, messageId: number, exchangeType: number): Promise<void> {
    const ike = this.ike;
    if (!ike) return;
    const w = this.window;
    // §2.2: a retransmitted request gets the same response again.
    if (w.lastResponse && messageId === w.lastResponse.messageId) {
      this.transport.sendIke(w.lastResponse.bytes);
      return;
    }
    if (messageId !== w.expectedPeerId) return this.log(`ignored a gateway request with Message ID ${messageId} (expected ${w.expectedPeerId})`);
    const r = ike.open(bytes);
    if (!r.ok) return this.log(`dropped a gateway request: ${r.reason}`);
    const p = r.value.payloads;
    const name = exchangeName(exchangeType);
    this.log(`< ${name} request ${messageId} [ ${labels(p, false)} ]`);
    let response: Payload[] = [];
    let endAfter: string | undefined;
    if (exchangeType === ExchangeType.INFORMATIONAL) {
      for (const d of p.filter((x): x is PayloadOf<typeof PayloadType.D> => !isRaw(x) && x.type === PayloadType.D)) {
        if (d.protocolId === ProtocolId.IKE) endAfter = 'the gateway deleted the IKE_SA';
        else if (d.protocolId === ProtocolId.ESP) {
          // §1.4.1: answer with the SPIs of our inbound SAs of the pairs deleted.
          const ours: Uint8Array[] = [];
          for (const spi of d.spis) {
            const out = new DataView(spi.buffer, spi.byteOffset).getUint32(0);
            const k = this.children.findIndex((c) => c.p.spiOut === out);
            if (k >= 0) {
              const c = this.children.splice(k, 1)[0]!;
              ours.push(new Uint8Array([c.p.spiIn >>> 24, (c.p.spiIn >>> 16) & 0xff, (c.p.spiIn >>> 8) & 0xff, c.p.spiIn & 0xff]));
            }
          }
          if (ours.length > 0) response.push({ type: PayloadType.D, protocolId: ProtocolId.ESP, spiSize: 4, spis: ours });
        }
      }
      if (p.length === 0) this.log('  liveness check (DPD) from the gateway');
    } else {
      // Not yet supported: say so in the protocol's terms (§1.3: NO_ADDITIONAL_SAS refuses
      // a CREATE_CHILD_SA; others are answered with nothing we cannot keep).
      response = exchangeType === ExchangeType.CREATE_CHILD_SA ? [makeNotify(NotifyType.NO_ADDITIONAL_SAS)] : [];
    }
    const out = ike.seal(exchangeType, messageId, true, response);
    w.lastResponse = { messageId, bytes: out };
    w.expectedPeerId = messageId + 1;
    this.log(`> ${name} response ${messageId} [ ${labels(response, true)} ]`);
    this.transport.sendIke(out);
    if (endAfter) this.end(endAfter);
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.endedReason = reason;
    this.log(`  ${reason}`);
    for (const f of this.ended$.splice(0)) f();
  }

  // ------------------------------------------------------------------ traffic

  /** ICMP echo requests through the CHILD_SA; replies counted as they come back. */
  async ping(target: string, count: number, intervalMs = 500, waitMs = 2000): Promise<Decoded<PingResult>> {
    const dst = parseAddress(target);
    if (!dst) return fail(0, `--ping ${target} is not an address`);
    const v6 = dst.length === 16;
    const srcText = v6 ? this.facts.vip6 : (this.facts.vip4 ?? this.transport.local.ip);
    const src = srcText ? parseAddress(srcText) : undefined;
    if (!src || src.length !== dst.length) return fail(0, `no ${v6 ? 'IPv6' : 'IPv4'} source address inside the tunnel to ping ${target} from`);
    const identifier = randomBytes(2).readUInt16BE(0);
    const rtts: number[] = [];
    let sent = 0;
    const waits: Promise<void>[] = [];
    for (let seq = 1; seq <= count && !this.ended && !this.o.abort?.aborted; seq++) {
      const child = this.child;
      if (!child) return fail(0, 'no CHILD_SA to ping through');
      const started = performance.now();
      waits.push(new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.echoWaiters.delete(seq); this.log(`  ping ${target} seq ${seq}: no reply`); resolve(); }, waitMs);
        this.echoWaiters.set(seq, () => {
          clearTimeout(timer);
          this.echoWaiters.delete(seq);
          const rtt = performance.now() - started;
          rtts.push(rtt);
          this.log(`  ping ${target} seq ${seq}: reply in ${rtt.toFixed(1)} ms`);
          resolve();
        });
      }));
      const packet = echoRequest(src, dst, identifier, seq, new TextEncoder().encode('ikescope ping ' + seq));
      this.transport.sendEsp(child.seal(packet));
      sent++;
      if (seq < count) await sleep(intervalMs, this.o.abort);
    }
    await Promise.all(waits);
    return ok({ sent, received: rtts.length, rtts });
  }

  /** Waits `ms` (answering the gateway meanwhile), or until the session ends or is interrupted. */
  async hold(ms: number): Promise<void> {
    if (this.ended) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.ended$.push(() => { clearTimeout(t); resolve(); });
      this.o.abort?.addEventListener('abort', () => { clearTimeout(t); resolve(); });
    });
  }

  /** Orderly shutdown: INFORMATIONAL with D(IKE) (§1.4.1), then the sockets close. */
  async close(): Promise<Decoded<true>> {
    let r: Decoded<true> = ok(true);
    if (this.ike && this.established && !this.ended && this.transport) {
      this.ended = true;
      // The window may still hold a request (an interrupted one): it is given up.
      const d = await this.withoutAbort(() => this.request(ExchangeType.INFORMATIONAL, [{ type: PayloadType.D, protocolId: ProtocolId.IKE, spiSize: 0, spis: [] }], 'INFORMATIONAL'));
      r = d.ok ? ok(true) : fail(0, `DELETE: ${d.reason}`);
      if (d.ok) this.log(`  IKE_SA ${this.facts.ikeSpis} deleted`);
    }
    this.transport?.close();
    return r;
  }

  private async withoutAbort<T>(f: () => Promise<T>): Promise<T> {
    const saved = (this.o as { abort?: AbortSignal }).abort;
    (this.o as { abort?: AbortSignal }).abort = undefined;
    try { return await f(); } finally { (this.o as { abort?: AbortSignal }).abort = saved; }
  }

  // ------------------------------------------------------------------ key log

  /** Every key of this session in the project's key model (src/keys), for --keylog. */
  keyStore(): KeyStore {
    const ike: IkeSaKeySet[] = [];
    if (this.ike) {
      const { keys: k, encr, integ, prf, ispi, rspi } = this.ike.p;
      ike.push({
        source: 'ikescope connect', ispi: hex(ispi), rspi: hex(rspi),
        encr: encrRefFromKeyBytes(encr.id, encr.keyBytes) ?? { id: encr.id },
        integ: integ ? { kind: 'transform', ref: { id: integ.id } } : { kind: 'none' },
        prf: { id: prf.id },
        skD: k.skD, skEi: k.skEi, skEr: k.skEr, skAi: k.skAi, skAr: k.skAr, skPi: k.skPi, skPr: k.skPr,
      });
    }
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

/** The payload notation of DESIGN.md (src/ikev2/notation.ts); our requests carry Ni, responses Nr. */
function labels(payloads: readonly Payload[], fromInitiator: boolean): string {
  return labelPayloads(payloads, { fromInitiator }).join(' ');
}
