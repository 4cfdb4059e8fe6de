/**
 * Synthesizes the decryption benchmark's capture, like DESIGN.md's reference (235 MB, 207,832
 * frames of AES-CBC-128 + HMAC-SHA1-96 ESP): a complete IKEv2 setup whose keys are real, then N
 * Ethernet/IPv4/UDP-4500 ESP packets sealed with ikescope's own sealEsp around inner IPv4
 * packets, so every byte decrypts and every ICV verifies with the keys written beside it.
 *
 *  - IKE_SA_INIT (UDP 500): SA (AES-CBC-128, HMAC-SHA2-256-128, PRF-HMAC-SHA2-256, MODP-2048),
 *    KE, nonces, NAT_DETECTION, Vendor ID. SK_* come from deriveIkeKeys over a made-up g^ir
 *    (no DH is computed: the capture only has to be consistent with the keys given).
 *  - IKE_AUTH (UDP 4500, non-ESP marker): SK payloads sealed with sealSk under SK_ei/SK_ai and
 *    SK_er/SK_ar, carrying IDi/IDr, AUTH, the ESP SA (AES-CBC-128, HMAC-SHA1-96, no ESN) with
 *    each side's SPI, TSi and TSr. The CHILD_SA's keys are childSaKeymat(SK_d, Ni, Nr), so
 *    ikescope given only the IKE keys derives the same ESP keys (RFC 7296 §2.17).
 *  - ESP: one CHILD_SA, its two SPIs (client → gateway on the responder's SPI, gateway → client
 *    on the initiator's), sequence numbers from 1 up. Inner packets (tunnel mode, Next Header
 *    4): 70% 1400-octet UDP, 20% 40-99-octet ICMP echo, 10% 200-1199-octet UDP; IP ID and ICMP
 *    sequence change per packet with their checksums. ≈ 1.17 kB a frame: 200,000 ESP frames
 *    make ≈ 234 MB.
 *
 * Keys are written as `keys.json` (ikescope.keys/1: the IKE_SA and both ESP SAs),
 * `ike-keys.json` (the IKE_SA alone: ESP keys must be derived) and, from keys.json through
 * src/keys' own writer (what `ikescope keys convert --to wireshark` writes), `wireshark/esp_sa`
 * and `wireshark/ikev2_decryption_table` for tshark, with an empty `preferences` so nothing
 * but the command line's -o options turns decryption on.
 *
 * Deterministic: the same N and seed give the same bytes (IVs, nonces and keys come from the
 * seeded generator). Streams through PcapWriter, so memory does not grow with N.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encrAlgorithm, integAlgorithm, prfAlgorithm } from '../src/crypto/algorithms.js';
import { childSaKeymat, deriveIkeKeys } from '../src/crypto/keymat.js';
import { sealSk } from '../src/crypto/sk.js';
import type { EspKeys, SkKeys } from '../src/crypto/types.js';
import { sealEsp } from '../src/esp/decrypt.js';
import { hex, makeId, serializeMessage, serializePayloads, type Payload } from '../src/ikev2/index.js';
import { makeNotify } from '../src/ikev2/payloads/notify.js';
import { AuthMethod } from '../src/ikev2/registry/auth-methods.js';
import { EncrId } from '../src/ikev2/registry/encr.js';
import { ExchangeType } from '../src/ikev2/registry/exchange-types.js';
import { IdType } from '../src/ikev2/registry/id-types.js';
import { IntegId } from '../src/ikev2/registry/integ.js';
import { NotifyType } from '../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../src/ikev2/registry/payload-types.js';
import { PrfId } from '../src/ikev2/registry/prf.js';
import { ProtocolId } from '../src/ikev2/registry/protocol-ids.js';
import { TransformType } from '../src/ikev2/registry/transform-types.js';
import { TsType } from '../src/ikev2/registry/ts-types.js';
import { strongSwanVendorId } from '../src/ikev2/vendor-ids.js';
import { loadKeys, toWiresharkTables } from '../src/keys/index.js';
import { CLIENT, FrameSink, GATEWAY, ipChecksum, natHash, rng, udpFrame } from './synth.js';

export interface EncryptedSynthOptions {
  /** ESP frames to write (the IKE setup adds 4 more at the start). */
  readonly frames: number;
  /** Where keys.json, ike-keys.json and wireshark/ go. */
  readonly keysDir: string;
  readonly seed?: number;
}

export interface EncryptedSynthResult {
  readonly path: string;
  readonly frames: number;
  readonly espFrames: number;
  readonly ikeFrames: number;
  readonly bytes: number;
  /** The ESP SPIs in hex: client → gateway, gateway → client. */
  readonly spis: readonly string[];
  /** ESP frames per SPI, in the order of `spis`. */
  readonly espPerSpi: readonly number[];
  /** Inner packets by kind, and their octets (what decryption must give back). */
  readonly inner: { readonly icmp: number; readonly udp: number; readonly octets: number };
  /**
   * ESP octets (SPI through ICV, as on the wire), of them those the ICV covers (SPI through
   * ciphertext) and those of ciphertext: the bytes HMAC-SHA1 and AES-CBC have to go through.
   */
  readonly esp: { readonly octets: number; readonly authenticated: number; readonly ciphertext: number };
  readonly keys: { readonly all: string; readonly ikeOnly: string; readonly wireshark: string };
  readonly algorithms: { readonly ike: string; readonly esp: string };
}

const INNER_CLIENT = Uint8Array.of(10, 10, 0, 2);
const INNER_SERVER = Uint8Array.of(10, 20, 0, 5);

const IKE_ENCR = encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!;
const IKE_INTEG = integAlgorithm(IntegId.AUTH_HMAC_SHA2_256_128)!;
const IKE_PRF = prfAlgorithm(PrfId.PRF_HMAC_SHA2_256)!;
const ESP_ENCR = encrAlgorithm(EncrId.ENCR_AES_CBC, 128)!;
const ESP_INTEG = integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!;

/** RFC 1071 checksum of b[from, to). */
function inetChecksum(b: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i + 1 < to; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if ((to - from) & 1) sum += b[to - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * Inner IPv4 packets, one buffer per (direction, length), changed in place per packet (IP ID,
 * ICMP sequence, checksums) before sealEsp copies it.
 */
class InnerPackets {
  private readonly cache = new Map<number, Uint8Array>();
  private ipId = 1;
  private icmpSeq = 0;

  get(fromClient: boolean, length: number, icmp: boolean): Uint8Array {
    const key = (fromClient ? 1 : 0) | (icmp ? 2 : 0) | (length << 2);
    let p = this.cache.get(key);
    if (!p) this.cache.set(key, (p = this.make(fromClient, length, icmp)));
    p[4] = this.ipId >>> 8;
    p[5] = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    p[10] = 0;
    p[11] = 0;
    const c = ipChecksum(p);
    p[10] = c >>> 8;
    p[11] = c;
    if (icmp) {
      this.icmpSeq = (this.icmpSeq + 1) & 0xffff;
      p[26] = this.icmpSeq >>> 8;
      p[27] = this.icmpSeq;
      p[22] = 0;
      p[23] = 0;
      const ic = inetChecksum(p, 20, p.length);
      p[22] = ic >>> 8;
      p[23] = ic;
    }
    return p;
  }

  private make(fromClient: boolean, length: number, icmp: boolean): Uint8Array {
    const p = new Uint8Array(length);
    const v = new DataView(p.buffer);
    p[0] = 0x45;
    v.setUint16(2, length);
    v.setUint16(6, 0x4000); // DF
    p[8] = 63;
    p[9] = icmp ? 1 : 17;
    p.set(fromClient ? INNER_CLIENT : INNER_SERVER, 12);
    p.set(fromClient ? INNER_SERVER : INNER_CLIENT, 16);
    if (icmp) {
      p[20] = fromClient ? 8 : 0; // echo request / reply
      v.setUint16(24, 0x4242); // identifier
      for (let i = 28; i < length; i++) p[i] = i & 0xff;
    } else {
      v.setUint16(20, fromClient ? 51000 : 443);
      v.setUint16(22, fromClient ? 443 : 51000);
      v.setUint16(24, length - 20);
      // UDP checksum 0: "no checksum" (RFC 768), valid in IPv4.
      for (let i = 28; i < length; i++) p[i] = (i * 31 + length) & 0xff;
      // A QUIC short header's first octet (RFC 9000 §17.3), so that no heuristic dissector of
      // tshark (RTCP took some) claims the payload and stops before the ESP trailer and ICV.
      p[28] = 0x43;
    }
    return p;
  }
}

/** 70% 1400-octet UDP (bulk), 20% 40-99-octet ICMP (pings, ACK-sized), 10% 200-1199 UDP. */
function innerShape(r: () => number): { length: number; icmp: boolean } {
  const k = r();
  if (k < 0.7) return { length: 1400, icmp: false };
  if (k < 0.9) return { length: 40 + Math.floor(r() * 60), icmp: true };
  return { length: 200 + Math.floor(r() * 1000), icmp: false };
}

function bytesFrom(r: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  fillFrom(r, out);
  return out;
}

function fillFrom(r: () => number, out: Uint8Array): void {
  for (let i = 0; i < out.length; i += 4) {
    const x = (r() * 4294967296) >>> 0;
    out[i] = x;
    if (i + 1 < out.length) out[i + 1] = x >>> 8;
    if (i + 2 < out.length) out[i + 2] = x >>> 16;
    if (i + 3 < out.length) out[i + 3] = x >>> 24;
  }
}

const spiBytes = (spi: number) => Uint8Array.of(spi >>> 24, spi >>> 16, spi >>> 8, spi);

interface IkeSetup {
  readonly messages: { fromClient: boolean; port: number; bytes: Uint8Array }[];
  readonly ikeJson: Record<string, string>;
  /** client → gateway (on spiR), gateway → client (on spiI). */
  readonly esp: { spi: number; keys: EspKeys }[];
}

function ikeSetup(r: () => number): IkeSetup {
  const ispi = bytesFrom(r, 8);
  const rspi = bytesFrom(r, 8);
  const zero = new Uint8Array(8);
  const ni = bytesFrom(r, 32);
  const nr = bytesFrom(r, 32);
  const gir = bytesFrom(r, 256); // stands in for the MODP-2048 shared secret
  const spiI = (0xc0000000 | (r() * 0x3fffffff)) >>> 0; // initiator's inbound ESP SPI
  const spiR = (0xc8000000 | (r() * 0x07ffffff)) >>> 0; // responder's inbound ESP SPI

  const ikeSa: Payload = {
    type: PayloadType.SA,
    proposals: [{
      number: 1, protocolId: ProtocolId.IKE, spi: new Uint8Array(0),
      transforms: [
        { transformType: TransformType.ENCR, transformId: EncrId.ENCR_AES_CBC, attributes: [{ format: 'TV', type: 14, value: 128 }] },
        { transformType: TransformType.INTEG, transformId: IntegId.AUTH_HMAC_SHA2_256_128, attributes: [] },
        { transformType: TransformType.PRF, transformId: PrfId.PRF_HMAC_SHA2_256, attributes: [] },
        { transformType: TransformType.KE, transformId: 14, attributes: [] },
      ],
    }],
  };
  const espSa = (spi: number): Payload => ({
    type: PayloadType.SA,
    proposals: [{
      number: 1, protocolId: ProtocolId.ESP, spi: spiBytes(spi),
      transforms: [
        { transformType: TransformType.ENCR, transformId: EncrId.ENCR_AES_CBC, attributes: [{ format: 'TV', type: 14, value: 128 }] },
        { transformType: TransformType.INTEG, transformId: IntegId.AUTH_HMAC_SHA1_96, attributes: [] },
        { transformType: TransformType.SN, transformId: 0, attributes: [] },
      ],
    }],
  });
  const ts = (type: typeof PayloadType.TSi | typeof PayloadType.TSr, net: number): Payload => ({
    type,
    selectors: [{ tsType: TsType.TS_IPV4_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: `10.${net}.0.0`, endAddress: `10.${net}.255.255` }],
  });
  const init = (response: boolean): Payload[] => {
    const rs = response ? rspi : zero;
    const [srcIp, dstIp] = response ? [GATEWAY, CLIENT] : [CLIENT, GATEWAY];
    return [
      ikeSa,
      { type: PayloadType.KE, group: 14, data: bytesFrom(r, 256) },
      { type: PayloadType.NONCE, data: response ? nr : ni },
      makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, natHash(ispi, rs, srcIp, 500)),
      makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(ispi, rs, dstIp, 500)),
      { type: PayloadType.V, data: strongSwanVendorId() },
    ];
  };
  const header = (exchangeType: number, messageId: number, response: boolean, rs: Uint8Array) =>
    ({ ispi, rspi: rs, exchangeType, messageId, initiator: !response, response });

  const sk = deriveIkeKeys(IKE_PRF, ni, nr, gir, ispi, rspi, IKE_ENCR, IKE_INTEG);
  const skKeys = (encrKey: Uint8Array, integKey: Uint8Array): SkKeys => ({ encr: IKE_ENCR, integ: IKE_INTEG, encrKey, integKey, integrity: 'check' });
  const random = (out: Uint8Array) => fillFrom(r, out);
  const auth = (response: boolean): Uint8Array => {
    const inner = serializePayloads([
      makeId(response ? PayloadType.IDr : PayloadType.IDi, IdType.ID_FQDN, response ? 'gateway.bench.example' : 'client.bench.example'),
      { type: PayloadType.AUTH, method: AuthMethod.SHARED_KEY_MIC, data: bytesFrom(r, 32) },
      espSa(response ? spiR : spiI),
      ts(PayloadType.TSi, 10),
      ts(PayloadType.TSr, 20),
    ]);
    const prefix = serializeMessage({ header: header(ExchangeType.IKE_AUTH, 1, response, rspi), payloads: [] });
    const keys = response ? skKeys(sk.skEr, sk.skAr) : skKeys(sk.skEi, sk.skAi);
    const msg = sealSk(prefix, inner.firstType, inner.bytes, keys, { random });
    const out = new Uint8Array(4 + msg.length); // non-ESP marker (RFC 3948 §2.2)
    out.set(msg, 4);
    return out;
  };

  const km = childSaKeymat(IKE_PRF, sk.skD, ni, nr, ESP_ENCR, ESP_INTEG);
  const espKeys = (encrKey: Uint8Array, integKey: Uint8Array): EspKeys => ({ encr: ESP_ENCR, integ: ESP_INTEG, encrKey, integKey, integrity: 'check' });
  return {
    messages: [
      { fromClient: true, port: 500, bytes: serializeMessage({ header: header(ExchangeType.IKE_SA_INIT, 0, false, zero), payloads: init(false) }) },
      { fromClient: false, port: 500, bytes: serializeMessage({ header: header(ExchangeType.IKE_SA_INIT, 0, true, rspi), payloads: init(true) }) },
      { fromClient: true, port: 4500, bytes: auth(false) },
      { fromClient: false, port: 4500, bytes: auth(true) },
    ],
    ikeJson: {
      ispi: hex(ispi), rspi: hex(rspi),
      encr: 'ENCR_AES_CBC_128', integ: 'AUTH_HMAC_SHA2_256_128', prf: 'PRF_HMAC_SHA2_256',
      skD: hex(sk.skD), skEi: hex(sk.skEi), skEr: hex(sk.skEr), skAi: hex(sk.skAi), skAr: hex(sk.skAr), skPi: hex(sk.skPi), skPr: hex(sk.skPr),
    },
    // Initiator-to-responder traffic carries the responder's SPI and the initiator's keys (§2.17).
    esp: [
      { spi: spiR, keys: espKeys(km.encrI, km.integI) },
      { spi: spiI, keys: espKeys(km.encrR, km.integR) },
    ],
  };
}

const ipText = (b: Uint8Array) => [...b].join('.');

async function writeKeys(dir: string, setup: IkeSetup): Promise<EncryptedSynthResult['keys']> {
  mkdirSync(join(dir, 'wireshark'), { recursive: true });
  const esp = setup.esp.map((e, k) => ({
    spi: e.spi.toString(16).padStart(8, '0'),
    src: ipText(k === 0 ? CLIENT : GATEWAY), dst: ipText(k === 0 ? GATEWAY : CLIENT),
    encr: 'ENCR_AES_CBC_128', integ: 'AUTH_HMAC_SHA1_96',
    encrKey: hex(e.keys.encrKey), integKey: hex(e.keys.integKey!), esn: false,
  }));
  const all = join(dir, 'keys.json');
  const ikeOnly = join(dir, 'ike-keys.json');
  const write = (path: string, body: unknown) => writeFileSync(path, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  write(all, { schema: 'ikescope.keys/1', ike: [setup.ikeJson], esp });
  write(ikeOnly, { schema: 'ikescope.keys/1', ike: [setup.ikeJson], esp: [] });
  const { store, problems } = await loadKeys([all]);
  if (problems.length || store.ike.length !== 1 || store.esp.length !== 2) {
    throw new Error(`the key file does not load cleanly: ${problems.map((p) => p.message).join('; ') || `${store.ike.length} IKE / ${store.esp.length} ESP sets`}`);
  }
  const tables = toWiresharkTables(store);
  const ws = join(dir, 'wireshark');
  writeFileSync(join(ws, 'esp_sa'), tables.espSa, { mode: 0o600 });
  writeFileSync(join(ws, 'ikev2_decryption_table'), tables.ikev2DecryptionTable, { mode: 0o600 });
  writeFileSync(join(ws, 'preferences'), ''); // decryption is turned on by -o on the command line only
  return { all, ikeOnly, wireshark: ws };
}

export async function synthesizeEncrypted(path: string, o: EncryptedSynthOptions): Promise<EncryptedSynthResult> {
  const r = rng(o.seed ?? 0xe5b0);
  const setup = ikeSetup(r);
  const keys = await writeKeys(o.keysDir, setup);
  const w = new FrameSink(path);
  let ipId = 1;
  const tick = (us: number) => w.tick(us);
  const put = (frame: Uint8Array) => w.put(frame);
  for (const m of setup.messages) {
    await put(udpFrame(m.fromClient, m.port, m.port, m.bytes, ipId++));
    tick(2000);
  }
  const inner = new InnerPackets();
  const seq = [0, 0];
  const stats = { icmp: 0, udp: 0, octets: 0 };
  const espOctets = { octets: 0, authenticated: 0, ciphertext: 0 };
  const icv = ESP_INTEG.icvBytes;
  const random = (iv: Uint8Array) => fillFrom(r, iv);
  for (let i = 0; i < o.frames; i++) {
    const fromClient = r() < 0.55;
    const k = fromClient ? 0 : 1;
    const shape = innerShape(r);
    const packet = inner.get(fromClient, shape.length, shape.icmp);
    if (shape.icmp) stats.icmp++;
    else stats.udp++;
    stats.octets += shape.length;
    const sa = setup.esp[k]!;
    const esp = sealEsp(sa.keys, sa.spi, ++seq[k]!, 4, packet, { random });
    espOctets.octets += esp.length;
    espOctets.authenticated += esp.length - icv;
    espOctets.ciphertext += esp.length - icv - 8 - ESP_ENCR.ivBytes;
    await put(udpFrame(fromClient, 4500, 4500, esp, ipId++));
    tick(50 + Math.floor(r() * 100));
  }
  await w.close();
  return {
    path, frames: setup.messages.length + o.frames, espFrames: o.frames, ikeFrames: setup.messages.length, bytes: w.bytes,
    spis: setup.esp.map((e) => e.spi.toString(16).padStart(8, '0')), espPerSpi: seq, inner: stats, esp: espOctets, keys,
    algorithms: { ike: 'AES-CBC-128/HMAC-SHA2-256-128/PRF-HMAC-SHA2-256/MODP-2048', esp: 'AES-CBC-128/HMAC-SHA1-96' },
  };
}
