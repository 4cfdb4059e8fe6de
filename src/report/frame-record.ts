/**
 * One frame as `dump` shows it: a JSON record (`--format jsonl`) and a text line. The JSON
 * fields are what the integration tests compare with tshark.
 */
import type { FrameRecord } from '../analysis/packets.js';
import type { FrameNotes } from '../analysis/sessions.js';
import { payloadLabels } from '../ikev2/notation.js';
import { exchangeName } from '../ikev2/registry/exchange-types.js';
import { spiHex } from '../esp/header.js';
import { hex as toHex } from '../ikev2/bytes.js';

export interface FrameJson {
  frame: number;
  /** Seconds since the Unix epoch. */
  ts: number;
  /** Seconds since the capture's first frame. */
  rel: number;
  length: number;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  /** ike, ikev1, esp, nat-keepalive, ip-fragment, other, not-ip, undecodable. */
  kind: string;
  /** Frames that carried it, when more than this one (IP fragments). */
  frames?: number[];
  ike?: {
    ispi: string; rspi: string; version: string; exchange: string; exchangeType: number; mid: number;
    flags: number; initiator: boolean; response: boolean; payloads: string[]; payloadTypes: number[];
    nonEspMarker: boolean; malformed?: string;
    fragment?: { number: number; total: number };
  };
  esp?: {
    spi: string; seq: number; length: number; udpEncapsulated: boolean;
    /** With keys: what the packet carried (RFC 4303 next header, inner summary). */
    decrypted?: { nextHeader: number; integrity: string; src?: string; dst?: string; summary?: string };
  };
  /** With keys: the decrypted inner payloads of an IKE message, in payload notation. */
  inner?: { payloads: string[]; payloadTypes: number[]; integrity: string };
  /** With keys: why an encrypted message or packet stayed closed. */
  closed?: { code: string; message: string };
  problems?: Array<{ code: string; message: string }>;
}

export function frameJson(r: FrameRecord, firstTs: number, notes: FrameNotes = {}): FrameJson {
  const ts = r.sec + r.nsec / 1e9;
  const n = r.net;
  const out: FrameJson = { frame: r.frame, ts, rel: Math.round((ts - firstTs) * 1e9) / 1e9, length: r.length, kind: n.content.kind };
  if (n.src) { out.src = n.src.ip; if (n.src.port !== undefined) out.sport = n.src.port; }
  if (n.dst) { out.dst = n.dst.ip; if (n.dst.port !== undefined) out.dport = n.dst.port; }
  if (n.frames.length > 1) out.frames = [...n.frames];
  if (r.ike?.version === 1) {
    out.kind = 'ikev1';
    const h = r.ike.header;
    out.ike = {
      ispi: toHex(h.ispi), rspi: toHex(h.rspi), version: `${h.majorVersion}.${h.minorVersion}`, exchange: `IKEv1(${h.exchangeType})`,
      exchangeType: h.exchangeType, mid: h.messageId, flags: 0, initiator: false, response: false, payloads: [], payloadTypes: [], nonEspMarker: r.ike.nonEspMarker,
    };
  } else if (r.ike?.version === 2) {
    const { header: h, payloads, malformed } = r.ike.message;
    const flags = (h.initiator ? 0x08 : 0) | (h.version ? 0x10 : 0) | (h.response ? 0x20 : 0);
    out.ike = {
      ispi: toHex(h.ispi), rspi: toHex(h.rspi), version: `${h.majorVersion}.${h.minorVersion}`, exchange: exchangeName(h.exchangeType),
      exchangeType: h.exchangeType, mid: h.messageId, flags, initiator: h.initiator, response: h.response,
      payloads: payloadLabels(r.ike.message), payloadTypes: payloads.map((p) => p.type), nonEspMarker: r.ike.nonEspMarker,
    };
    const skf = payloads.find((p) => p.type === 53);
    if (skf && 'fragmentNumber' in skf) out.ike.fragment = { number: skf.fragmentNumber, total: skf.totalFragments };
    if (malformed) out.ike.malformed = `${malformed.reason} (offset ${malformed.offset})`;
  }
  if (r.esp) {
    out.esp = { spi: spiHex(r.esp.spi), seq: r.esp.seq, length: r.esp.length, udpEncapsulated: r.esp.udpEncapsulated };
    const e = notes.esp;
    if (e) out.esp.decrypted = { nextHeader: e.nextHeader, integrity: e.integrity, ...(e.inner ? { src: e.inner.src, dst: e.inner.dst, summary: e.inner.summary } : {}) };
  }
  if (notes.inner) out.inner = { payloads: notes.inner.labels, payloadTypes: notes.inner.payloads.map((p) => p.type), integrity: notes.inner.integrity };
  if (notes.closed) out.closed = { code: notes.closed.code, message: notes.closed.message };
  if (r.problems.length) out.problems = r.problems.map((p) => ({ code: p.code, message: p.message }));
  return out;
}

const ARROW = '→';

export function frameLine(j: FrameJson): string {
  const where = (ip?: string, port?: number) => (ip === undefined ? '?' : port === undefined ? ip : ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  const head = `${String(j.frame).padStart(6)} ${j.rel.toFixed(6).padStart(12)}  ${where(j.src, j.sport)} ${ARROW} ${where(j.dst, j.dport)}`;
  let what: string;
  if (j.ike && j.kind === 'ike') {
    const i = j.ike;
    const dir = `${i.initiator ? 'I' : 'R'} ${i.response ? 'response' : 'request'}`;
    const frag = i.fragment ? ` fragment ${i.fragment.number}/${i.fragment.total}` : '';
    const sk = j.inner ? i.payloads.map((p) => (p === 'SK' || p === 'SKF' ? `${p} {${j.inner!.payloads.join(' ')}}` : p)) : i.payloads;
    what = `${i.exchange} MID ${i.mid} ${dir}${frag}  ${sk.join(' ')}`;
    if (i.malformed) what += `  [malformed: ${i.malformed}]`;
  } else if (j.ike && j.kind === 'ikev1') {
    what = `IKEv1 (ISAKMP) exchange ${j.ike.exchangeType} MID ${j.ike.mid}: not analysed`;
  } else if (j.esp) {
    what = `ESP${j.esp.udpEncapsulated ? ' (UDP)' : ''} SPI 0x${j.esp.spi} seq ${j.esp.seq} len ${j.esp.length}`;
    const d = j.esp.decrypted;
    if (d) what += d.summary ? `  {${d.src} → ${d.dst} ${d.summary}}` : `  {next header ${d.nextHeader}}`;
  } else {
    what = { 'nat-keepalive': 'NAT-T keepalive', 'ip-fragment': 'IP fragment', other: 'other', 'not-ip': 'not IP', undecodable: 'undecodable', ike: 'IKE (undecodable header)' }[j.kind] ?? j.kind;
  }
  if (j.frames) what += `  [reassembled from frames ${j.frames.join(',')}]`;
  if (j.closed) what += `  [not decrypted: ${j.closed.message}]`;
  const problems = j.problems?.map((p) => `\n${' '.repeat(8)}! ${p.code}: ${p.message}`).join('') ?? '';
  return `${head}  ${what}${problems}`;
}
