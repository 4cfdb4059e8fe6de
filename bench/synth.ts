/**
 * Synthesizes a benchmark capture like DESIGN.md's reference one: Ethernet/IPv4/UDP-4500
 * ESP-in-UDP packets of realistic sizes (full-MTU data, small ACKs, some mid-sized), with
 * increasing sequence numbers on the four SPIs of two CHILD_SAs, after a real-looking IKEv2
 * setup (IKE_SA_INIT on 500, IKE_AUTH on 4500 behind the non-ESP marker) built with ikescope's
 * own codec. Written with PcapWriter, so it streams: memory does not grow with the frame count.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PcapWriter } from '../src/capture/pcap-writer.js';
import { serializeMessage, type Payload } from '../src/ikev2/index.js';
import { makeNotify } from '../src/ikev2/payloads/notify.js';
import { ExchangeType } from '../src/ikev2/registry/exchange-types.js';
import { NotifyType } from '../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../src/ikev2/registry/payload-types.js';
import { strongSwanVendorId } from '../src/ikev2/vendor-ids.js';

export interface SynthOptions {
  /** ESP frames to write (the IKE setup adds 4 more at the start). */
  readonly frames: number;
  /** Seed for the size and direction choices, so two runs write the same capture. */
  readonly seed?: number;
}

export interface SynthResult {
  readonly path: string;
  readonly frames: number;
  readonly espFrames: number;
  readonly ikeFrames: number;
  readonly bytes: number;
  readonly spis: readonly string[];
}

export const CLIENT = Uint8Array.of(198, 51, 100, 2);
export const GATEWAY = Uint8Array.of(198, 51, 100, 1);
const MAC_CLIENT = Uint8Array.of(2, 0, 0, 0, 0, 2);
const MAC_GATEWAY = Uint8Array.of(2, 0, 0, 0, 0, 1);

/** mulberry32, as in the test helpers. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** RFC 791 header checksum. */
export function ipChecksum(h: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (h[i]! << 8) | h[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One Ethernet/IPv4/UDP frame around `payload`, written into a new buffer. */
export function udpFrame(fromClient: boolean, sport: number, dport: number, payload: Uint8Array, ipId: number): Uint8Array {
  const out = new Uint8Array(14 + 20 + 8 + payload.length);
  const v = new DataView(out.buffer);
  out.set(fromClient ? MAC_GATEWAY : MAC_CLIENT, 0);
  out.set(fromClient ? MAC_CLIENT : MAC_GATEWAY, 6);
  v.setUint16(12, 0x0800);
  const ip = out.subarray(14, 34);
  ip[0] = 0x45;
  v.setUint16(16, 20 + 8 + payload.length);
  v.setUint16(18, ipId & 0xffff);
  v.setUint16(20, 0x4000); // DF
  ip[8] = 64;
  ip[9] = 17;
  ip.set(fromClient ? CLIENT : GATEWAY, 12);
  ip.set(fromClient ? GATEWAY : CLIENT, 16);
  v.setUint16(24, ipChecksum(ip));
  v.setUint16(34, sport);
  v.setUint16(36, dport);
  v.setUint16(38, 8 + payload.length);
  out.set(payload, 42);
  return out;
}

export function natHash(ispi: Uint8Array, rspi: Uint8Array, ip: Uint8Array, port: number): Uint8Array {
  const p = Uint8Array.of(port >> 8, port & 0xff);
  return new Uint8Array(createHash('sha1').update(ispi).update(rspi).update(ip).update(p).digest());
}

/** IKE_SA_INIT request and response, IKE_AUTH request and response (encrypted: random SK). */
function ikeSetup(ispi: Uint8Array, rspi: Uint8Array): { fromClient: boolean; port: number; bytes: Uint8Array }[] {
  const zero = new Uint8Array(8);
  const sa = (number: number): Payload => ({
    type: PayloadType.SA,
    proposals: [{
      number, protocolId: 1, spi: new Uint8Array(0),
      transforms: [
        { transformType: 1, transformId: 12, attributes: [{ format: 'TV', type: 14, value: 128 }] }, // ENCR_AES_CBC 128
        { transformType: 3, transformId: 12, attributes: [] }, // AUTH_HMAC_SHA2_256_128
        { transformType: 2, transformId: 5, attributes: [] }, // PRF_HMAC_SHA2_256
        { transformType: 4, transformId: 14, attributes: [] }, // MODP_2048
      ],
    }],
  });
  const init = (response: boolean): Payload[] => {
    const r = response ? rspi : zero;
    const [srcIp, dstIp] = response ? [GATEWAY, CLIENT] : [CLIENT, GATEWAY];
    return [
      sa(1),
      { type: PayloadType.KE, group: 14, data: new Uint8Array(randomBytes(256)) },
      { type: PayloadType.NONCE, data: new Uint8Array(randomBytes(32)) },
      makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, natHash(ispi, r, srcIp, 500)),
      makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(ispi, r, dstIp, 500)),
      { type: PayloadType.V, data: strongSwanVendorId() },
    ];
  };
  const auth = (bytes: number): Payload[] => [{ type: PayloadType.SK, innerType: PayloadType.IDi, data: new Uint8Array(randomBytes(bytes)) }];
  const marker = (b: Uint8Array) => {
    const out = new Uint8Array(4 + b.length);
    out.set(b, 4);
    return out;
  };
  const h = (exchangeType: number, messageId: number, response: boolean, r: Uint8Array) =>
    ({ ispi, rspi: r, exchangeType, messageId, initiator: !response, response });
  return [
    { fromClient: true, port: 500, bytes: serializeMessage({ header: h(ExchangeType.IKE_SA_INIT, 0, false, zero), payloads: init(false) }) },
    { fromClient: false, port: 500, bytes: serializeMessage({ header: h(ExchangeType.IKE_SA_INIT, 0, true, rspi), payloads: init(true) }) },
    { fromClient: true, port: 4500, bytes: marker(serializeMessage({ header: h(ExchangeType.IKE_AUTH, 1, false, rspi), payloads: auth(16 + 400 + 16) })) },
    { fromClient: false, port: 4500, bytes: marker(serializeMessage({ header: h(ExchangeType.IKE_AUTH, 1, true, rspi), payloads: auth(16 + 1200 + 16) })) },
  ];
}

/**
 * Inner packet sizes: 70% full-MTU data (1400 bytes), 20% ACK-sized (40-100), 10% in between;
 * with ESP's IV, padding, ICV and the outer headers that averages ≈ 1.17 kB a frame, as in the
 * reference capture (235 MB / 207,832 frames).
 */
function innerLength(r: () => number): number {
  const k = r();
  if (k < 0.7) return 1400;
  if (k < 0.9) return 40 + Math.floor(r() * 60);
  return 200 + Math.floor(r() * 1000);
}

/** A synthetic capture's Ethernet frames written with a clock that the generator advances. */
export class FrameSink {
  private readonly w: PcapWriter;
  private sec = 1_700_000_000;
  private usec = 0;
  /** File size so far: the pcap header, then 16 octets of record header per frame. */
  bytes = 24;

  constructor(path: string) { this.w = new PcapWriter(path, { linkType: 1 }); }

  tick(us: number): void {
    this.usec += us;
    if (this.usec >= 1_000_000) { this.sec += Math.floor(this.usec / 1_000_000); this.usec %= 1_000_000; }
  }

  async put(frame: Uint8Array): Promise<void> {
    await this.w.write(this.sec, this.usec * 1000, frame);
    this.bytes += 16 + frame.length;
  }

  close(): Promise<void> { return this.w.close(); }
}

export async function synthesize(path: string, o: SynthOptions): Promise<SynthResult> {
  const r = rng(o.seed ?? 0xbe4c);
  const w = new FrameSink(path);
  const ispi = Uint8Array.of(0x36, 0xbe, 0xd7, 0x04, 0xd0, 0x40, 0x1f, 0xd6);
  const rspi = Uint8Array.of(0x5f, 0x7e, 0x1c, 0x5e, 0x18, 0xdd, 0x8e, 0x1e);
  let ipId = 1;
  const tick = (us: number) => w.tick(us);
  const put = (frame: Uint8Array) => w.put(frame);
  const ike = ikeSetup(ispi, rspi);
  for (const m of ike) {
    await put(udpFrame(m.fromClient, m.port, m.port, m.bytes, ipId++));
    tick(2000);
  }
  // Two CHILD_SAs; per SA one SPI per direction (client → gateway, gateway → client).
  const spis = [0xc1a0_0001, 0xc1a0_0002, 0xc2b0_0001, 0xc2b0_0002];
  const seq = spis.map(() => 0);
  // Random bytes stand in for ciphertext: one pool, sliced at varying offsets.
  const pool = new Uint8Array(randomBytes(1 << 16));
  for (let i = 0; i < o.frames; i++) {
    const sa = r() < 0.6 ? 0 : 1;
    const fromClient = r() < 0.55;
    const k = sa * 2 + (fromClient ? 0 : 1);
    const inner = innerLength(r);
    // RFC 4303 §2.4: payload + padding + pad length + next header, to the AES block size.
    const ct = Math.ceil((inner + 2) / 16) * 16;
    const espLength = 8 + 16 + ct + 16; // SPI, seq, IV, ciphertext, ICV (HMAC-SHA2-256-128)
    const esp = new Uint8Array(espLength);
    const v = new DataView(esp.buffer);
    v.setUint32(0, spis[k]!);
    v.setUint32(4, ++seq[k]!);
    const from = Math.floor(r() * (pool.length - espLength));
    esp.set(pool.subarray(from, from + espLength - 8), 8);
    await put(udpFrame(fromClient, 4500, 4500, esp, ipId++));
    tick(50 + Math.floor(r() * 100));
  }
  await w.close();
  return { path, frames: ike.length + o.frames, espFrames: o.frames, ikeFrames: ike.length, bytes: w.bytes, spis: spis.map((s) => s.toString(16)) };
}
