/**
 * Test-only readers for the independent oracles: the IKE and ESP packets of a capture (through
 * ikescope's own capture reader and network decoder), strongSwan charon logs at `ike 4` /
 * `chd 4` (every key, with the proposal that uses it), and Wireshark's ikev2_decryption_table
 * and esp_sa. They read only the fields these tests need; the product's key readers live in
 * src/keys and are tested there.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture } from '../../src/capture/index.js';
import { encrAlgorithm, integAlgorithm, prfAlgorithm } from '../../src/crypto/algorithms.js';
import type { EncrAlgorithm, IntegAlgorithm, PrfAlgorithm } from '../../src/crypto/types.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { PrfId } from '../../src/ikev2/registry/prf.js';
import { NetDecoder } from '../../src/net/decoder.js';
import { CAPTURES, WIRESHARK_TESTS } from '../helpers/cli.js';

export { CAPTURES, WIRESHARK_TESTS };

export interface Packet {
  readonly frame: number;
  readonly bytes: Uint8Array;
  readonly src?: string;
  readonly dst?: string;
}

/** IKE messages (non-ESP marker removed) and ESP packets (SPI first) of a capture, in order. */
export async function ipsecPackets(path: string): Promise<{ ike: Packet[]; esp: Packet[] }> {
  const net = new NetDecoder();
  const ike: Packet[] = [];
  const esp: Packet[] = [];
  for await (const ev of openCapture(path)) {
    if (ev.kind !== 'frame') continue;
    const p = net.decode(ev.frame);
    const base = { frame: p.frame, src: p.src?.ip, dst: p.dst?.ip };
    if (p.content.kind === 'ike') ike.push({ ...base, bytes: new Uint8Array(p.content.bytes) });
    else if (p.content.kind === 'esp') esp.push({ ...base, bytes: new Uint8Array(p.content.bytes) });
  }
  return { ike, esp };
}

/** Lab captures that have a gateway log beside them. */
/**
 * Lab captures whose gateway log holds the keys a test needs: IKE keys ('ike', Sk_* secrets)
 * or CHILD_SA keys ('esp'). A session refused before keys existed (no-proposal-chosen) or one
 * without a CHILD_SA has nothing to check.
 */
export function labCaptures(need: 'ike' | 'esp' = 'ike'): { name: string; pcap: string; log: string }[] {
  if (!existsSync(CAPTURES)) return [];
  const marker = need === 'ike' ? 'Sk_ei secret' : 'encryption initiator key';
  const logOf = (f: string) => join(CAPTURES, f.replace(/\.pcap$/, '.gateway.log'));
  return readdirSync(CAPTURES)
    .filter((f) => f.endsWith('.pcap') && existsSync(logOf(f)) && readFileSync(logOf(f), 'utf8').includes(marker))
    .sort()
    .map((f) => ({ name: f, pcap: join(CAPTURES, f), log: join(CAPTURES, f.replace(/\.pcap$/, '.gateway.log')) }));
}

// ---- strongSwan names (proposal strings) -------------------------------------------------

export interface Proposal {
  readonly encr?: EncrAlgorithm;
  readonly integ?: IntegAlgorithm;
  readonly prf?: PrfAlgorithm;
}

const ENCR_NAMES: Record<string, number> = {
  AES_CBC: EncrId.ENCR_AES_CBC, AES_CTR: EncrId.ENCR_AES_CTR,
  AES_GCM_8: EncrId.ENCR_AES_GCM_8, AES_GCM_12: EncrId.ENCR_AES_GCM_12, AES_GCM_16: EncrId.ENCR_AES_GCM_16,
  AES_CCM_8: EncrId.ENCR_AES_CCM_8, AES_CCM_12: EncrId.ENCR_AES_CCM_12, AES_CCM_16: EncrId.ENCR_AES_CCM_16,
  NULL_AES_GMAC: EncrId.ENCR_NULL_AUTH_AES_GMAC, CHACHA20_POLY1305: EncrId.ENCR_CHACHA20_POLY1305,
  '3DES_CBC': EncrId.ENCR_3DES, DES_CBC: EncrId.ENCR_DES, NULL: EncrId.ENCR_NULL,
};
const INTEG_NAMES: Record<string, number> = {
  HMAC_MD5_96: IntegId.AUTH_HMAC_MD5_96, HMAC_SHA1_96: IntegId.AUTH_HMAC_SHA1_96, AES_XCBC_96: IntegId.AUTH_AES_XCBC_96,
  HMAC_MD5_128: IntegId.AUTH_HMAC_MD5_128, HMAC_SHA1_160: IntegId.AUTH_HMAC_SHA1_160, AES_CMAC_96: IntegId.AUTH_AES_CMAC_96,
  HMAC_SHA2_256_128: IntegId.AUTH_HMAC_SHA2_256_128, HMAC_SHA2_384_192: IntegId.AUTH_HMAC_SHA2_384_192,
  HMAC_SHA2_512_256: IntegId.AUTH_HMAC_SHA2_512_256,
};
const PRF_NAMES: Record<string, number> = {
  PRF_HMAC_MD5: PrfId.PRF_HMAC_MD5, PRF_HMAC_SHA1: PrfId.PRF_HMAC_SHA1, PRF_AES128_XCBC: PrfId.PRF_AES128_XCBC,
  PRF_HMAC_SHA2_256: PrfId.PRF_HMAC_SHA2_256, PRF_HMAC_SHA2_384: PrfId.PRF_HMAC_SHA2_384,
  PRF_HMAC_SHA2_512: PrfId.PRF_HMAC_SHA2_512, PRF_AES128_CMAC: PrfId.PRF_AES128_CMAC,
};

/** "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" → descriptors. */
export function strongswanProposal(text: string): Proposal {
  let encr: EncrAlgorithm | undefined;
  let integ: IntegAlgorithm | undefined;
  let prf: PrfAlgorithm | undefined;
  for (const part of text.split('/')) {
    if (PRF_NAMES[part] !== undefined) prf = prfAlgorithm(PRF_NAMES[part]!);
    else if (INTEG_NAMES[part] !== undefined) integ = integAlgorithm(INTEG_NAMES[part]!);
    else if (ENCR_NAMES[part] !== undefined) encr = encrAlgorithm(ENCR_NAMES[part]!);
    else {
      const m = /^(.*)_(128|192|256)$/.exec(part);
      if (m && ENCR_NAMES[m[1]!] !== undefined) encr = encrAlgorithm(ENCR_NAMES[m[1]!]!, Number(m[2]));
    }
  }
  return { encr, integ, prf };
}

// ---- charon logs --------------------------------------------------------------------------

export interface Dump {
  readonly line: number;
  /** The charon thread's IKE_SA unique id: the N of `<N>` or `<name|N>`. */
  readonly sa: number;
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface CharonLog {
  readonly lines: readonly string[];
  readonly dumps: readonly Dump[];
  /** Lines with "selected proposal: IKE:…" / "ESP:…" and the proposal. */
  readonly proposals: readonly { line: number; sa: number; protocol: 'IKE' | 'ESP'; proposal: Proposal }[];
}

const saOf = (line: string): number => Number(/<(?:[^|>]*\|)?(\d+)>/.exec(line)?.[1] ?? -1);

/** Every `NAME => N bytes @ 0x…` hex dump of a charon log, with what it is called. */
export function charonLog(path: string): CharonLog {
  const lines = readFileSync(path, 'utf8').split('\n');
  const dumps: Dump[] = [];
  const proposals: CharonLog['proposals'][number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const p = /selected proposal: (IKE|ESP):(\S+)/.exec(line);
    if (p) proposals.push({ line: i, sa: saOf(line), protocol: p[1] as 'IKE' | 'ESP', proposal: strongswanProposal(p[2]!) });
    const m = /> (.+?) => (\d+) bytes @ 0x[0-9a-f]+$/.exec(line);
    if (!m) continue;
    const want = Number(m[2]);
    const bytes: number[] = [];
    for (let j = i + 1; j < lines.length && bytes.length < want; j++) {
      const d = /^.*>\s+(\d+): ((?:[0-9A-F]{2} ){1,16})/.exec(lines[j]!);
      if (!d || Number(d[1]) !== bytes.length) break;
      for (const t of d[2]!.trim().split(' ')) bytes.push(parseInt(t, 16));
    }
    if (bytes.length === want) dumps.push({ line: i, sa: saOf(line), name: m[1]!, bytes: Uint8Array.from(bytes) });
  }
  return { lines, dumps, proposals };
}

/** The dump called `name` that comes first after line `from` (and, if given, before `to`). */
export function nextDump(log: CharonLog, name: string, from: number, to = Infinity): Dump | undefined {
  return log.dumps.find((d) => d.name === name && d.line > from && d.line < to);
}

/** The last proposal of `protocol` before `line`. */
export function proposalBefore(log: CharonLog, protocol: 'IKE' | 'ESP', line: number): Proposal | undefined {
  let found: Proposal | undefined;
  for (const p of log.proposals) if (p.protocol === protocol && p.line < line) found = p.proposal;
  return found;
}

export interface IkeKeySet {
  readonly line: number;
  readonly sa: number;
  readonly proposal: Proposal;
  readonly d: Uint8Array;
  readonly ai: Uint8Array;
  readonly ar: Uint8Array;
  readonly ei: Uint8Array;
  readonly er: Uint8Array;
  readonly pi: Uint8Array;
  readonly pr: Uint8Array;
  readonly skeyseed?: Uint8Array;
  readonly dhSecret?: Uint8Array;
  /** From the "checkin … with SPIs X_i Y_r" that follows, lower-case hex. */
  readonly spiI?: string;
  readonly spiR?: string;
}

/** Every IKE SA key derivation in the log (the first, and those of IKE rekeys). */
export function ikeKeySets(log: CharonLog): IkeKeySet[] {
  const out: IkeKeySet[] = [];
  for (const d of log.dumps.filter((x) => x.name === 'Sk_d secret')) {
    const get = (name: string) => nextDump(log, name, d.line - 1, d.line + 20)?.bytes;
    const ei = get('Sk_ei secret');
    const er = get('Sk_er secret');
    if (!ei || !er) continue;
    const seed = [...log.dumps].reverse().find((x) => x.name === 'SKEYSEED' && x.line < d.line);
    const dh = [...log.dumps].reverse().find((x) => x.name === 'shared Diffie Hellman secret' && x.line < d.line);
    let spiI: string | undefined;
    let spiR: string | undefined;
    for (let j = d.line; j < log.lines.length; j++) {
      const s = /checkin IKEv2 SA \S+\[(\d+)\] with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r/.exec(log.lines[j]!);
      if (s && Number(s[1]) === d.sa && s[3] !== '0000000000000000') {
        spiI = s[2];
        spiR = s[3];
        break;
      }
    }
    // A rekey: the new IKE_SA's keys are derived while the old SA is checked out, so they sit
    // under the old SA's number; charon then logs the new SA's SPIs in its "rekeyed" line
    // (ike_rekey.c: "IKE_SA %s[%d] rekeyed between … ", followed by the new SA checkin).
    if (out.some((o) => o.spiI === spiI && o.spiR === spiR)) {
      spiI = spiR = undefined;
      for (let j = d.line; j < log.lines.length && !spiI; j++) {
        const s = /checkin IKEv2 SA \S+\[(\d+)\] with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r/.exec(log.lines[j]!);
        if (s && Number(s[1]) !== d.sa && s[3] !== '0000000000000000' && !out.some((o) => o.spiI === s[2] && o.spiR === s[3])) {
          spiI = s[2];
          spiR = s[3];
        }
      }
    }
    out.push({
      line: d.line, sa: d.sa, proposal: proposalBefore(log, 'IKE', d.line) ?? {},
      d: d.bytes, ai: get('Sk_ai secret') ?? new Uint8Array(0), ar: get('Sk_ar secret') ?? new Uint8Array(0),
      ei, er, pi: get('Sk_pi secret')!, pr: get('Sk_pr secret')!,
      skeyseed: seed?.bytes, dhSecret: dh?.bytes, spiI, spiR,
    });
  }
  return out;
}

export interface ChildKeySet {
  readonly line: number;
  readonly sa: number;
  readonly proposal: Proposal;
  /** The prf+ seed charon logs: [g^ir |] Ni | Nr. */
  readonly seed?: Uint8Array;
  readonly encrI: Uint8Array;
  readonly encrR: Uint8Array;
  readonly integI: Uint8Array;
  readonly integR: Uint8Array;
  /** The SPIs installed right after the keys (the gateway's inbound, then outbound). */
  readonly spis: number[];
}

export function childKeySets(log: CharonLog): ChildKeySet[] {
  const out: ChildKeySet[] = [];
  let previous = -1;
  for (const e of log.dumps.filter((x) => x.name === 'encryption initiator key')) {
    const get = (name: string) => nextDump(log, name, e.line - 1, e.line + 12)?.bytes;
    const seed = [...log.dumps].reverse().find((x) => x.name === 'seed' && x.line < e.line && x.line > previous);
    previous = e.line;
    const spis: number[] = [];
    for (let j = e.line; j < Math.min(log.lines.length, e.line + 20) && spis.length < 2; j++) {
      const s = /\bSPI 0x([0-9a-f]{8}), src/.exec(log.lines[j]!);
      if (s) spis.push(parseInt(s[1]!, 16));
    }
    out.push({
      line: e.line, sa: e.sa, proposal: proposalBefore(log, 'ESP', e.line) ?? {}, seed: seed?.bytes,
      encrI: e.bytes, encrR: get('encryption responder key')!,
      integI: get('integrity initiator key') ?? new Uint8Array(0), integR: get('integrity responder key') ?? new Uint8Array(0),
      spis,
    });
  }
  return out;
}

// ---- Wireshark key tables -------------------------------------------------------------------

export interface WiresharkIkeRow {
  readonly ispi: string;
  readonly rspi: string;
  readonly ei: Uint8Array;
  readonly er: Uint8Array;
  readonly ai: Uint8Array;
  readonly ar: Uint8Array;
  readonly encrName: string;
  readonly integName: string;
}

const hexOf = (s: string): Uint8Array => Uint8Array.from((s.match(/../g) ?? []).map((x) => parseInt(x, 16)));

/** Rows of ikev2_decryption_table: quoted CSV whose fields never contain commas. */
export function wiresharkIkeTable(path: string): WiresharkIkeRow[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((line) => {
    const f = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    return {
      ispi: f[0]!.toLowerCase(), rspi: f[1]!.toLowerCase(), ei: hexOf(f[2]!), er: hexOf(f[3]!),
      encrName: f[4]!, ai: hexOf(f[5]!), ar: hexOf(f[6]!), integName: f[7]!,
    };
  });
}

export interface WiresharkEspRow {
  readonly src: string;
  readonly dst: string;
  readonly spi: number;
  readonly encrName: string;
  readonly encrKey: Uint8Array;
  readonly integName: string;
  readonly integKey: Uint8Array;
}

export function wiresharkEspTable(path: string): WiresharkEspRow[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((line) => {
    const f = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
    return {
      src: f[1]!, dst: f[2]!, spi: parseInt(f[3]!, 16), encrName: f[4]!,
      encrKey: hexOf(f[5]!.replace(/^0x/, '')), integName: f[6]!, integKey: hexOf(f[7]!.replace(/^0x/, '')),
    };
  });
}

// ---- IKE message helpers ----------------------------------------------------------------------

/** Offset and type of the SK or SKF payload of an IKE message, found by walking the chain. */
export function findSk(message: Uint8Array): { offset: number; type: number } | undefined {
  let type = message[16]!;
  let at = 28;
  while (type !== 0 && at + 4 <= message.length) {
    if (type === 46 || type === 53) return { offset: at, type };
    const length = (message[at + 2]! << 8) | message[at + 3]!;
    if (length < 4) return undefined;
    type = message[at]!;
    at += length;
  }
  return undefined;
}

// ---- Wireshark names ------------------------------------------------------------------------

/** Wireshark's IKEv2 UAT cipher names ("AES-CCM-128 with 12 octet ICV [RFC5282]") → descriptor. */
export function wiresharkIkeEncr(name: string): EncrAlgorithm | undefined {
  let m: RegExpExecArray | null;
  if (/^NULL\b/.test(name)) return encrAlgorithm(EncrId.ENCR_NULL);
  if (/^3DES\b/.test(name)) return encrAlgorithm(EncrId.ENCR_3DES);
  if ((m = /^AES-CBC-(\d+)/.exec(name))) return encrAlgorithm(EncrId.ENCR_AES_CBC, Number(m[1]));
  if ((m = /^AES-CTR-(\d+)/.exec(name))) return encrAlgorithm(EncrId.ENCR_AES_CTR, Number(m[1]));
  if ((m = /^AES-(GCM|CCM)-(\d+) with (8|12|16) octet ICV/.exec(name))) {
    const id = { 'GCM8': EncrId.ENCR_AES_GCM_8, 'GCM12': EncrId.ENCR_AES_GCM_12, 'GCM16': EncrId.ENCR_AES_GCM_16,
      'CCM8': EncrId.ENCR_AES_CCM_8, 'CCM12': EncrId.ENCR_AES_CCM_12, 'CCM16': EncrId.ENCR_AES_CCM_16 }[`${m[1]}${m[3]}`]!;
    return encrAlgorithm(id, Number(m[2]));
  }
  return undefined;
}

/** Wireshark's IKEv2 UAT integrity names → descriptor, 'none', or the unchecked ICV length. */
export function wiresharkIkeInteg(name: string): IntegAlgorithm | 'none' | { unchecked: number } | undefined {
  const any = /^ANY (\d+)-bits of Authentication \[No Checking\]/.exec(name);
  if (any) return { unchecked: Number(any[1]) / 8 };
  if (/^NONE\b/.test(name)) return 'none';
  const m = /^(HMAC_[A-Z0-9_]+) \[/.exec(name);
  return m && INTEG_NAMES[m[1]!] !== undefined ? integAlgorithm(INTEG_NAMES[m[1]!]!) : undefined;
}
