/**
 * Crafted IKEv2 sessions for the Windows rules, built with the project's own codec: a Windows 10
 * IKE_SA_INIT (Vendor IDs and the six MODP_1024 proposals of WINDOWS-INTEROP.md) or any other,
 * then IKE_AUTH / CREATE_CHILD_SA / INFORMATIONAL messages sealed with sealSk under fixed keys,
 * and those keys written as an ikescope JSON key file (src/keys/README.md) in a temp dir, so the
 * report goes through the real key loading and decryption path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/analysis/model.js';
import { encrAlgorithm, integAlgorithm } from '../../src/crypto/algorithms.js';
import { sealSk } from '../../src/crypto/sk.js';
import type { SkKeys } from '../../src/crypto/types.js';
import { serializeMessage, serializePayloads } from '../../src/ikev2/message.js';
import type { Payload } from '../../src/ikev2/payload.js';
import { makeCertReq } from '../../src/ikev2/payloads/certreq.js';
import { makeId } from '../../src/ikev2/payloads/id.js';
import { makeNotify } from '../../src/ikev2/payloads/notify.js';
import { ExchangeType } from '../../src/ikev2/registry/exchange-types.js';
import { NotifyType } from '../../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { TransformType } from '../../src/ikev2/registry/transform-types.js';
import { KnownVendorId } from '../../src/ikev2/vendor-ids.js';
import { SPI_I, SPI_R, ZERO, natd, nonce } from './ike.js';
import { reportOf } from './lint.js';
import { concat, ethernet, hex, ipv4, ipv4Fragments, udp } from './packets.js';
import { pcapBytes } from './pcap-file.js';

export const CLIENT_IP = '198.51.100.2';
export const GATEWAY_IP = '198.51.100.1';

const ENCR = encrAlgorithm(12, 128)!;
const INTEG = integAlgorithm(12)!;
const KEY = {
  skD: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  skEi: '0102030405060708090a0b0c0d0e0f10', skEr: '1112131415161718191a1b1c1d1e1f20',
  skAi: '2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40',
  skAr: '4142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60',
  skPi: '6162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80',
  skPr: '8182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0',
};
const keysOf = (initiator: boolean): SkKeys => ({
  encr: ENCR, integ: INTEG, integrity: 'check',
  encrKey: hex(initiator ? KEY.skEi : KEY.skEr), integKey: hex(initiator ? KEY.skAi : KEY.skAr),
});

/** A transform list as the SA payload carries it: [type, id, keyLength?]. */
type T = [number, number, number?];
const proposal = (number: number, protocolId: number, ts: T[], spi: Uint8Array = new Uint8Array(0)) => ({
  number, protocolId, spi,
  transforms: ts.map(([transformType, transformId, kl]) => ({
    transformType, transformId, attributes: kl ? [{ format: 'TV' as const, type: 14, value: kl }] : [],
  })),
});
const { ENCR: E, INTEG: I, PRF: P, KE: K, SN } = TransformType;

/** IKE proposals as [encr, keyLength, integ, prf, dh] tuples. */
export function ikeSa(props: Array<[number, number | undefined, number, number, number]>, spi?: Uint8Array): Payload {
  return {
    type: PayloadType.SA,
    proposals: props.map(([e, kl, i, p, d], k) => proposal(k + 1, 1, [[E, e, kl], [I, i], [P, p], [K, d]], spi)),
  };
}

/** ESP proposals as [encr, keyLength, integ, dh?] tuples. */
export function espSa(props: Array<[number, number | undefined, number, number?]>, spi: Uint8Array = hex("c0ffee01")): Payload {
  return {
    type: PayloadType.SA,
    proposals: props.map(([e, kl, i, d], k) => proposal(k + 1, 3, [[E, e, kl], [I, i], ...(d ? [[K, d] as T] : []), [SN, 0]], spi)),
  };
}

/** Windows 10's six-proposal offer (seed 002; WINDOWS-INTEROP.md): 3DES before AES-256, all MODP_1024. */
export const WINDOWS10_PROPOSALS = ikeSa([
  [3, undefined, 2, 2, 2], [12, 256, 2, 2, 2], [3, undefined, 12, 5, 2], [12, 256, 12, 5, 2], [3, undefined, 13, 6, 2], [12, 256, 13, 6, 2],
]);

/** Windows' Vendor IDs in its order (WINDOWS-INTEROP.md), MS NT5 ISAKMPOAKLEY with version 9 (Windows 8 and later). */
export const WINDOWS_VIDS: Payload[] = [
  { type: PayloadType.V, data: concat(KnownVendorId.MS_NT5_ISAKMPOAKLEY, hex('00000009')) },
  { type: PayloadType.V, data: KnownVendorId.MS_NEGOTIATION_DISCOVERY_CAPABLE },
  { type: PayloadType.V, data: KnownVendorId.MS_VID_INITIAL_CONTACT },
  { type: PayloadType.V, data: hex('01528bbbc00696121849ab9a1c5b2a5100000002') },
];

export const keOf = (group: number, bytes = 128): Payload => ({ type: PayloadType.KE, group, data: new Uint8Array(bytes).fill(5) });

/** Windows 10's IKE_SA_INIT request: SA KE Ni [N(FRAGMENTATION_SUPPORTED)] N(NATD) N(NATD) V V V V. */
export function windows10Init(o: { fragmentation?: boolean; sa?: Payload; ke?: Payload; natSrc?: string } = {}): Payload[] {
  return [
    o.sa ?? WINDOWS10_PROPOSALS, o.ke ?? keOf(2), nonce(),
    ...(o.fragmentation === false ? [] : [makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)]),
    ...natd(SPI_I, ZERO, [o.natSrc ?? CLIENT_IP, 500], [GATEWAY_IP, 500]),
    ...WINDOWS_VIDS,
  ];
}

/** A gateway's IKE_SA_INIT response choosing AES-CBC-256/SHA1/MODP_1024 (proposal 2 of Windows 10's offer). */
export function gatewayInit(o: { chosen?: Payload; ke?: Payload; extra?: Payload[]; natSrc?: string } = {}): Payload[] {
  return [
    o.chosen ?? ikeSa([[12, 256, 2, 2, 2]]), o.ke ?? keOf(2), nonce(),
    ...natd(SPI_I, SPI_R, [o.natSrc ?? GATEWAY_IP, 500], [CLIENT_IP, 500]),
    ...(o.extra ?? []),
  ];
}

export interface Step {
  from: 'client' | 'gateway';
  exchange: number;
  mid: number;
  response?: boolean;
  /** Inner payloads, sealed in SK. */
  payloads: Payload[];
  /** Send as IP fragments of this many octets each (no IKEv2 fragmentation). */
  ipFragmentSize?: number;
  /** Client address for this message (a MOBIKE move). */
  clientIp?: string;
}

export interface Session {
  clientInit?: Payload[];
  /** Absent: the IKE_SA_INIT had no response. */
  gatewayInit?: Payload[] | null;
  steps?: Step[];
  /** Give the key file (default true). */
  keys?: boolean;
  assumeClient?: string;
}

/** The session's frames, its capture and key file in a temp dir, and the report of both. */
export async function sessionReport(s: Session): Promise<Report> {
  const frames: Uint8Array[] = [];
  const hop = (from: 'client' | 'gateway', port: number, clientIp = CLIENT_IP) =>
    (from === 'client' ? { src: clientIp, dst: GATEWAY_IP, sport: port, dport: port } : { src: GATEWAY_IP, dst: clientIp, sport: port, dport: port });
  const push = (h: { src: string; dst: string; sport: number; dport: number }, body: Uint8Array, fragSize?: number) => {
    const payload = h.sport === 4500 ? concat(new Uint8Array(4), body) : body;
    const dgram = udp(h.sport, h.dport, payload);
    if (fragSize) for (const ip of ipv4Fragments(h.src, h.dst, 17, dgram, fragSize)) frames.push(ethernet(ip));
    else frames.push(ethernet(ipv4(h.src, h.dst, 17, dgram)));
  };
  const header = (exchangeType: number, messageId: number, initiator: boolean, response: boolean, rspi: Uint8Array) =>
    ({ ispi: SPI_I, rspi, exchangeType, messageId, initiator, response });
  push(hop('client', 500), serializeMessage({ header: header(ExchangeType.IKE_SA_INIT, 0, true, false, ZERO), payloads: s.clientInit ?? windows10Init() }));
  if (s.gatewayInit !== null) {
    push(hop('gateway', 500), serializeMessage({ header: header(ExchangeType.IKE_SA_INIT, 0, false, true, SPI_R), payloads: s.gatewayInit ?? gatewayInit() }));
  }
  for (const st of s.steps ?? []) {
    const client = st.from === 'client';
    const prefix = serializeMessage({ header: header(st.exchange, st.mid, client, st.response ?? false, SPI_R), payloads: [] });
    const inner = serializePayloads(st.payloads);
    const msg = sealSk(prefix, st.payloads.length ? inner.firstType : 0, inner.bytes, keysOf(client), { random: (o) => o.fill(0x42) });
    push(hop(st.from, 4500, st.clientIp), msg, st.ipFragmentSize);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-windows-'));
  const capture = join(dir, 'session.pcap');
  writeFileSync(capture, pcapBytes(frames));
  const keyFile = join(dir, 'keys.json');
  writeFileSync(keyFile, JSON.stringify({
    schema: 'ikescope.keys/1',
    ike: [{ ispi: '0102030405060708', rspi: '1112131415161718', encr: 'ENCR_AES_CBC_128', integ: 'AUTH_HMAC_SHA2_256_128', prf: 'PRF_HMAC_SHA2_256', ...KEY }],
  }, null, 2));
  return reportOf(capture, s.keys === false ? [] : [keyFile], s.assumeClient);
}

/** A Windows error in N(12345) (MS_NOTIFY_STATUS): 4 octets, big-endian. */
export function msStatus(code: number): Payload {
  const d = new Uint8Array(4);
  new DataView(d.buffer).setUint32(0, code);
  return makeNotify(NotifyType.MS_NOTIFY_STATUS, d);
}

// --- inner payloads -------------------------------------------------------------------------

/** TSi/TSr with IPv4 ranges given as [start, end] (or IPv6 when the address has a colon). */
export function tsOf(type: typeof PayloadType.TSi | typeof PayloadType.TSr, ...ranges: Array<[string, string]>): Payload {
  return {
    type,
    selectors: ranges.map(([startAddress, endAddress]) => ({
      tsType: startAddress.includes(':') ? (8 as const) : (7 as const), ipProtocol: 0, startPort: 0, endPort: 65535, startAddress, endAddress,
    })),
  };
}
export const ALL4: [string, string] = ['0.0.0.0', '255.255.255.255'];
export const innerNonce = (): Payload => ({ type: PayloadType.NONCE, data: new Uint8Array(32).fill(1) });
export const auth = (method: number): Payload => ({ type: PayloadType.AUTH, method, data: new Uint8Array(32).fill(2) });
export const cert = (bytes = 900): Payload => ({ type: PayloadType.CERT, encoding: 4, data: new Uint8Array(bytes).fill(0x30) });
export const certreq = (cas: number): Payload => makeCertReq(Array.from({ length: cas }, (_, k) => new Uint8Array(20).fill(k + 1)));
/** CP with IPv4/IPv6 address attributes (values given as raw octets: 4 or 17). */
export function cp(cfgType: number, attrs: Array<[number, number]>): Payload {
  return { type: PayloadType.CP, cfgType, attributes: attrs.map(([attrType, len]) => ({ attrType, value: new Uint8Array(len).fill(len === 17 ? 0x20 : 192) })) };
}
/** EAP: code 1 request, 2 response, 3 success; type 1 Identity with `text`. */
export function eap(code: number, eapType?: number, text = ''): Payload {
  return { type: PayloadType.EAP, code, identifier: 1, ...(eapType !== undefined ? { eapType } : {}), typeData: new TextEncoder().encode(text) };
}
export const idOf = (type: typeof PayloadType.IDi | typeof PayloadType.IDr, idType: number, value: string): Payload => makeId(type, idType, value);
export const rekeySa = (spi: string): Payload => makeNotify(NotifyType.REKEY_SA, new Uint8Array(0), { protocolId: 3, spi: hex(spi) });
/** A Delete payload for the IKE_SA (RFC 7296 §3.11: protocol 1, no SPIs). */
export const deleteIke = (): Payload => ({ type: PayloadType.D, protocolId: 1, spiSize: 0, spis: [] });

/** The client's IDi as Windows sends it with EAP: its address (WINDOWS-INTEROP.md). */
export const IDi = (): Payload => idOf(PayloadType.IDi, 1, CLIENT_IP);
export const IDr = (type = 2, value = 'vpn.example'): Payload => idOf(PayloadType.IDr, type, value);
/** An EAP IKE_AUTH: request 1 without AUTH, the gateway's signed response with EAP Identity. */
export const authStart = (req: Step['payloads'], res: Step['payloads']): Step[] => [
  { from: 'client', exchange: ExchangeType.IKE_AUTH, mid: 1, payloads: req },
  { from: 'gateway', exchange: ExchangeType.IKE_AUTH, mid: 1, response: true, payloads: res },
];
