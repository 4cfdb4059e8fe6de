/**
 * Test-only: decrypts the SK and SKF payloads of the shipped captures with node:crypto, so the
 * fuzz tests have real inner payloads (IDi, AUTH, CERT, CERTREQ, CP, EAP, TS, D …) to mutate.
 * Keys come from the strongSwan charon log beside each lab capture (`Sk_ei secret` / `Sk_er
 * secret` hex dumps, cipher from the IKE_SA_INIT response) or from the Wireshark decryption
 * table. The integrity checksum is not verified: a decryption is kept only when its padding
 * is consistent and the inner payload chain decodes without a defect.
 *
 * This is no substitute for src/crypto: it covers only what the shipped captures use.
 */
import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hex } from '../../src/ikev2/bytes.js';
import { parseInnerPayloads, parseMessage } from '../../src/ikev2/message.js';
import { isPayload } from '../../src/ikev2/payload.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';

interface Suite {
  readonly mode: 'cbc' | 'ctr' | 'gcm' | 'ccm';
  /** node:crypto cipher name. */
  readonly cipher: string;
  readonly ivLength: number;
  readonly icvLength: number;
  /** Octets at the end of SK_e that are salt/nonce, not key (RFC 5930, 4106, 4309). */
  readonly saltLength: number;
}

interface KeySet {
  /** lower-case hex; undefined when the source does not say (then every SA is tried). */
  readonly ispi?: string;
  readonly rspi?: string;
  readonly ei: Uint8Array;
  readonly er: Uint8Array;
  /** From the key source, or undefined to take it from the IKE_SA_INIT response. */
  readonly suite?: Suite;
}

const INTEG_ICV: Record<number, number> = { 1: 12, 2: 12, 5: 12, 7: 20, 12: 16, 13: 24, 14: 32 };

function suiteFromIds(encrId: number, keyBits: number | undefined, integId: number): Suite | undefined {
  const icv = INTEG_ICV[integId] ?? 0;
  switch (encrId) {
    case 3: return { mode: 'cbc', cipher: 'des-ede3-cbc', ivLength: 8, icvLength: icv, saltLength: 0 };
    case 12: return { mode: 'cbc', cipher: `aes-${keyBits ?? 128}-cbc`, ivLength: 16, icvLength: icv, saltLength: 0 };
    case 13: return { mode: 'ctr', cipher: `aes-${keyBits ?? 128}-ctr`, ivLength: 8, icvLength: icv, saltLength: 4 };
    case 14: case 15: case 16:
      return { mode: 'ccm', cipher: `aes-${keyBits ?? 128}-ctr`, ivLength: 8, icvLength: [8, 12, 16][encrId - 14]!, saltLength: 3 };
    case 18: case 19: case 20:
      return { mode: 'gcm', cipher: `aes-${keyBits ?? 128}-ctr`, ivLength: 8, icvLength: [8, 12, 16][encrId - 18]!, saltLength: 4 };
    default: return undefined;
  }
}

function suiteFromNames(encr: string, integ: string): Suite | undefined {
  const icv = /SHA1_160/.test(integ) ? 20 : /256_128/.test(integ) ? 16 : /384_192/.test(integ) ? 24 : /512_256/.test(integ) ? 32 : /96/.test(integ) ? 12 : 0;
  let m: RegExpExecArray | null;
  if (/^3DES/.test(encr)) return { ...suiteFromIds(3, undefined, 0)!, icvLength: icv };
  if ((m = /^AES-CBC-(\d+)/.exec(encr))) return { ...suiteFromIds(12, Number(m[1]), 0)!, icvLength: icv };
  if ((m = /^AES-CTR-(\d+)/.exec(encr))) return { ...suiteFromIds(13, Number(m[1]), 0)!, icvLength: icv };
  if ((m = /^AES-CCM-(\d+) with (\d+) octet ICV/.exec(encr))) return { ...suiteFromIds(14, Number(m[1]), 0)!, icvLength: Number(m[2]) };
  if ((m = /^AES-GCM-(\d+) with (\d+) octet ICV/.exec(encr))) return { ...suiteFromIds(18, Number(m[1]), 0)!, icvLength: Number(m[2]) };
  return undefined;
}

/** Rows of Wireshark's ikev2_decryption_table (quoted CSV without embedded commas in use here). */
function wiresharkTable(path: string): KeySet[] {
  const out: KeySet[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const f = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    if (f.length < 8) continue;
    const suite = suiteFromNames(f[4]!, f[7]!);
    if (!suite || !f[2] || !f[3]) continue;
    out.push({ ispi: f[0]!.toLowerCase(), rspi: f[1]!.toLowerCase(), ei: Buffer.from(f[2], 'hex'), er: Buffer.from(f[3], 'hex'), suite });
  }
  return out;
}

/** `Sk_ei secret => 32 bytes @ 0x…` and its hex dump lines, from a charon log at `ike 4`. */
function charonLog(path: string): KeySet[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const dump = (at: number): { bytes: Uint8Array; end: number } | undefined => {
    const m = /secret => (\d+) bytes/.exec(lines[at]!);
    if (!m) return undefined;
    const want = Number(m[1]);
    const bytes: number[] = [];
    let i = at + 1;
    for (; i < lines.length && bytes.length < want; i++) {
      const d = /\s(\d+): (.*)$/.exec(lines[i]!);
      if (!d) break;
      for (const t of d[2]!.slice(0, 48).trim().split(/\s+/).slice(0, want - bytes.length)) bytes.push(parseInt(t, 16));
    }
    return bytes.length === want ? { bytes: Uint8Array.from(bytes), end: i } : undefined;
  };
  const out: KeySet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes('Sk_ei secret')) continue;
    const ei = dump(i);
    const erAt = lines.findIndex((l, j) => j > i && l.includes('Sk_er secret'));
    const er = erAt > 0 ? dump(erAt) : undefined;
    if (!ei || !er) continue;
    let ispi: string | undefined;
    let rspi: string | undefined;
    for (let j = er.end; j < lines.length; j++) {
      const s = /with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r/.exec(lines[j]!);
      if (s && s[2] !== '0000000000000000') { ispi = s[1]; rspi = s[2]; break; }
    }
    out.push({ ispi, rspi, ei: ei.bytes, er: er.bytes });
  }
  return out;
}

function keysFor(capture: string): KeySet[] {
  const log = join(dirname(capture), basename(capture).replace(/\.pcap(ng)?(\.gz)?$/, '.gateway.log'));
  if (existsSync(log)) return charonLog(log);
  const table = join(dirname(capture), 'ikev2_decryption_table');
  if (existsSync(table)) return wiresharkTable(table);
  return [];
}

/** The plaintext of IV | ciphertext | padding | pad length | ICV, padding removed. */
export function decryptBody(data: Uint8Array, key: Uint8Array, suite: Suite): Uint8Array | undefined {
  const ctLength = data.length - suite.ivLength - suite.icvLength;
  if (ctLength <= 0) return undefined;
  const iv = data.subarray(0, suite.ivLength);
  const ct = data.subarray(suite.ivLength, suite.ivLength + ctLength);
  const k = key.subarray(0, key.length - suite.saltLength);
  const salt = key.subarray(key.length - suite.saltLength);
  let pt: Uint8Array;
  try {
    if (suite.mode === 'cbc') {
      if (ctLength % suite.ivLength !== 0) return undefined;
      const d = createDecipheriv(suite.cipher, k, iv).setAutoPadding(false);
      pt = Buffer.concat([d.update(ct), d.final()]);
    } else {
      // Every mode here encrypts with AES-CTR; only the first counter block differs.
      const block = new Uint8Array(16);
      if (suite.mode === 'ctr') { block.set(salt, 0); block.set(iv, 4); block[15] = 1; } // RFC 5930 / 3686 §4
      if (suite.mode === 'gcm') { block.set(salt, 0); block.set(iv, 4); block[15] = 2; } // GCM: J0 + 1
      if (suite.mode === 'ccm') { block[0] = 3; block.set(salt, 1); block.set(iv, 4); block[15] = 1; } // RFC 4309: A_1, L = 4
      pt = createDecipheriv(suite.cipher, k, block).update(ct);
    }
  } catch {
    return undefined;
  }
  const pad = pt[pt.length - 1]!;
  if (pad + 1 > pt.length) return undefined;
  return pt.subarray(0, pt.length - 1 - pad);
}

export interface InnerChain {
  readonly label: string;
  readonly firstType: number;
  readonly bytes: Uint8Array;
}

/**
 * The decrypted inner payload chains of the IKE messages of one capture (SKF fragments joined),
 * where keys for it are known. Messages are `{ frame, bytes }` in capture order.
 */
export function decryptedChains(capture: string, messages: readonly { frame: number; bytes: Uint8Array }[]): InnerChain[] {
  const keys = keysFor(capture);
  if (keys.length === 0) return [];
  const name = basename(capture);
  // The IKE proposal chosen, per IKE SA, for key sources that do not name the cipher.
  const chosen = new Map<string, Suite>();
  const out: InnerChain[] = [];
  const fragments = new Map<string, { total: number; inner: number; parts: Map<number, Uint8Array>; frames: number[] }>();
  for (const { frame, bytes } of messages) {
    const m = parseMessage(bytes);
    if (!m.ok || m.value.header.majorVersion !== 2) continue;
    const h = m.value.header;
    const ispi = hex(h.ispi);
    const rspi = hex(h.rspi);
    if (h.exchangeType === 34 && h.response) {
      const sa = m.value.payloads.find((p) => isPayload(p, PayloadType.SA));
      const t = sa && isPayload(sa, PayloadType.SA) ? sa.proposals[0]?.transforms : undefined;
      const encr = t?.find((x) => x.transformType === 1);
      const integ = t?.find((x) => x.transformType === 3);
      const keyBits = encr?.attributes.find((a) => a.format === 'TV' && a.type === 14)?.value as number | undefined;
      const suite = encr ? suiteFromIds(encr.transformId, keyBits, integ?.transformId ?? 0) : undefined;
      if (suite) chosen.set(ispi, suite);
    }
    const enc = m.value.payloads[m.value.payloads.length - 1];
    if (!enc || enc.type !== PayloadType.SK && enc.type !== PayloadType.SKF || !('innerType' in enc)) continue;
    const candidates = keys.filter((k) => k.ispi === undefined || (k.ispi === ispi && k.rspi === rspi));
    let plain: Uint8Array | undefined;
    for (const k of candidates) {
      const suite = k.suite ?? chosen.get(ispi);
      if (!suite) continue;
      plain = decryptBody(enc.data, h.initiator ? k.ei : k.er, suite);
      // Each fragment's plaintext is only part of the chain; whole messages must decode cleanly.
      if (plain && (enc.type === PayloadType.SKF || !parseInnerPayloads(enc.innerType, plain).malformed)) break;
      plain = undefined;
    }
    if (!plain) continue;
    if (enc.type === PayloadType.SK) {
      out.push({ label: `${name}#${frame}`, firstType: enc.innerType, bytes: new Uint8Array(plain) });
      continue;
    }
    if (!('fragmentNumber' in enc)) continue;
    const key = `${ispi}|${h.initiator}|${h.messageId}`;
    let f = fragments.get(key);
    if (!f) fragments.set(key, (f = { total: enc.totalFragments, inner: 0, parts: new Map(), frames: [] }));
    if (enc.fragmentNumber === 1) f.inner = enc.innerType;
    f.parts.set(enc.fragmentNumber, new Uint8Array(plain));
    f.frames.push(frame);
    if (f.parts.size === f.total) {
      const joined = Buffer.concat([...f.parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]));
      if (!parseInnerPayloads(f.inner, joined).malformed) {
        out.push({ label: `${name}#${f.frames.join('+')}`, firstType: f.inner, bytes: new Uint8Array(joined) });
      }
      fragments.delete(key);
    }
  }
  return out;
}
