/**
 * Wireshark's two decryption tables, read as Wireshark 4 reads them and written so it loads
 * them (UAT syntax in ./uat.ts, names in ./wireshark-names.ts):
 *
 * ikev2_decryption_table (packet-isakmp.c, ikev2_uat_flds): Initiator's SPI, Responder's SPI,
 *   SK_ei, SK_er, Encryption algorithm, SK_ai, SK_ar, Integrity algorithm. SPIs and keys are
 *   bare hex; the SPIs are 8 octets each; SK_e must be the cipher's key plus salt, SK_a the
 *   integrity key (none for "NONE" and "ANY … [No Checking]"); a combined-mode cipher must come
 *   with "NONE" (ikev2_uat_data_update_cb).
 *
 * esp_sa (packet-ipsec.c, esp_uat_flds): Protocol, Src IP, Dest IP, SPI, Encryption,
 *   Encryption Key, Authentication, Authentication Key, and since Wireshark 4.2 optionally SN
 *   ("32-bit"/"64-bit") and ESN High Bits. Keys are "0x…" hex or else the string's own bytes
 *   (compute_ascii_key); the SPI is "*", a number (strtoul base 0) or "0x…" with '*' digits.
 */
import { EncrId } from '../ikev2/registry/index.js';
import { ENCR, encrKeyBytes, encrLabel, encrRefFromKeyBytes, integIcvBytes, isAead } from './algorithms.js';
import { addressPatternFamily, toWiresharkPattern } from './address.js';
import type { AlgorithmRef, EspSaKeySet, IkeSaKeySet, IntegrityRef, KeyStore } from './model.js';
import { parseHex, problem, quote, toHex } from './text.js';
import type { Problem } from '../problem.js';
import { parseUat, quoteField, type UatRecord } from './uat.js';
import { espKeyProblem, ikeKeyProblem } from './validate.js';
import {
  espEncrFromName, espEncrName, espIntegFromName, espIntegName, ikeEncrFromName, ikeEncrName, ikeIntegFromName, ikeIntegName, ikeUncheckedName,
} from './wireshark-names.js';

export interface TableParse {
  readonly ike: IkeSaKeySet[];
  readonly esp: EspSaKeySet[];
  readonly problems: Problem[];
}

export type UatKind = 'ikev2_decryption_table' | 'esp_sa' | 'ikev1_decryption_table';

/** Which table a UAT file is, from its first record; undefined if it is none of them. */
export function uatKind(text: string): UatKind | undefined {
  const { records } = parseUat(text);
  const first = records[0];
  if (!first) return undefined;
  const [f0, f1] = first.fields.map((f) => f.value.trim());
  const spi = (v: string | undefined) => v !== undefined && /^(0x)?[0-9a-f]{16}$/i.test(v);
  const n = first.fields.length;
  if (n >= 2 && /^(ipv4|ipv6|any)$/i.test(f0 ?? '')) return 'esp_sa';
  if (n === 2 && spi(f0)) return 'ikev1_decryption_table';
  if (n >= 3 && spi(f0) && spi(f1)) return 'ikev2_decryption_table';
  // A first row with a bad SPI is still an IKEv2 row: its encryption column tells.
  if (n === 8 && ikeEncrFromName(first.fields[4]!.value) !== undefined) return 'ikev2_decryption_table';
  // A first row with a bad protocol is still an esp_sa row: its encryption or SPI column tells.
  if (n >= 8 && n <= 10 && (espEncrFromName(first.fields[4]!.value) !== undefined || /^(0x[0-9a-f*]{1,8}|\*)$/i.test(first.fields[3]!.value.trim()))) return 'esp_sa';
  return undefined;
}

const at = (source: string, line: number) => `${source}:${line}`;

// ---------------------------------------------------------------- ikev2_decryption_table

export function parseIkev2Table(text: string, source: string): TableParse {
  const { records, errors } = parseUat(text);
  const problems: Problem[] = errors.map((e) => problem('keys/bad-row', `${at(source, e.line)}: ${e.message}; row skipped`));
  const ike: IkeSaKeySet[] = [];
  for (const r of records) {
    const set = ikeRow(r, source, problems);
    if (set) ike.push(set);
  }
  return { ike, esp: [], problems };
}

function ikeRow(r: UatRecord, source: string, problems: Problem[]): IkeSaKeySet | undefined {
  const where = at(source, r.line);
  const bad = (why: string) => { problems.push(problem('keys/bad-row', `${where}: ${why}; row skipped`)); return undefined; };
  if (r.fields.length !== 8) {
    return bad(`an ikev2_decryption_table row has 8 fields (Initiator's SPI, Responder's SPI, SK_ei, SK_er, Encryption algorithm, SK_ai, SK_ar, Integrity algorithm), this one ${r.fields.length}`);
  }
  const f = r.fields.map((x) => x.value);
  const hexField = (i: number, name: string): Uint8Array | undefined => {
    const b = parseHex(f[i]!);
    if (!b) problems.push(problem('keys/bad-row', `${where}: ${name} is not hex; row skipped`));
    return b;
  };
  const spii = hexField(0, "Initiator's SPI");
  const spir = spii && hexField(1, "Responder's SPI");
  if (!spii || !spir) return undefined;
  if (spii.length !== 8) return bad(`Initiator's SPI must be 8 octets (16 hex digits), not ${spii.length}`);
  if (spir.length !== 8) return bad(`Responder's SPI must be 8 octets (16 hex digits), not ${spir.length}`);
  const skEi = hexField(2, 'SK_ei');
  const skEr = skEi && hexField(3, 'SK_er');
  const skAi = skEr && hexField(5, 'SK_ai');
  const skAr = skAi && hexField(6, 'SK_ar');
  if (!skEi || !skEr || !skAi || !skAr) return undefined;
  const encr = ikeEncrFromName(f[4]!);
  if (!encr) {
    problems.push(problem('keys/unknown-algorithm', `${where}: unknown IKEv2 encryption algorithm ${quote(f[4]!)} (Wireshark's names: "AES-CBC-128 [RFC3602]", "AES-GCM-256 with 16 octet ICV [RFC5282]", "3DES [RFC2451]", …); row skipped`));
    return undefined;
  }
  const integ = ikeIntegFromName(f[7]!);
  if (!integ) {
    problems.push(problem('keys/unknown-algorithm', `${where}: unknown IKEv2 integrity algorithm ${quote(f[7]!)} (Wireshark's names: "HMAC_SHA2_256_128 [RFC4868]", "NONE [RFC4306]", "ANY 96-bits of Authentication [No Checking]", …); row skipped`));
    return undefined;
  }
  const set: IkeSaKeySet = {
    source: where, ispi: toHex(spii), rspi: toHex(spir), encr, integ, skEi, skEr,
    ...(integ.kind === 'transform' || skAi.length || skAr.length ? { skAi, skAr } : {}),
  };
  const why = ikeKeyProblem(set);
  if (why) {
    problems.push(problem(why.code, `${where}: ${why.reason}; row skipped`));
    return undefined;
  }
  return set;
}

// ---------------------------------------------------------------- esp_sa

export function parseEspSa(text: string, source: string): TableParse {
  const { records, errors } = parseUat(text);
  const problems: Problem[] = errors.map((e) => problem('keys/bad-row', `${at(source, e.line)}: ${e.message}; row skipped`));
  const esp: EspSaKeySet[] = [];
  for (const r of records) {
    const set = espRow(r, source, problems);
    if (set) esp.push(set);
  }
  return { ike: [], esp, problems };
}

/** compute_ascii_key: "0x…" is hex (an odd digit count gets a leading 0), anything else its own bytes. */
function espKey(text: string): Uint8Array | undefined {
  if (/^0x/i.test(text)) {
    const digits = text.slice(2);
    return parseHex(digits.length % 2 ? `0${digits}` : digits);
  }
  return new TextEncoder().encode(text);
}

/** filter_spi_match: "*", a number in C notation, or "0x" and 8 digits some of which are '*'. */
function espSpi(text: string): { spi?: number; partial?: true } | undefined {
  const s = text.trim();
  if (s === '*' || s === '') return {};
  if (s.includes('*')) return /^0x[0-9a-f*]{8}$/i.test(s) ? { partial: true } : undefined;
  let n: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]+$/.test(s)) n = parseInt(s, 8);
  else if (/^\d+$/.test(s)) n = Number(s);
  else return undefined;
  return n <= 0xffffffff ? { spi: n } : undefined;
}

function espRow(r: UatRecord, source: string, problems: Problem[]): EspSaKeySet | undefined {
  const where = at(source, r.line);
  const bad = (code: string, why: string) => { problems.push(problem(code, `${where}: ${why}; row skipped`)); return undefined; };
  if (r.fields.length < 8 || r.fields.length > 10) {
    return bad('keys/bad-row', `an esp_sa row has 8 fields (Protocol, Src IP, Dest IP, SPI, Encryption, Encryption Key, Authentication, Authentication Key; Wireshark 4.2 adds SN and ESN High Bits), this one ${r.fields.length}`);
  }
  const f = r.fields.map((x) => x.value.trim());
  const proto = f[0]!.toLowerCase();
  if (proto !== 'ipv4' && proto !== 'ipv6' && proto !== 'any') return bad('keys/bad-row', `Protocol must be "IPv4", "IPv6" or "Any", not ${quote(f[0]!)}`);
  const family = proto === 'ipv4' ? 4 : proto === 'ipv6' ? 6 : undefined;
  const addr = (i: number, name: string): string | undefined | null => {
    const p = f[i]!;
    const fam = addressPatternFamily(p);
    if (fam === undefined) { bad('keys/bad-row', `${name} ${quote(p)} is not an address or address pattern`); return null; }
    if (fam === 'any') return family === 4 ? '0.0.0.0/0' : family === 6 ? '::/0' : undefined;
    if (family !== undefined && fam !== family) { bad('keys/bad-row', `${name} is an IPv${fam} pattern in an IPv${family} row`); return null; }
    return p;
  };
  const src = addr(1, 'Src IP');
  if (src === null) return undefined;
  const dst = addr(2, 'Dest IP');
  if (dst === null) return undefined;
  const spi = espSpi(f[3]!);
  if (!spi) return bad('keys/bad-row', `SPI ${quote(f[3]!)} is not "*", a number or "0x" and 8 hex digits`);
  if (spi.partial) {
    problems.push(problem('keys/spi-pattern', `${where}: SPI pattern ${quote(f[3]!)} with '*' digits: the keys are tried on every SPI (integrity decides)`));
  }
  const encrName = espEncrFromName(f[4]!);
  if (encrName === 'unsupported') return bad('keys/unsupported-algorithm', `encryption ${quote(f[4]!)} has no IANA ESP transform; ikescope cannot use it`);
  if (!encrName) return bad('keys/unknown-algorithm', `unknown ESP encryption ${quote(f[4]!)} (Wireshark's names: "AES-CBC [RFC3602]", "AES-GCM with 16 octet ICV [RFC4106]", "TripleDES-CBC [RFC2451]", "NULL", …)`);
  let integ = espIntegFromName(f[6]!);
  if (integ === 'unsupported') return bad('keys/unsupported-algorithm', `authentication ${quote(f[6]!)} has no IANA ESP transform; ikescope cannot use it`);
  if (!integ) return bad('keys/unknown-algorithm', `unknown ESP authentication ${quote(f[6]!)} (Wireshark's names: "HMAC-SHA-1-96 [RFC2404]", "HMAC-SHA-256-128 [RFC4868]", "NULL", "ANY 96 bit authentication [no checking]", …)`);
  const encrKey = espKey(f[5]!);
  if (!encrKey) return bad('keys/bad-row', 'the encryption key is not hex after its 0x');
  const integKey = espKey(f[7]!);
  if (!integKey) return bad('keys/bad-row', 'the authentication key is not hex after its 0x');

  let id: number;
  if (encrName.kind === 'legacy-gcm') {
    // "AES-GCM [RFC4106]": the ICV length is in the authentication column (strongSwan's
    // save-keys writes "ANY 128 bit authentication [no checking]" there).
    const icv = integ.kind === 'unchecked' ? integ.icvBytes : integ.kind === 'none' ? 16 : undefined;
    const gcm = icv === 8 ? EncrId.ENCR_AES_GCM_8 : icv === 12 ? EncrId.ENCR_AES_GCM_12 : icv === 16 ? EncrId.ENCR_AES_GCM_16 : undefined;
    if (gcm === undefined) return bad('keys/bad-row', `"AES-GCM [RFC4106]" takes an ICV of 8, 12 or 16 octets ("ANY 64/96/128 bit authentication"), not ${quote(f[6]!)}`);
    id = gcm;
    integ = { kind: 'none' };
  } else {
    id = encrName.id;
    if (isAead(id) && integ.kind !== 'none') return bad('keys/bad-row', `${quote(f[4]!)} is a combined-mode cipher and takes "NULL" authentication`);
  }
  if (isAead(id)) integ = { kind: 'none' };
  const encr: AlgorithmRef | undefined = encrRefFromKeyBytes(id, id === EncrId.ENCR_NULL ? 0 : encrKey.length);
  if (!encr) {
    return bad('keys/key-length', `the encryption key is ${encrKey.length} octets; ${quote(f[4]!)} takes ${keySizes(id)}`);
  }
  const sn = f[8]?.toLowerCase();
  if (sn !== undefined && sn !== '' && sn !== '32-bit' && sn !== '64-bit') return bad('keys/bad-row', `SN must be "32-bit" or "64-bit", not ${quote(f[8]!)}`);
  const set: EspSaKeySet = {
    source: where,
    ...(spi.spi !== undefined ? { spi: spi.spi } : {}),
    ...(src !== undefined ? { src } : {}),
    ...(dst !== undefined ? { dst } : {}),
    encr, integ,
    encrKey: id === EncrId.ENCR_NULL ? new Uint8Array(0) : encrKey,
    ...(integ.kind === 'transform' ? { integKey } : {}),
    ...(sn === '64-bit' ? { esn: true } : sn === '32-bit' ? { esn: false } : {}),
  };
  const why = espKeyProblem(set);
  if (why) return bad(why.code, why.reason);
  return set;
}

/** "16, 24 or 32 octets (key and 4-octet salt)" for a message. */
function keySizes(id: number): string {
  const info = ENCR.get(id)!;
  const salt = info.saltBytes ? ` (key and ${info.saltBytes}-octet salt)` : '';
  if (info.keyLengths.length === 0) return `${info.fixedKeyBytes ?? 0} octets${salt}`;
  const sizes = info.keyLengths.map((k) => k / 8 + info.saltBytes);
  if (sizes.length > 3) return `${sizes[0]} to ${sizes[sizes.length - 1]} octets${salt}`;
  return `${sizes.slice(0, -1).join(', ')} or ${sizes[sizes.length - 1]} octets${salt}`;
}

// ---------------------------------------------------------------- writers

export interface WiresharkTables {
  readonly ikev2DecryptionTable: string;
  readonly espSa: string;
}

const HEADER = (file: string) =>
  `# ${file} written by ikescope for Wireshark 4 (UAT format; see ikescope keys convert --help)\n`;

/**
 * The key store as Wireshark 4 loads it. What Wireshark cannot express is left out with a
 * `#` comment saying why (no SPIs, a cipher Wireshark lacks); an integrity it cannot check is
 * written as "ANY n bits [No Checking]" of the right ICV size so decryption still works.
 */
export function toWiresharkTables(store: KeyStore): WiresharkTables {
  let ikeText = HEADER('ikev2_decryption_table');
  for (const s of store.ike) ikeText += ikeLine(s);
  const rows: string[] = [];
  const wildcard: string[] = [];
  const notes: string[] = [];
  for (const s of store.esp) {
    const r = espLines(s);
    if (typeof r === 'string') notes.push(r);
    else (s.spi === undefined ? wildcard : rows).push(...r);
  }
  let espText = HEADER('esp_sa');
  if (wildcard.length > 1) espText += '# several key sets without an SPI: Wireshark uses the first row that matches, so only the first of them can work\n';
  espText += notes.join('');
  espText += [...rows, ...wildcard].join('');
  return { ikev2DecryptionTable: ikeText, espSa: espText };
}

function ikeLine(s: IkeSaKeySet): string {
  const skip = (why: string) => `# not written: ${s.source}: ${why}\n`;
  if (!s.ispi || !s.rspi) return skip('Wireshark needs both IKE SPIs');
  if (!s.encr || !s.skEi || !s.skEr) return skip('Wireshark needs the encryption algorithm, SK_ei and SK_er');
  const encr = ikeEncrName(s.encr);
  if (!encr) return skip(`Wireshark's IKEv2 decryption has no ${encrLabel(s.encr)}`);
  let integ: string | undefined;
  let ai = '';
  let ar = '';
  let note = '';
  const integRef: IntegrityRef = s.integ ?? (isAead(s.encr.id) ? { kind: 'none' } : { kind: 'unchecked', icvBytes: 0 });
  if (integRef.kind === 'unchecked' && integRef.icvBytes === 0) return skip('Wireshark needs the integrity algorithm');
  integ = ikeIntegName(integRef);
  if (integ && integRef.kind === 'transform') {
    if (!s.skAi || !s.skAr) return skip('Wireshark needs SK_ai and SK_ar');
    ai = toHex(s.skAi);
    ar = toHex(s.skAr);
  }
  if (!integ) {
    const icv = integIcvBytes(integRef);
    integ = icv === undefined ? undefined : ikeUncheckedName(icv);
    if (!integ) return skip('Wireshark has no IKEv2 integrity algorithm of this ICV size');
    note = `# ${s.source}: Wireshark cannot check this integrity algorithm; written as unchecked\n`;
  }
  return `${note}${s.ispi},${s.rspi},${toHex(s.skEi)},${toHex(s.skEr)},${quoteField(encr)},${ai},${ar},${quoteField(integ)}\n`;
}

function espLines(s: EspSaKeySet): string[] | string {
  const skip = (why: string) => `# not written: ${s.source}: ${why}\n`;
  if (!s.encr) return skip("Wireshark needs the encryption algorithm (the source doesn't name it)");
  const encr = espEncrName(s.encr.id);
  if (!encr) return skip(`Wireshark's ESP decryption has no ${encrLabel(s.encr)}`);
  if (encrKeyBytes(s.encr) === undefined) return skip(`no key size for ${encrLabel(s.encr)}`);
  const integRef: IntegrityRef = s.integ ?? (isAead(s.encr.id) ? { kind: 'none' } : { kind: 'unchecked', icvBytes: 0 });
  let integ = espIntegName(integRef);
  let integKey = integRef.kind === 'transform' && s.integKey ? `0x${toHex(s.integKey)}` : '';
  let note = '';
  if (integRef.kind === 'unchecked' && integRef.icvBytes === 0) return skip('Wireshark needs the authentication algorithm');
  if (!integ) {
    const icv = integIcvBytes(integRef);
    integ = icv === undefined ? undefined : espIntegName({ kind: 'unchecked', icvBytes: icv });
    if (!integ) return skip('Wireshark has no ESP authentication of this ICV size');
    integKey = '';
    note = `# ${s.source}: Wireshark cannot check this authentication algorithm; written as unchecked\n`;
  }
  if (s.esn) note += `# ${s.source}: extended sequence numbers: Wireshark 4.0 does not know them (4.2+: add a column "64-bit")\n`;
  // Wireshark 4.0 refuses the whole table over one name it does not know, so names that came
  // with 4.2 are written commented out, ready to be uncommented there.
  const since42 = WIRESHARK_42_ESP.has(s.encr.id);
  if (since42) note += `# ${s.source}: ${encr} needs Wireshark 4.2 or later (4.0 refuses the whole table over it); uncomment there:\n`;
  const spi = s.spi === undefined ? '*' : `0x${s.spi.toString(16).padStart(8, '0')}`;
  const encrKey = s.encrKey.length ? `0x${toHex(s.encrKey)}` : '';
  const src = toWiresharkPattern(s.src);
  const dst = toWiresharkPattern(s.dst);
  if (src.widened || dst.widened) note += `# ${s.source}: address pattern ${[s.src, s.dst].filter((x) => x !== undefined).join(' / ')} written as ${src.text} / ${dst.text}, the closest Wireshark 4.0 matches\n`;
  const families = familiesOf(s.src, s.dst);
  return families.map((fam, i) => {
    const row = [fam, src.text, dst.text, spi, encr, encrKey, integ!, integKey].map(quoteField).join(',');
    return `${i === 0 ? note : ''}${since42 ? '# ' : ''}${row}\n`;
  });
}

const WIRESHARK_42_ESP = new Set<number>([EncrId.ENCR_CHACHA20_POLY1305, EncrId.ENCR_CHACHA20_POLY1305_IIV, EncrId.ENCR_AES_GCM_16_IIV]);

/** Wireshark 4.0 matches a row only for its protocol; a row for any family is written twice. */
function familiesOf(src: string | undefined, dst: string | undefined): string[] {
  for (const p of [src, dst]) {
    if (p === undefined) continue;
    const fam = addressPatternFamily(p);
    if (fam === 4) return ['IPv4'];
    if (fam === 6) return ['IPv6'];
  }
  return ['IPv4', 'IPv6'];
}
