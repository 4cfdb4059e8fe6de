/**
 * Sessions without keys (first cut): IKE messages grouped into IKE_SAs by SPI pair, requests
 * paired with responses by message ID, retransmissions marked, the chosen IKE proposal, NAT
 * detection, client fingerprint from Vendor IDs, and ESP counted per SPI.
 *
 * Memory grows with the number of SAs and IKE messages, never with ESP volume.
 */
import { spiHex } from '../esp/header.js';
import { EspLedger } from '../esp/sequence.js';
import { hex } from '../ikev2/bytes.js';
import type { IkeMessage } from '../ikev2/message.js';
import { payloadLabels } from '../ikev2/notation.js';
import { isRaw, type Payload } from '../ikev2/payload.js';
import type { NotifyPayload } from '../ikev2/payloads/notify.js';
import { ExchangeType, exchangeName } from '../ikev2/registry/exchange-types.js';
import { isErrorNotify, NotifyType, notifyName } from '../ikev2/registry/notify-types.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
import { lookupVendorId, vendorIdLabel } from '../ikev2/vendor-ids.js';
import type { Problem } from '../problem.js';
import type { EspSpiRecord, Finding, IkeSaRecord, MessageRecord, Report } from './model.js';
import { REPORT_SCHEMA } from './model.js';
import { natVerdict, type ObservedMessage } from './nat.js';
import type { FrameRecord } from './packets.js';
import { chosenProposal } from '../ikev2/proposal.js';

interface SaState {
  readonly record: IkeSaRecord;
  readonly ispi: Uint8Array;
  /** Open messages by `${fromOriginalInitiator}|${response}|${mid}`: latest digest per key. */
  readonly seen: Map<string, { digest: number; message: MessageRecord; fragments?: Set<number> }>;
  initRequest?: ObservedMessage;
  initResponse?: ObservedMessage;
  authAnswered: boolean;
  /** An error notify that ended IKE_SA_INIT or IKE_AUTH in the clear. */
  failure?: { frame: number; reason: string };
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

function clientProfile(vendorIds: readonly Uint8Array[]): string {
  const vendors = vendorIds.map((v) => lookupVendorId(v)?.vendor);
  if (vendors.includes('Microsoft')) return 'windows';
  if (vendors.includes('strongSwan')) return 'strongswan';
  return 'unknown';
}

export class SessionBuilder {
  private readonly byPair = new Map<string, SaState>();
  /** SAs whose responder SPI is not known yet, by initiator SPI. */
  private readonly pending = new Map<string, SaState>();
  private readonly sas: SaState[] = [];
  private readonly esp = new EspLedger();
  private readonly espPeers = new Map<number, { src: string; dst: string; udp: boolean }>();
  private readonly findings: Finding[] = [];
  private readonly ikev1Frames: number[] = [];
  private ikev1Messages = 0;
  private keepalives = 0;
  private frames = 0;
  private firstTs: number | undefined;

  add(r: FrameRecord): void {
    this.frames++;
    const ts = r.sec + r.nsec / 1e9;
    this.firstTs ??= ts;
    for (const p of r.problems) this.problem(p);
    if (r.net.content.kind === 'nat-keepalive') this.keepalives++;
    if (r.esp) {
      this.esp.add(r.esp.spi, r.frame, r.esp.seq, r.esp.length);
      if (!this.espPeers.has(r.esp.spi)) this.espPeers.set(r.esp.spi, { src: r.net.src!.ip, dst: r.net.dst!.ip, udp: r.esp.udpEncapsulated });
    }
    if (r.ike?.version === 1) {
      this.ikev1Messages++;
      if (this.ikev1Frames.length < 1000) this.ikev1Frames.push(r.frame);
    }
    if (r.ike?.version === 2 && r.net.content.kind === 'ike') this.ikeMessage(r, r.ike.message, r.net.content.bytes, ts - this.firstTs);
  }

  problem(p: Problem): void {
    const severity = p.code.startsWith('capture/unknown-block') ? 'info' : 'warning';
    this.findings.push({
      rule: p.code, severity, title: p.message, ikeSa: null, frames: p.frame !== undefined ? [p.frame] : [],
      explanation: 'The input could not be read as it claims to be; the rest of the capture was still analysed.',
      fix: 'None in the gateway: check how the capture was taken (snap length, truncation, link type).',
    });
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
        this.byPair.set(i + rs, open);
        return open;
      }
    } else {
      const open = this.pending.get(i);
      if (open) return open;
    }
    // The I flag says whether the sender is the original initiator (RFC 7296 §3.1).
    const fromInit = h.initiator;
    const src = r.net.src!;
    const dst = r.net.dst!;
    const initiator = fromInit ? src : dst;
    const responder = fromInit ? dst : src;
    const startsHere = h.exchangeType === ExchangeType.IKE_SA_INIT;
    const record: IkeSaRecord = {
      id: `ike-${this.sas.length + 1}`, ispi: i, rspi: rs,
      initiator: { ip: initiator.ip, port: initiator.port ?? 0 }, responder: { ip: responder.ip, port: responder.port ?? 0 },
      state: 'incomplete',
      stateReason: startsHere ? 'IKE_SA_INIT was not answered' : 'the capture starts after this IKE_SA was set up',
      proposal: null, nat: { initiatorBehindNat: null, responderBehindNat: null }, client: { profile: 'unknown', vendorIds: [] },
      decrypted: false, rekeyedFrom: null, rekeyedTo: null, messages: [], childSas: [],
    };
    const sa: SaState = { record, ispi: h.ispi, seen: new Map(), authAnswered: false, laterExchanges: 0, initiatorIp: initiator.ip, responderIp: responder.ip };
    this.sas.push(sa);
    if (rs === ZERO_SPI) this.pending.set(i, sa);
    else this.byPair.set(i + rs, sa);
    return sa;
  }

  private ikeMessage(r: FrameRecord, m: IkeMessage, bytes: Uint8Array, rel: number): void {
    const h = m.header;
    const sa = this.saFor(r, m);
    const key = `${h.initiator}|${h.response}|${h.messageId}`;
    const d = digest(bytes);
    const skf = m.payloads.find((p) => p.type === PayloadType.SKF);
    const fragNo = skf && 'fragmentNumber' in skf ? skf.fragmentNumber : undefined;
    const prev = sa.seen.get(key);
    // RFC 7383 §2.5: fragments of one message share its message ID; each is its own datagram.
    if (prev && fragNo !== undefined && prev.fragments && !prev.fragments.has(fragNo)) {
      prev.fragments.add(fragNo);
      prev.message.frames.push(...r.net.frames);
      return;
    }
    const retransmission = prev !== undefined && (prev.digest === d || (fragNo !== undefined && prev.fragments?.has(fragNo) === true));
    const message: MessageRecord = {
      frames: [...r.net.frames], ts: Math.round(rel * 1e6) / 1e6, exchange: exchangeName(h.exchangeType), mid: h.messageId,
      response: h.response, fromInitiator: h.initiator, payloads: payloadLabels(m), inner: null, retransmission, pairedFrame: null,
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
    if (retransmission) return;
    this.exchangeFacts(sa, r, m);
  }

  private exchangeFacts(sa: SaState, r: FrameRecord, m: IkeMessage): void {
    const h = m.header;
    const rec = sa.record;
    const errors = notifies(m.payloads).filter((n) => isErrorNotify(n.notifyType));
    if (h.exchangeType === ExchangeType.IKE_SA_INIT) {
      const observed: ObservedMessage = {
        ispi: h.ispi, rspi: h.rspi, srcIp: r.net.srcAddr!, srcPort: r.net.src!.port ?? 0, dstIp: r.net.dstAddr!, dstPort: r.net.dst!.port ?? 0, hashes: natHashes(m),
      };
      if (!h.response) {
        sa.initRequest = observed;
        const vids = m.payloads.filter((p) => p.type === PayloadType.V && !isRaw(p)).map((p) => ('data' in p ? p.data : new Uint8Array()));
        rec.client = { profile: clientProfile(vids), vendorIds: vids.map(vendorIdLabel) };
        if (rec.state === 'incomplete') rec.stateReason = 'IKE_SA_INIT was not answered';
      } else {
        sa.initResponse = observed;
        const sa0 = m.payloads.find((p) => p.type === PayloadType.SA && !isRaw(p));
        if (sa0 && 'proposals' in sa0 && sa0.proposals[0]) {
          rec.proposal = chosenProposal(sa0.proposals[0]);
          rec.stateReason = 'IKE_SA_INIT answered; IKE_AUTH not seen';
          sa.failure = undefined;
        } else if (errors.length) {
          sa.failure = { frame: r.frame, reason: `IKE_SA_INIT answered with ${errors.map((n) => `N(${notifyName(n.notifyType)})`).join(' ')}` };
        } else if (notifies(m.payloads).some((n) => n.notifyType === NotifyType.COOKIE)) {
          rec.stateReason = 'the responder asked for a COOKIE; no retry seen';
        }
      }
      rec.nat = natVerdict(sa.initRequest, sa.initResponse);
      return;
    }
    if (h.exchangeType === ExchangeType.IKE_AUTH && h.response) {
      sa.authAnswered = true;
      // An unencrypted error answer (RFC 7296 §2.21.2 allows none, but peers send them).
      if (errors.length) sa.failure = { frame: r.frame, reason: `IKE_AUTH answered with ${errors.map((n) => `N(${notifyName(n.notifyType)})`).join(' ')}` };
      return;
    }
    if (h.exchangeType !== ExchangeType.IKE_AUTH) sa.laterExchanges++;
  }

  finish(meta: CaptureMeta, late: readonly Problem[] = []): Report {
    for (const p of late) this.problem(p);
    const espRecords: EspSpiRecord[] = this.esp.all().map((s) => {
      const peers = this.espPeers.get(s.spi)!;
      return {
        spi: spiHex(s.spi), src: peers.src, dst: peers.dst, udpEncapsulated: peers.udp, packets: s.packets, bytes: s.bytes,
        firstFrame: s.firstFrame, lastFrame: s.lastFrame, firstSeq: s.firstSeq, highestSeq: s.highestSeq, missing: s.missing, replays: s.replays, reordered: s.reordered,
      };
    });
    for (const sa of this.sas) this.settle(sa, espRecords);
    return {
      schema: REPORT_SCHEMA,
      capture: { path: meta.path, format: meta.format, compressed: meta.compressed, frames: this.frames, bytes: meta.bytes },
      keys: { sources: [], ikeSasDecrypted: 0, childSasDecrypted: 0 },
      ikeSas: this.sas.map((s) => s.record),
      esp: espRecords,
      ikev1: { messages: this.ikev1Messages, frames: this.ikev1Frames },
      natKeepalives: this.keepalives,
      findings: this.findings,
    };
  }

  private settle(sa: SaState, esp: readonly EspSpiRecord[]): void {
    const rec = sa.record;
    if (sa.failure) {
      rec.state = 'failed';
      rec.stateReason = sa.failure.reason;
      return;
    }
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
