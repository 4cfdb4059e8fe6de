/**
 * ikescope's own key file, schema "ikescope.keys/1" (documented in ./README.md). Algorithms
 * are named as IANA names them (src/ikev2/registry): "ENCR_AES_CBC_128" (key length appended),
 * "AUTH_HMAC_SHA2_256_128", "PRF_HMAC_SHA2_256"; keys and SPIs are hex.
 */
import { EncrId, IntegId, PrfId } from '../ikev2/registry/index.js';
import { StrongSwanIntegId, encrLabel, encrRefFromKeyBytes, integTransformName, prfLabel } from './algorithms.js';
import type { AlgorithmRef, EspSaKeySet, IkeSaKeySet, IntegrityRef, KeyStore } from './model.js';
import type { Problem } from '../problem.js';
import { parseHex, problem, quote, toHex } from './text.js';
import { espKeyProblem, ikeKeyProblem } from './validate.js';
import { addressPatternFamily } from './address.js';

export const KEYS_SCHEMA = 'ikescope.keys/1';

const ENCR_BY_NAME = new Map<string, number>(Object.entries(EncrId));
const INTEG_BY_NAME = new Map<string, number>([...Object.entries(IntegId), ...Object.entries(StrongSwanIntegId)]);
const PRF_BY_NAME = new Map<string, number>(Object.entries(PrfId));

/** "ENCR_AES_CBC_128" → {12, 128}; also "ENCR_3DES", "ENCR(1027)", "ENCR_PRIVATE_USE(1027)_128" or a number. */
export function encrFromIanaName(name: unknown): AlgorithmRef | undefined {
  if (typeof name === 'number') return Number.isInteger(name) && name >= 0 && name <= 0xffff ? { id: name } : undefined;
  if (typeof name !== 'string') return undefined;
  const exact = ENCR_BY_NAME.get(name);
  if (exact !== undefined) return { id: exact };
  const num = /^ENCR(?:_PRIVATE_USE)?\((\d+)\)(?:_(\d+))?$/.exec(name);
  if (num) return { id: Number(num[1]), ...(num[2] ? { keyLength: Number(num[2]) } : {}) };
  const m = /^(.*)_(\d+)$/.exec(name);
  const id = m ? ENCR_BY_NAME.get(m[1]!) : undefined;
  return id === undefined ? undefined : { id, keyLength: Number(m![2]) };
}

function idFromName(map: Map<string, number>, prefix: string, name: unknown): number | undefined {
  if (typeof name === 'number') return Number.isInteger(name) && name >= 0 && name <= 0xffff ? name : undefined;
  if (typeof name !== 'string') return undefined;
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const num = new RegExp(`^${prefix}(?:_PRIVATE_USE)?\\((\\d+)\\)$`).exec(name);
  return num ? Number(num[1]) : undefined;
}

/** integ: a name, null for none (AEAD), or {"unchecked": icvOctets}. */
function integFromJson(v: unknown): IntegrityRef | undefined {
  if (v === null) return { kind: 'none' };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const n = (v as Record<string, unknown>).unchecked;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 64 ? { kind: 'unchecked', icvBytes: n } : undefined;
  }
  if (v === 'NONE') return { kind: 'none' };
  const id = idFromName(INTEG_BY_NAME, 'AUTH', v);
  return id === undefined ? undefined : { kind: 'transform', ref: { id } };
}

function integToJson(i: IntegrityRef): string | null | { unchecked: number } {
  switch (i.kind) {
    case 'none': return null;
    case 'unchecked': return { unchecked: i.icvBytes };
    case 'transform': return integTransformName(i.ref.id);
  }
}

export interface JsonParse {
  readonly ike: IkeSaKeySet[];
  readonly esp: EspSaKeySet[];
  readonly problems: Problem[];
}

const IKE_KEYS = ['skD', 'skEi', 'skEr', 'skAi', 'skAr', 'skPi', 'skPr'] as const;

/** Parses an already JSON.parse'd document; `source` names it in messages. */
export function parseKeysJson(doc: unknown, source: string): JsonParse {
  const problems: Problem[] = [];
  const ike: IkeSaKeySet[] = [];
  const esp: EspSaKeySet[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push(problem('keys/unknown-format', `${source}: a JSON key file is an object with "schema": "${KEYS_SCHEMA}"`, true));
    return { ike, esp, problems };
  }
  const d = doc as Record<string, unknown>;
  if (d.schema !== KEYS_SCHEMA) {
    problems.push(problem('keys/unknown-format', `${source}: JSON, but not an ikescope key file (its "schema" is ${typeof d.schema === 'string' ? quote(d.schema) : 'missing'}, expected "${KEYS_SCHEMA}")`, true));
    return { ike, esp, problems };
  }
  for (const [field, list] of [['ike', d.ike], ['esp', d.esp]] as const) {
    if (list !== undefined && !Array.isArray(list)) problems.push(problem('keys/bad-entry', `${source}: "${field}" must be a list`));
  }
  const ikeList = Array.isArray(d.ike) ? d.ike : [];
  const espList = Array.isArray(d.esp) ? d.esp : [];
  ikeList.forEach((e, i) => {
    const set = ikeEntry(e, `${source}:ike[${i}]`, problems);
    if (set) ike.push(set);
  });
  espList.forEach((e, i) => {
    const set = espEntry(e, `${source}:esp[${i}]`, problems);
    if (set) esp.push(set);
  });
  return { ike, esp, problems };
}

function entryBad(problems: Problem[], where: string, why: string, code = 'keys/bad-entry'): undefined {
  problems.push(problem(code, `${where}: ${why}; entry skipped`));
  return undefined;
}

function hexBytes(v: unknown): Uint8Array | undefined {
  return typeof v === 'string' ? parseHex(v) : undefined;
}

function ikeEntry(e: unknown, where: string, problems: Problem[]): IkeSaKeySet | undefined {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return entryBad(problems, where, 'not an object');
  const o = e as Record<string, unknown>;
  const spi = (k: 'ispi' | 'rspi'): string | undefined | null => {
    if (o[k] === undefined || o[k] === null) return undefined;
    const b = hexBytes(o[k]);
    if (!b || b.length !== 8) { entryBad(problems, where, `"${k}" must be 16 hex digits`); return null; }
    return toHex(b);
  };
  const ispi = spi('ispi');
  if (ispi === null) return undefined;
  const rspi = spi('rspi');
  if (rspi === null) return undefined;
  let encr: AlgorithmRef | undefined;
  if (o.encr !== undefined) {
    encr = encrFromIanaName(o.encr);
    if (!encr) return entryBad(problems, where, `unknown "encr" ${quote(String(o.encr))} (IANA names: "ENCR_AES_CBC_128", "ENCR_AES_GCM_16_256", "ENCR_3DES", …)`, 'keys/unknown-algorithm');
  }
  let integ: IntegrityRef | undefined;
  if (o.integ !== undefined) {
    integ = integFromJson(o.integ);
    if (!integ) return entryBad(problems, where, `unknown "integ" ${quote(JSON.stringify(o.integ))} (IANA names: "AUTH_HMAC_SHA2_256_128", …; null for none; {"unchecked": 12})`, 'keys/unknown-algorithm');
  }
  let prf: AlgorithmRef | undefined;
  if (o.prf !== undefined) {
    const id = idFromName(PRF_BY_NAME, 'PRF', o.prf);
    if (id === undefined) return entryBad(problems, where, `unknown "prf" ${quote(String(o.prf))} (IANA names: "PRF_HMAC_SHA2_256", …)`, 'keys/unknown-algorithm');
    prf = { id };
  }
  const keys: Partial<Record<(typeof IKE_KEYS)[number], Uint8Array>> = {};
  for (const k of IKE_KEYS) {
    if (o[k] === undefined || o[k] === null) continue;
    const b = hexBytes(o[k]);
    if (!b) return entryBad(problems, where, `"${k}" is not hex`);
    keys[k] = b;
  }
  // A transform given without its key length ("ENCR_AES_CBC", or 12) takes it from SK_e.
  if (encr && encr.keyLength === undefined && (keys.skEi ?? keys.skEr)) encr = encrRefFromKeyBytes(encr.id, (keys.skEi ?? keys.skEr)!.length) ?? encr;
  const set: IkeSaKeySet = {
    source: where, ...(ispi ? { ispi } : {}), ...(rspi ? { rspi } : {}),
    ...(encr ? { encr } : {}), ...(integ ? { integ } : {}), ...(prf ? { prf } : {}), ...keys,
  };
  const why = ikeKeyProblem(set);
  if (why) return entryBad(problems, where, why.reason, why.code);
  return set;
}

function espEntry(e: unknown, where: string, problems: Problem[]): EspSaKeySet | undefined {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return entryBad(problems, where, 'not an object');
  const o = e as Record<string, unknown>;
  let spi: number | undefined;
  if (o.spi !== undefined && o.spi !== null) {
    if (typeof o.spi === 'number' && Number.isInteger(o.spi) && o.spi >= 0 && o.spi <= 0xffffffff) spi = o.spi;
    else if (typeof o.spi === 'string' && /^(0x)?[0-9a-f]{1,8}$/i.test(o.spi)) spi = parseInt(o.spi.replace(/^0x/i, ''), 16);
    else return entryBad(problems, where, '"spi" must be up to 8 hex digits');
  }
  const addr = (k: 'src' | 'dst'): string | undefined | null => {
    const v = o[k];
    if (v === undefined || v === null || v === '*') return undefined;
    if (typeof v !== 'string' || addressPatternFamily(v) === undefined) { entryBad(problems, where, `"${k}" is not an address or esp_sa address pattern`); return null; }
    return v;
  };
  const src = addr('src');
  if (src === null) return undefined;
  const dst = addr('dst');
  if (dst === null) return undefined;
  let encr: AlgorithmRef | undefined;
  if (o.encr !== undefined) {
    encr = encrFromIanaName(o.encr);
    if (!encr) return entryBad(problems, where, `unknown "encr" ${quote(String(o.encr))} (IANA names: "ENCR_AES_CBC_128", "ENCR_AES_GCM_16_256", …)`, 'keys/unknown-algorithm');
  }
  let integ: IntegrityRef | undefined;
  if (o.integ !== undefined) {
    integ = integFromJson(o.integ);
    if (!integ) return entryBad(problems, where, `unknown "integ" ${quote(JSON.stringify(o.integ))}`, 'keys/unknown-algorithm');
  }
  const encrKey = hexBytes(o.encrKey ?? '');
  if (!encrKey) return entryBad(problems, where, '"encrKey" is not hex');
  let integKey: Uint8Array | undefined;
  if (o.integKey !== undefined && o.integKey !== null) {
    integKey = hexBytes(o.integKey);
    if (!integKey) return entryBad(problems, where, '"integKey" is not hex');
  }
  if (o.esn !== undefined && typeof o.esn !== 'boolean') return entryBad(problems, where, '"esn" must be true or false');
  if (encr && encr.keyLength === undefined) encr = encrRefFromKeyBytes(encr.id, encrKey.length) ?? encr;
  const set: EspSaKeySet = {
    source: where, ...(spi !== undefined ? { spi } : {}), ...(src ? { src } : {}), ...(dst ? { dst } : {}),
    ...(encr ? { encr } : {}), ...(integ ? { integ } : {}), encrKey, ...(integKey ? { integKey } : {}),
    ...(typeof o.esn === 'boolean' ? { esn: o.esn } : {}),
  };
  const why = espKeyProblem(set);
  if (why) return entryBad(problems, where, why.reason, why.code);
  return set;
}

/** The store as an ikescope.keys/1 document (2-space indented, one key set per object). */
export function toJson(store: KeyStore): string {
  const hex = (b: Uint8Array | undefined) => (b === undefined ? undefined : toHex(b));
  const doc = {
    schema: KEYS_SCHEMA,
    ike: store.ike.map((s) => ({
      ispi: s.ispi, rspi: s.rspi,
      encr: s.encr && encrLabel(s.encr),
      integ: s.integ && integToJson(s.integ),
      prf: s.prf && prfLabel(s.prf),
      skD: hex(s.skD), skEi: hex(s.skEi), skEr: hex(s.skEr), skAi: hex(s.skAi), skAr: hex(s.skAr), skPi: hex(s.skPi), skPr: hex(s.skPr),
    })),
    esp: store.esp.map((s) => ({
      spi: s.spi === undefined ? undefined : s.spi.toString(16).padStart(8, '0'),
      src: s.src, dst: s.dst,
      encr: s.encr && encrLabel(s.encr),
      integ: s.integ && integToJson(s.integ),
      encrKey: toHex(s.encrKey), integKey: hex(s.integKey),
      esn: s.esn,
    })),
  };
  // JSON.stringify drops undefined members: absent stays absent, null (no integrity) stays.
  return `${JSON.stringify(doc, null, 2)}\n`;
}
