/**
 * Sessions: IKE messages grouped into IKE_SAs by SPI pair, requests paired with responses by
 * message ID, retransmissions marked, the chosen IKE proposal, NAT detection, client
 * fingerprint from Vendor IDs, ESP counted per SPI — and, with keys, SK/SKF payloads opened,
 * CHILD_SAs rebuilt and ESP decrypted, with keys derived from SK_d where only IKE keys exist.
 *
 * One pass serves `dump` and `analyze`: `add` returns what it learned about the frame.
 * Memory grows with the number of SAs and IKE messages, never with ESP volume.
 */
import { spiHex } from '../esp/header.js';
import { EspLedger } from '../esp/sequence.js';
import { hex } from '../ikev2/bytes.js';
import { compareLowestNonces } from '../ikev2/rekey-collision.js';
import { GENERIC_HEADER_LENGTH } from '../ikev2/generic-header.js';
import { parseInnerPayloads, type IkeMessage } from '../ikev2/message.js';
import { labelPayloads, payloadLabels } from '../ikev2/notation.js';
import { isRaw, type Payload } from '../ikev2/payload.js';
import type { NotifyPayload } from '../ikev2/payloads/notify.js';
import type { SkfPayload } from '../ikev2/payloads/skf.js';
import { chosenProposal } from '../ikev2/proposal.js';
import { ExchangeType, exchangeName } from '../ikev2/registry/exchange-types.js';
import { isErrorNotify, NotifyType, notifyName } from '../ikev2/registry/notify-types.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
import { ProtocolId } from '../ikev2/registry/protocol-ids.js';
import type { EapPayload } from '../ikev2/payloads/eap.js';
import type { SaPayload } from '../ikev2/payloads/sa.js';
import { dhGroupName } from '../ikev2/registry/index.js';
import type { KeyStore } from '../keys/model.js';
import { describeInner, type InnerPacket } from '../net/inner.js';
import type { Problem } from '../problem.js';
import { ChildSaTracker } from './child-sas.js';
import { EapTracker } from './eap-summary.js';
import { facts, merge } from './facts.js';
import { assumed, fingerprint } from './fingerprint.js';
import { Decryption } from './decryption.js';
import { negotiated, type Negotiated } from './ike-decryption.js';
import type { EspSpiRecord, Finding, IkeSaRecord, LifecycleEvent, MessageRecord, PeerAddress, Report, Severity } from './model.js';
import { REPORT_SCHEMA } from './model.js';
import { natVerdict, type ObservedMessage } from './nat.js';
import type { FrameRecord } from './packets.js';

/** What the pass learned about one frame, for `dump`. */
export interface FrameNotes {
  /** Decrypted inner payloads of an IKE message (all fragments, on the last one). */
  readonly inner?: {
    readonly payloads: readonly Payload[]; readonly labels: string[]; readonly integrity: 'verified' | 'unchecked';
    /** The decrypted bytes the payloads were read from (their byte positions, for a hex view). */
    readonly plaintext?: Uint8Array;
  };
  /** Why an encrypted IKE message or ESP packet stayed closed, when keys were given. */
  readonly closed?: { readonly code: string; readonly message: string };
  /** An ESP packet opened. */
  readonly esp?: {
    readonly nextHeader: number;
    /** The decrypted inner packet (tunnel mode: an IP packet). */
    readonly payload: Uint8Array;
    readonly inner?: InnerPacket;
    readonly integrity: 'verified' | 'unchecked';
  };
}

const NO_NOTES: FrameNotes = {};

interface OpenMessage {
  digest: number;
  message: MessageRecord;
  fragments?: Set<number>;
}

interface SaState {
  readonly record: IkeSaRecord;
  /** "ispi|rspi" as the keyring knows it. */
  key: string;
  readonly seen: Map<string, OpenMessage>;
  /** Plaintexts of SKF fragments by message key, until the last one arrives (RFC 7383 §2.6). */
  readonly fragments: Map<string, { total: number; innerType: number; parts: Map<number, Uint8Array> }>;
  readonly children: ChildSaTracker;
  negotiated: Negotiated;
  ni?: Uint8Array;
  nr?: Uint8Array;
  initRequest?: ObservedMessage;
  initResponse?: ObservedMessage;
  authAnswered: boolean;
  /** IKE_AUTH's outcome as the decrypted payloads tell it. */
  authOutcome?: { ok: boolean; frame: number; reason: string };
  failure?: { frame: number; reason: string };
  deleted?: { frame: number; byInitiator: boolean };
  readonly eap: EapTracker;
  /** An IKE_SA rekey asked for under this SA (RFC 7296 §1.3.2), by request key. */
  readonly ikeRekeys: Map<string, { spi: Uint8Array; nonce?: Uint8Array; byInitiator: boolean; src: PeerAddress; dst: PeerAddress }>;
  /** Made by rekeying another IKE_SA: no IKE_SA_INIT of its own. */
  rekeyOf?: { id: string; frame: number };
  laterExchanges: number;
  initiatorIp: string;
  responderIp: string;
}

export interface CaptureMeta {
  readonly path: string;
  readonly format: string;
  readonly compressed: boolean;
  readonly bytes: number;
}

export interface SessionOptions {
  readonly keys?: KeyStore;
  /** --assume-client: a profile name from fingerprint.ts ASSUMABLE. */
  readonly assumeClient?: string;
}

const ZERO_SPI = '0000000000000000';

/** FNV-1a over the message: tells a retransmission (same bytes) from a retry (new content). */
function digest(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

const notifies = (payloads: readonly Payload[]): NotifyPayload[] =>
  payloads.filter((p): p is NotifyPayload => p.type === PayloadType.N && !isRaw(p));

function natHashes(m: IkeMessage) {
  const source: Uint8Array[] = [];
  const destination: Uint8Array[] = [];
  for (const n of notifies(m.payloads)) {
    if (n.decoded?.kind !== 'nat-detection') continue;
    if (n.notifyType === NotifyType.NAT_DETECTION_SOURCE_IP) source.push(n.decoded.hash);
    if (n.notifyType === NotifyType.NAT_DETECTION_DESTINATION_IP) destination.push(n.decoded.hash);
  }
  return { source, destination };
}

const collision = (c: { id: string; rekeyCollision: { with: string; lost: boolean } | null }) =>
  c.rekeyCollision ? `; collided with ${c.rekeyCollision.with}, ${c.rekeyCollision.lost ? c.id : c.rekeyCollision.with} has the lowest nonce and is redundant (RFC 7296 §2.8.1)` : '';

/** Microsecond precision, as the captures have. */
const round6 = (t: number) => Math.round(t * 1e6) / 1e6;

/** A request's sender started the exchange; a response's sender answers the other side. */
const requestedByInitiator = (h: { initiator: boolean; response: boolean }) => h.initiator !== h.response;

const errorsIn = (payloads: readonly Payload[]) => notifies(payloads).filter((n) => isErrorNotify(n.notifyType));
const named = (ns: readonly NotifyPayload[]) => ns.map((n) => `N(${notifyName(n.notifyType)})`).join(' ');

export class SessionBuilder {
  private readonly byPair = new Map<string, SaState>();
  /** SAs whose responder SPI is not known yet, by initiator SPI. */
  private readonly pending = new Map<string, SaState>();
  private readonly sas: SaState[] = [];
  private readonly esp = new EspLedger();
  private readonly espPeers = new Map<number, { src: string; dst: string; udp: boolean }>();
  private readonly espOpened = new Map<number, { decrypted: number; icvFailures: number }>();
  private readonly findings: Finding[] = [];
  /** One finding per (rule, subject): the first frames are kept, the rest counted. */
  private readonly findingIndex = new Map<string, { finding: Finding; more: number }>();
  private readonly ikev1Frames: number[] = [];
  private readonly decryption?: Decryption;
  private ikev1Messages = 0;
  private keepalives = 0;
  private frames = 0;
  private childCount = 0;
  private firstTs: number | undefined;

  private readonly assumeClient?: string;

  constructor(opts: SessionOptions = {}) {
    if (opts.keys && (opts.keys.ike.length || opts.keys.esp.length)) this.decryption = new Decryption(opts.keys);
    this.assumeClient = opts.assumeClient;
  }

  add(r: FrameRecord): FrameNotes {
    this.frames++;
    const ts = r.sec + r.nsec / 1e9;
    this.firstTs ??= ts;
    for (const p of r.problems) this.problem(p);
    const c = r.net.content;
    if (c.kind === 'nat-keepalive') this.keepalives++;
    if (r.esp) return this.espPacket(r, ts - this.firstTs);
    if (r.ike?.version === 1) {
      this.ikev1Messages++;
      if (this.ikev1Frames.length < 1000) this.ikev1Frames.push(r.frame);
    }
    if (r.ike?.version === 2 && c.kind === 'ike') return this.ikeMessage(r, r.ike.message, c.bytes, ts - this.firstTs);
    return NO_NOTES;
  }

  problem(p: Problem): void {
    this.finding(p.code, p.code.startsWith('capture/unknown-block') ? 'info' : 'warning', p.message, null, p.frame,
      'The input could not be read as it claims to be; the rest of the capture was still analysed.',
      'None in the gateway: check how the capture was taken (snap length, truncation, link type).', `${p.code}|${p.frame}|${p.message}`);
  }

  private finding(rule: string, severity: Severity, title: string, ikeSa: string | null, frame: number | undefined, explanation: string, fix: string, key = `${rule}|${ikeSa}`): void {
    const known = this.findingIndex.get(key);
    if (known) {
      if (frame !== undefined && known.finding.frames.length < 20) known.finding.frames.push(frame);
      else known.more++;
      return;
    }
    const finding: Finding = { rule, severity, title, ikeSa, frames: frame !== undefined ? [frame] : [], explanation, fix };
    this.findingIndex.set(key, { finding, more: 0 });
    this.findings.push(finding);
  }

  private espPacket(r: FrameRecord, rel: number): FrameNotes {
    const e = r.esp!;
    this.esp.add(e.spi, r.frame, e.seq, e.length, rel);
    const src = r.net.src!.ip;
    const dst = r.net.dst!.ip;
    if (!this.espPeers.has(e.spi)) this.espPeers.set(e.spi, { src, dst, udp: e.udpEncapsulated });
    if (!this.decryption || r.net.content.kind !== 'esp') return NO_NOTES;
    const out = this.decryption.esp.open(e.spi, src, dst, r.net.content.bytes);
    if (!out) return NO_NOTES;
    let stats = this.espOpened.get(e.spi);
    if (!stats) this.espOpened.set(e.spi, (stats = { decrypted: 0, icvFailures: 0 }));
    if (out.ok) {
      stats.decrypted++;
      const { nextHeader, payload, integrity } = out;
      // The summary is text for dump: made only when read, not for every packet analysed.
      return { esp: { nextHeader, payload, integrity, get inner() { return nextHeader === 4 || nextHeader === 41 ? describeInner(payload) : undefined; } } };
    }
    if (out.code === 'keys/icv-mismatch') stats.icvFailures++;
    this.finding(out.code, out.code === 'keys/icv-mismatch' ? 'error' : 'warning', `ESP SPI 0x${spiHex(e.spi)}: ${out.message}`, null, r.frame,
      'An ESP packet did not verify with the keys given, so it is not shown decrypted.',
      'Check that the key file belongs to this capture (SPI, direction, algorithm).', `${out.code}|esp|${e.spi}`);
    return { closed: { code: out.code, message: out.message } };
  }

  private saFor(r: FrameRecord, m: IkeMessage): SaState {
    const h = m.header;
    const i = hex(h.ispi);
    const rs = hex(h.rspi);
    if (rs !== ZERO_SPI) {
      const known = this.byPair.get(i + rs);
      if (known) return known;
      const open = this.pending.get(i);
      if (open) {
        this.pending.delete(i);
        open.record.rspi = rs;
        open.key = `${i}|${rs}`;
        this.byPair.set(i + rs, open);
        return open;
      }
    } else {
      const open = this.pending.get(i);
      if (open) return open;
    }
    // The I flag says whether the sender is the original initiator (RFC 7296 §3.1).
    const src = r.net.src!;
    const dst = r.net.dst!;
    const initiator = h.initiator ? src : dst;
    const responder = h.initiator ? dst : src;
    const startsHere = h.exchangeType === ExchangeType.IKE_SA_INIT;
    const id = `ike-${this.sas.length + 1}`;
    const record: IkeSaRecord = {
      id, ispi: i, rspi: rs,
      initiator: { ip: initiator.ip, port: initiator.port ?? 0 }, responder: { ip: responder.ip, port: responder.port ?? 0 },
      state: 'incomplete',
      stateReason: startsHere ? 'IKE_SA_INIT was not answered' : 'the capture starts after this IKE_SA was set up',
      proposal: null, nat: { initiatorBehindNat: null, responderBehindNat: null }, client: { profile: 'unknown', vendorIds: [], evidence: [] },
      eap: null, decrypted: false, rekeyedFrom: null, rekeyedTo: null, messages: [], childSas: [], events: [],
      addresses: [{ frame: r.frame, initiator: { ip: initiator.ip, port: initiator.port ?? 0 }, responder: { ip: responder.ip, port: responder.port ?? 0 } }],
    };
    return this.register(record, i, rs);
  }

  private register(record: IkeSaRecord, i: string, rs: string): SaState {
    const sa: SaState = {
      record, key: `${i}|${rs}`, seen: new Map(), fragments: new Map(), children: new ChildSaTracker('', () => ++this.childCount),
      negotiated: {}, authAnswered: false, laterExchanges: 0, initiatorIp: record.initiator.ip, responderIp: record.responder.ip,
      eap: new EapTracker(), ikeRekeys: new Map(),
    };
    this.sas.push(sa);
    if (rs === ZERO_SPI) this.pending.set(i, sa);
    else this.byPair.set(i + rs, sa);
    return sa;
  }

  private event(sa: SaState, frame: number, kind: LifecycleEvent['kind'], byInitiator: boolean, detail: string): void {
    const ts = sa.record.messages.at(-1)?.ts ?? 0;
    sa.record.events.push({ frame, ts, kind, by: byInitiator ? 'initiator' : 'responder', detail });
  }

  /**
   * A peer's address differs from the one the SA last used: a MOBIKE move (RFC 4555) or a NAT
   * rebinding. Kept as a new address pair and an event.
   */
  private trackAddresses(sa: SaState, r: FrameRecord, fromInitiator: boolean): void {
    const src = r.net.src!;
    const dst = r.net.dst!;
    const sender: PeerAddress = { ip: src.ip, port: src.port ?? 0 };
    const receiver: PeerAddress = { ip: dst.ip, port: dst.port ?? 0 };
    const last = sa.record.addresses.at(-1)!;
    const now = fromInitiator ? { initiator: sender, responder: receiver } : { initiator: receiver, responder: sender };
    const same = (a: PeerAddress, b: PeerAddress) => a.ip === b.ip && a.port === b.port;
    if (same(now.initiator, last.initiator) && same(now.responder, last.responder)) return;
    // The move from 500 to 4500 after IKE_SA_INIT (RFC 7296 §2.23) is not a move.
    const portsOnly = now.initiator.ip === last.initiator.ip && now.responder.ip === last.responder.ip;
    sa.record.addresses.push({ frame: r.frame, ...now });
    if (portsOnly && (now.responder.port === 4500 || now.initiator.port === 4500) && sa.record.addresses.length === 2) return;
    const describe = (a: PeerAddress, b: PeerAddress) => `${a.ip}:${a.port} → ${b.ip}:${b.port}`;
    const moved = !same(now.initiator, last.initiator) ? ['initiator', describe(last.initiator, now.initiator)] : ['responder', describe(last.responder, now.responder)];
    this.event(sa, r.frame, 'address-move', moved[0] === 'initiator', `${moved[0]} moved ${moved[1]}`);
  }

  /**
   * RFC 4555 §3.5: a MOBIKE peer tests the new path (an INFORMATIONAL from the new address)
   * before it moves the SA with UPDATE_SA_ADDRESSES; the SA's addresses change with the update.
   * So once the update is seen (it is encrypted: only with keys), the move it completes is dated
   * at the update, and the probe that first used the address is named in its detail.
   */
  private datedByUpdate(sa: SaState, frame: number, byInitiator: boolean): void {
    const events = sa.record.events;
    const by = byInitiator ? 'initiator' : 'responder';
    let i = events.length - 1;
    while (i >= 0 && events[i]!.kind !== 'address-move' && events[i]!.kind !== 'mobike-update') i--;
    const move = events[i];
    if (!move || move.kind !== 'address-move' || move.by !== by) return;
    events.splice(i, 1);
    const ts = sa.record.messages.at(-1)?.ts ?? move.ts;
    events.push({ ...move, frame, ts, detail: `${move.detail} (first used in frame ${move.frame}, testing the path)` });
    const entry = sa.record.addresses.find((a) => a.frame === move.frame);
    if (entry) entry.frame = frame;
  }

  private ikeMessage(r: FrameRecord, m: IkeMessage, bytes: Uint8Array, rel: number): FrameNotes {
    const h = m.header;
    const sa = this.saFor(r, m);
    const key = `${h.initiator}|${h.response}|${h.messageId}`;
    const d = digest(bytes);
    const skf = m.payloads.find((p): p is SkfPayload => p.type === PayloadType.SKF && !isRaw(p));
    const fragNo = skf?.fragmentNumber;
    const prev = sa.seen.get(key);
    let message: MessageRecord;
    let retransmission = false;
    // RFC 7383 §2.5: fragments of one message share its message ID; each is its own datagram.
    if (prev && fragNo !== undefined && prev.fragments && !prev.fragments.has(fragNo)) {
      prev.fragments.add(fragNo);
      prev.message.frames.push(...r.net.frames);
      message = prev.message;
    } else {
      retransmission = prev !== undefined && (prev.digest === d || (fragNo !== undefined && prev.fragments?.has(fragNo) === true));
      message = {
        frames: [...r.net.frames], ts: round6(rel), exchange: exchangeName(h.exchangeType), mid: h.messageId,
        response: h.response, fromInitiator: h.initiator, payloads: payloadLabels(m), inner: retransmission ? prev!.message.inner : null,
        retransmission, pairedFrame: null,
        requester: requestedByInitiator(h) ? 'initiator' : 'responder',
        facts: retransmission ? prev!.message.facts : facts(m.payloads),
      };
      sa.record.messages.push(message);
      // A retransmission stands for the original: responses pair with the first transmission.
      if (!retransmission) sa.seen.set(key, { digest: d, message, fragments: fragNo !== undefined ? new Set([fragNo]) : undefined });
      if (h.response) {
        // The request this answers was sent by the other side: the I flag is the sender's role.
        const req = sa.seen.get(`${!h.initiator}|false|${h.messageId}`);
        if (req) {
          message.pairedFrame = req.message.frames[0]!;
          if (req.message.pairedFrame === null) req.message.pairedFrame = message.frames[0]!;
        }
      }
    }
    if (!retransmission) {
      this.trackAddresses(sa, r, h.initiator);
      this.clearFacts(sa, r, m);
    }
    const encrypted = m.payloads.at(-1);
    if (!this.decryption || !encrypted || (encrypted.type !== PayloadType.SK && encrypted.type !== PayloadType.SKF) || isRaw(encrypted)) return NO_NOTES;
    // A retransmission is opened for the reader (tshark shows it decrypted too) but, being the
    // same message again, adds nothing to the model.
    return this.decrypt(sa, r, m, bytes, message, key, retransmission);
  }

  /** Opens the SK payload, or the SKF fragment and, with the last one, the whole message. */
  private decrypt(sa: SaState, r: FrameRecord, m: IkeMessage, bytes: Uint8Array, message: MessageRecord, key: string, again = false): FrameNotes {
    const h = m.header;
    const whole = bytes.subarray(0, Math.min(h.length, bytes.length));
    const last = m.payloads.at(-1)!;
    const data = 'data' in last ? (last.data as Uint8Array) : new Uint8Array(0);
    // SK and SKF end the message (RFC 7296 §3.14, RFC 7383 §2.5); SKF has 4 more header octets.
    const skOffset = whole.length - data.length - GENERIC_HEADER_LENGTH - (last.type === PayloadType.SKF ? 4 : 0);
    const out = this.decryption!.ike.open(sa.key, sa.negotiated, whole, skOffset, h.initiator);
    if (!out.ok) {
      if (out.code !== 'keys/none' && !again) {
        this.finding(out.code, out.code === 'keys/icv-mismatch' ? 'error' : 'warning', `${message.exchange} MID ${h.messageId}: ${out.message}`, sa.record.id, r.frame,
          out.code === 'keys/icv-mismatch'
            ? 'The integrity check failed with the keys given for this IKE_SA: the message is not shown decrypted (RFC 7296 §3.14 says to verify before decrypting).'
            : 'The encrypted payload could not be opened.',
          'Check that the keys belong to this capture and IKE_SA (SPIs, direction, algorithms).');
      }
      return { closed: { code: out.code, message: out.message } };
    }
    let plaintext = out.plaintext;
    let innerType = 'innerType' in last ? (last.innerType as number) : 0;
    if (last.type === PayloadType.SKF && 'fragmentNumber' in last && !again) {
      const f = last as SkfPayload;
      let acc = sa.fragments.get(key);
      if (!acc) sa.fragments.set(key, (acc = { total: f.totalFragments, innerType: 0, parts: new Map() }));
      // RFC 7383 §2.5: only the first fragment's Next Payload names the first inner payload.
      if (f.fragmentNumber === 1) acc.innerType = f.innerType;
      acc.parts.set(f.fragmentNumber, plaintext);
      if (acc.parts.size < acc.total) return { inner: undefined };
      sa.fragments.delete(key);
      const parts = [...acc.parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
      plaintext = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) { plaintext.set(p, o); o += p.length; }
      innerType = acc.innerType;
    }
    const chain = parseInnerPayloads(innerType, plaintext);
    if (again) return { inner: { payloads: chain.payloads, labels: labelPayloads(chain.payloads, { fromInitiator: !h.response }), integrity: out.integrity, plaintext } };
    if (chain.malformed) {
      this.finding('decode/malformed', 'warning', `${message.exchange} MID ${h.messageId}: decrypted payloads: ${chain.malformed.reason}`, sa.record.id, r.frame,
        'The decrypted contents do not decode as IKEv2 payloads.', 'None in the gateway; report it with the capture.');
    }
    const labels = labelPayloads(chain.payloads, { fromInitiator: !h.response });
    message.inner = labels;
    message.facts = merge(message.facts, facts(chain.payloads));
    if (!sa.record.decrypted) sa.record.decrypted = true;
    this.innerFacts(sa, r, m, chain.payloads, key);
    return { inner: { payloads: chain.payloads, labels, integrity: out.integrity, plaintext } };
  }

  /** What the unencrypted parts say: IKE_SA_INIT's proposal, nonces, NAT detection, VIDs. */
  private clearFacts(sa: SaState, r: FrameRecord, m: IkeMessage): void {
    const h = m.header;
    const rec = sa.record;
    const errors = errorsIn(m.payloads);
    if (h.exchangeType === ExchangeType.IKE_SA_INIT) {
      const observed: ObservedMessage = {
        ispi: h.ispi, rspi: h.rspi, srcIp: r.net.srcAddr!, srcPort: r.net.src!.port ?? 0, dstIp: r.net.dstAddr!, dstPort: r.net.dst!.port ?? 0, hashes: natHashes(m),
      };
      const nonce = m.payloads.find((p) => p.type === PayloadType.NONCE && !isRaw(p));
      if (!h.response) {
        sa.initRequest = observed;
        if (nonce && 'data' in nonce) sa.ni = nonce.data as Uint8Array;
        const seen = fingerprint(m);
        rec.client = (this.assumeClient ? assumed(this.assumeClient, seen) : undefined) ?? seen;
      } else {
        sa.initResponse = observed;
        const sa0 = m.payloads.find((p) => p.type === PayloadType.SA && !isRaw(p));
        if (sa0 && 'proposals' in sa0 && sa0.proposals[0]) {
          rec.proposal = chosenProposal(sa0.proposals[0]);
          sa.negotiated = negotiated(sa0.proposals[0]);
          if (nonce && 'data' in nonce) sa.nr = nonce.data as Uint8Array;
          rec.stateReason = 'IKE_SA_INIT answered; IKE_AUTH not seen';
          sa.failure = undefined;
        } else if (errors.length) {
          sa.failure = { frame: r.frame, reason: `IKE_SA_INIT answered with ${named(errors)}` };
          const ke = errors.find((n) => n.notifyType === NotifyType.INVALID_KE_PAYLOAD);
          // RFC 7296 §1.3: the initiator retries with the group the responder names.
          if (ke?.decoded?.kind === 'invalid-ke') this.event(sa, r.frame, 'invalid-ke', false, `responder wants ${dhGroupName(ke.decoded.group)} (group ${ke.decoded.group})`);
          else this.event(sa, r.frame, 'failed', false, `IKE_SA_INIT answered with ${named(errors)}`);
        } else if (notifies(m.payloads).some((n) => n.notifyType === NotifyType.COOKIE)) {
          rec.stateReason = 'the responder asked for a COOKIE; no retry seen';
          this.event(sa, r.frame, 'cookie', false, 'responder asked for a COOKIE (RFC 7296 §2.6)');
        }
      }
      rec.nat = natVerdict(sa.initRequest, sa.initResponse);
      return;
    }
    if (h.exchangeType === ExchangeType.IKE_AUTH && h.response) {
      sa.authAnswered = true;
      // An unencrypted error answer (RFC 7296 §2.21.2 allows none, but peers send them).
      if (errors.length) sa.failure = { frame: r.frame, reason: `IKE_AUTH answered with ${named(errors)}` };
      return;
    }
    if (h.exchangeType !== ExchangeType.IKE_AUTH) sa.laterExchanges++;
  }

  /** What the decrypted payloads say: IKE_AUTH's outcome, CHILD_SAs, deletes. */
  private innerFacts(sa: SaState, r: FrameRecord, m: IkeMessage, payloads: readonly Payload[], key: string): void {
    const h = m.header;
    // The tracker pairs by the requester's role and message ID (RFC 7296 §2.2).
    const exchangeKey = `${h.response ? !h.initiator : h.initiator}|${h.messageId}`;
    if (!h.response) sa.children.request(exchangeKey, h.exchangeType, r.frame, payloads);
    else {
      const child = sa.children.response(exchangeKey, h.exchangeType, r.frame, payloads, { ni: sa.ni, nr: sa.nr });
      if (child) {
        sa.record.childSas.push(child.record);
        this.event(sa, r.frame, child.record.rekeyedFrom ? 'child-rekeyed' : 'child-created', requestedByInitiator(h),
          `${child.record.id} SPIs ${child.record.spiI}/${child.record.spiR}${child.record.rekeyedFrom ? ` replaces ${child.record.rekeyedFrom}` : ''}${collision(child.record)}`);
        const d = this.decryption!.child(child, this.decryption!.ike.secrets(sa.key));
        if (d && !d.ok) {
          this.finding('keys/child-not-derivable', 'info', `${child.record.id}: ESP keys cannot be derived: ${d.reason}`, sa.record.id, r.frame,
            'ikescope derives CHILD_SA keys from SK_d and the nonces (RFC 7296 §2.17) when only IKE keys are given.',
            'Give the ESP keys too (charon log with chd 4, or a Wireshark esp_sa table).');
        }
      }
    }
    const alive = sa.children.children.filter((c) => c.record.deletedFrame === null);
    sa.children.deletes(r.frame, payloads);
    for (const c of alive.filter((x) => x.record.deletedFrame !== null)) {
      this.event(sa, r.frame, 'child-deleted', h.initiator, `${c.record.id} (SPIs ${c.record.spiI}/${c.record.spiR}) deleted`);
    }
    for (const p of payloads) if (p.type === PayloadType.EAP && !isRaw(p)) sa.eap.add(p as EapPayload, r.frame);
    if (sa.eap.result) sa.record.eap = sa.eap.result;
    this.ikeRekey(sa, r, h, payloads, exchangeKey);
    if (h.exchangeType === ExchangeType.INFORMATIONAL && !h.response && payloads.length === 0) {
      // RFC 7296 §1.4: an empty INFORMATIONAL request is a liveness check (dead peer detection).
      this.event(sa, r.frame, 'liveness', h.initiator, 'empty INFORMATIONAL request (liveness check)');
    }
    const invalidKe = notifies(payloads).find((n) => n.notifyType === NotifyType.INVALID_KE_PAYLOAD);
    if (h.response && h.exchangeType === ExchangeType.CREATE_CHILD_SA && invalidKe?.decoded?.kind === 'invalid-ke') {
      // RFC 7296 §1.3: the requester retries with the group named.
      this.event(sa, r.frame, 'invalid-ke', !h.initiator, `CREATE_CHILD_SA refused: the ${h.initiator ? 'initiator' : 'responder'} wants ${dhGroupName(invalidKe.decoded.group)} (group ${invalidKe.decoded.group})`);
    }
    const redirect = notifies(payloads).find((n) => n.notifyType === NotifyType.REDIRECT);
    if (redirect) {
      const to = redirect.decoded?.kind === 'redirect' && typeof redirect.decoded.gateway === 'string' ? ` to ${redirect.decoded.gateway}` : '';
      this.event(sa, r.frame, 'redirect', h.initiator, `REDIRECT${to} (RFC 5685)`);
    }
    if (notifies(payloads).some((n) => n.notifyType === NotifyType.UPDATE_SA_ADDRESSES) && !h.response) {
      this.datedByUpdate(sa, r.frame, h.initiator);
      this.event(sa, r.frame, 'mobike-update', h.initiator, 'UPDATE_SA_ADDRESSES (RFC 4555 §3.5)');
    }
    if (h.exchangeType === ExchangeType.IKE_AUTH && h.response) {
      const errors = errorsIn(payloads);
      const auth = payloads.some((p) => p.type === PayloadType.AUTH) && !payloads.some((p) => p.type === PayloadType.EAP);
      if (errors.length && auth) {
        // RFC 7296 §1.2: an error about the CHILD_SA (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE, …)
        // next to the responder's AUTH leaves the IKE_SA up without a CHILD_SA.
        sa.authOutcome = { ok: true, frame: r.frame, reason: `IKE_AUTH succeeded; its CHILD_SA was refused with ${named(errors)}` };
        this.event(sa, r.frame, 'established', false, 'IKE_AUTH succeeded');
        this.event(sa, r.frame, 'failed', false, `CHILD_SA refused: ${named(errors)}`);
      } else if (errors.length) {
        sa.authOutcome = { ok: false, frame: r.frame, reason: `IKE_AUTH answered with ${named(errors)}` };
        this.event(sa, r.frame, 'failed', false, sa.authOutcome.reason);
      } else if (payloads.some((p) => p.type === PayloadType.AUTH) && !payloads.some((p) => p.type === PayloadType.EAP)) {
        sa.authOutcome = { ok: true, frame: r.frame, reason: 'IKE_AUTH succeeded (decrypted: the responder\'s final AUTH)' };
        this.event(sa, r.frame, 'established', false, 'IKE_AUTH succeeded');
      }
    }
    for (const p of payloads) {
      if (p.type === PayloadType.D && !isRaw(p) && 'protocolId' in p && p.protocolId === ProtocolId.IKE && !sa.deleted) {
        sa.deleted = { frame: r.frame, byInitiator: h.initiator };
        this.event(sa, r.frame, 'deleted', h.initiator, `IKE_SA deleted by the ${h.initiator ? 'initiator' : 'responder'}`);
      }
    }
  }

  /**
   * IKE_SA rekey (RFC 7296 §1.3.2, §2.18): CREATE_CHILD_SA whose SA proposes protocol IKE with
   * an 8-octet SPI. The new SA's initiator is whoever asked; its SPIs are the requester's
   * proposal SPI and the responder's chosen one. It is registered here so that its messages,
   * under the new SPIs, land in a record that knows where it came from.
   */
  private ikeRekey(sa: SaState, r: FrameRecord, h: IkeMessage['header'], payloads: readonly Payload[], key: string): void {
    if (h.exchangeType !== ExchangeType.CREATE_CHILD_SA) return;
    const saPayload = payloads.find((p): p is SaPayload => p.type === PayloadType.SA && !isRaw(p));
    const proposal = saPayload?.proposals[0];
    const nonce = payloads.find((p) => p.type === PayloadType.NONCE && !isRaw(p)) as { data: Uint8Array } | undefined;
    if (!h.response) {
      const ike = saPayload?.proposals.find((p) => p.protocolId === ProtocolId.IKE && p.spi.length === 8);
      if (!ike) return;
      const src = r.net.src!;
      const dst = r.net.dst!;
      sa.ikeRekeys.set(key, { spi: ike.spi, nonce: nonce?.data, byInitiator: h.initiator, src: { ip: src.ip, port: src.port ?? 0 }, dst: { ip: dst.ip, port: dst.port ?? 0 } });
      return;
    }
    const req = sa.ikeRekeys.get(key);
    if (!req || !proposal || proposal.protocolId !== ProtocolId.IKE || proposal.spi.length !== 8) return;
    sa.ikeRekeys.delete(key);
    const ispi = hex(req.spi);
    const rspi = hex(proposal.spi);
    const old = sa.record;
    const id = `ike-${this.sas.length + 1}`;
    const record: IkeSaRecord = {
      id, ispi, rspi, initiator: req.src, responder: req.dst, state: 'established',
      stateReason: `made by rekeying ${old.id} (frame ${r.frame})`, proposal: chosenProposal(proposal), nat: old.nat, client: old.client,
      eap: null, decrypted: false, rekeyedFrom: old.id, rekeyedTo: null, messages: [], childSas: [], events: [],
      addresses: [{ frame: r.frame, initiator: req.src, responder: req.dst }],
    };
    // RFC 7296 §2.8.2: a second rekey of the same IKE_SA is a collision; "the new IKE SA
    // containing the lowest nonce SHOULD be deleted by the node that created it", and the old
    // one's successor is the other.
    const rival = old.rekeyedTo ? this.sas.find((x) => x.record.id === old.rekeyedTo) : undefined;
    let collided = '';
    if (rival?.ni && rival.nr && req.nonce && nonce) {
      const loses = compareLowestNonces([req.nonce, nonce.data], [rival.ni, rival.nr]) < 0;
      collided = `; collided with ${rival.record.id}, ${loses ? id : rival.record.id} has the lowest nonce and is redundant (RFC 7296 §2.8.2)`;
      if (!loses) old.rekeyedTo = id;
    } else old.rekeyedTo = id;
    const next = this.register(record, ispi, rspi);
    next.negotiated = negotiated(proposal);
    next.ni = req.nonce;
    next.nr = nonce?.data;
    next.rekeyOf = { id: old.id, frame: r.frame };
    record.events.push({ frame: r.frame, ts: old.messages.at(-1)?.ts ?? 0, kind: 'established', by: req.byInitiator ? 'initiator' : 'responder', detail: `made by rekeying ${old.id}` });
    // The CHILD_SAs move to the new IKE_SA (§2.18); the record keeps them where they were made.
    this.event(sa, r.frame, 'ike-rekeyed', req.byInitiator, `rekeyed into ${id} (SPIs ${ispi}/${rspi}) with ${chosenProposal(proposal).dh ?? 'no KE group'}${collided}`);
  }

  /**
   * The IKE_SAs as they stand mid-capture, for a live view (the TUI while it loads): the records
   * themselves, still growing; states settle and findings come only in `finish`.
   */
  partial(): { readonly frames: number; readonly ikeSas: readonly IkeSaRecord[] } {
    return { frames: this.frames, ikeSas: this.sas.map((s) => s.record) };
  }

  finish(meta: CaptureMeta, late: readonly Problem[] = []): Report {
    for (const p of late) this.problem(p);
    const espRecords: EspSpiRecord[] = this.esp.all().map((s) => {
      const peers = this.espPeers.get(s.spi)!;
      const opened = this.espOpened.get(s.spi) ?? { decrypted: 0, icvFailures: 0 };
      return {
        spi: spiHex(s.spi), src: peers.src, dst: peers.dst, udpEncapsulated: peers.udp, packets: s.packets, bytes: s.bytes,
        firstFrame: s.firstFrame, lastFrame: s.lastFrame, firstTs: round6(s.firstTs), lastTs: round6(s.lastTs), volume: s.volume.toJSON(), firstSeq: s.firstSeq, highestSeq: s.highestSeq, missing: s.missing, replays: s.replays, reordered: s.reordered,
        decrypted: opened.decrypted, icvFailures: opened.icvFailures, events: [...s.events],
      };
    });
    const bySpi = new Map(espRecords.map((e) => [e.spi, e]));
    let childDecrypted = 0;
    for (const sa of this.sas) {
      this.settle(sa, espRecords);
      for (const c of sa.record.childSas) {
        for (const spi of [c.spiI, c.spiR]) {
          const e = bySpi.get(spi);
          c.esp[spi] = { packets: e?.packets ?? 0, bytes: e?.bytes ?? 0, decrypted: e?.decrypted ?? 0, icvFailures: e?.icvFailures ?? 0 };
        }
        if (Object.values(c.esp).some((x) => x.decrypted > 0)) childDecrypted++;
      }
    }
    for (const { finding, more } of this.findingIndex.values()) if (more) (finding as { title: string }).title += ` (and ${more} more)`;
    return {
      schema: REPORT_SCHEMA,
      capture: { path: meta.path, format: meta.format, compressed: meta.compressed, frames: this.frames, bytes: meta.bytes },
      keys: { sources: [...(this.decryption?.store.sources ?? [])], ikeSasDecrypted: this.sas.filter((s) => s.record.decrypted).length, childSasDecrypted: childDecrypted },
      ikeSas: this.sas.map((s) => s.record),
      esp: espRecords,
      ikev1: { messages: this.ikev1Messages, frames: this.ikev1Frames },
      natKeepalives: this.keepalives,
      findings: this.findings,
    };
  }

  private settle(sa: SaState, esp: readonly EspSpiRecord[]): void {
    const rec = sa.record;
    if (sa.failure) { rec.state = 'failed'; rec.stateReason = sa.failure.reason; return; }
    if (sa.authOutcome && !sa.authOutcome.ok) { rec.state = 'failed'; rec.stateReason = sa.authOutcome.reason; return; }
    if (sa.deleted && rec.rekeyedTo) {
      rec.state = 'rekeyed';
      rec.stateReason = `rekeyed into ${rec.rekeyedTo}, then deleted (frame ${sa.deleted.frame})`;
      return;
    }
    if (sa.deleted) {
      rec.state = 'deleted';
      rec.stateReason = `deleted by the ${sa.deleted.byInitiator ? 'initiator' : 'responder'} (frame ${sa.deleted.frame})`;
      return;
    }
    if (sa.authOutcome?.ok) { rec.state = 'established'; rec.stateReason = sa.authOutcome.reason; return; }
    if (sa.rekeyOf) { rec.state = 'established'; rec.stateReason = `made by rekeying ${sa.rekeyOf.id} (frame ${sa.rekeyOf.frame})`; return; }
    if (!sa.authAnswered) {
      // Mid-capture SAs: later exchanges under these SPIs mean it was up.
      if (!sa.initRequest && rec.messages.length) { rec.state = 'established'; rec.stateReason = 'seen in use; the capture starts after it was set up'; }
      return;
    }
    const peers = new Set([sa.initiatorIp, sa.responderIp]);
    const traffic = esp.some((e) => peers.has(e.src) && peers.has(e.dst));
    if (sa.laterExchanges > 0 || traffic) {
      rec.state = 'established';
      rec.stateReason = `IKE_AUTH answered and ${traffic ? 'ESP traffic' : 'further exchanges'} followed (contents are encrypted: give keys to see more)`;
    } else {
      rec.stateReason = 'IKE_AUTH was answered, but whether it succeeded is encrypted (give keys to see)';
    }
  }
}
