/**
 * Redaction (DESIGN.md "Secrets"; issue 4 §4): a pure function Report → Report applied before
 * any renderer, so every format is covered by the same pass.
 *
 * - Addresses, outer and inner (peers, address moves, ESP endpoints, traffic selectors, and any
 *   address quoted in free text) become `ip-N` / `ip6-N`: forms no one can mistake for a real
 *   address. The unspecified and broadcast addresses (0.0.0.0, ::, 255.255.255.255) stay, so a
 *   traffic selector `0.0.0.0/0` still reads as "everything".
 * - Identities (IDi/IDr values, EAP identities, MSCHAPv2 names, anything in `facts` that holds
 *   an identity) become `id-N`; certificate subjects and issuers `subject-N` (their RDN values,
 *   e.g. a CN, are pseudonymised wherever else they appear); key files `keys-N`.
 * - MSCHAPv2 challenge/response values, which can be cracked offline (RFC 2759 §8), and any field
 *   that looks like key material are dropped. The model never carries keys; this is a second net.
 * - The same input gives the same pseudonym everywhere in one report. SPIs stay: they identify
 *   an SA, not a person or a network.
 */
import { isIP } from 'node:net';
import { basename } from 'node:path';
import type { Report } from '../analysis/model.js';

export interface Redactor {
  /** The redacted report. */
  readonly report: Report;
  /** Redacts a string that is not in the model (a command line, a title) with the same pseudonyms. */
  text(s: string): string;
}

/** Keys whose string values are identities, wherever they appear. */
const IDENTITY_KEYS = /^(identity|identities|username|user|peer|peerName|idValue|fqdn|rfc822|email|san|subjectAltNames?|altNames?)$/i;
/** Keys whose values are certificate names. */
const SUBJECT_KEYS = /^(subject|issuer|dn|subjectDn|issuerDn)$/i;
/** Keys never to print: MSCHAPv2 challenge/response values and anything shaped like a key. */
const SECRET_KEYS = /challenge|ntresponse|nt_response|peerchallenge|authenticatorresponse|authresponse|password|passwd|secret|^msk$|^emsk$|^sk_?[adeip]*[ir]?$|keybytes|keymaterial|^psk$|^nonceData$/i;
/** Values kept as they are: they say "any", not where. */
const KEEP_ADDRESSES = new Set(['0.0.0.0', '255.255.255.255', '::', '::1']);
/** An IPv4 address preceded by one of these words is a version number. */
const VERSION_BEFORE = /(strongswan|version|windows|macos|ios|android|build|v)\s*$/i;

class Pseudonyms {
  private readonly map = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  get(kind: string, value: string): string {
    const key = `${kind}\u0000${value}`;
    let p = this.map.get(key);
    if (!p) {
      const n = (this.counters.get(kind) ?? 0) + 1;
      this.counters.set(kind, n);
      p = `${kind}-${n}`;
      this.map.set(key, p);
    }
    return p;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactor(r: Report): Redactor {
  const names = new Pseudonyms();
  /** Literal strings to replace (identities, subjects, paths), longest first when applied. */
  const literals = new Map<string, string>();
  const addLiteral = (value: string, pseudonym: string) => {
    const v = value.trim();
    if (v.length >= 3 && !literals.has(v)) literals.set(v, pseudonym);
  };
  const address = (a: string): string => {
    if (KEEP_ADDRESSES.has(a.toLowerCase())) return a;
    return names.get(isIP(a) === 6 ? 'ip6' : 'ip', isIP(a) === 6 ? a.toLowerCase() : a);
  };
  // An identity that is an address (ID_IPV4_ADDR, an iPAddress SAN) is that address: one pseudonym.
  const identity = (v: string) => { if (isIP(v.trim())) address(v.trim()); else if (v.trim().length) addLiteral(v, names.get('id', v.trim())); };
  const subject = (v: string) => {
    if (!v.trim().length) return;
    addLiteral(v, names.get('subject', v.trim()));
    // RDN values (CN=vpn.example.net, O=…) can show up on their own (an FQDN identity).
    for (const m of v.matchAll(/(?:^|[,/+;]\s*)[A-Za-z][\w.]*\s*=\s*("[^"]*"|[^,/+;]+)/g)) {
      const val = m[1]!.replace(/^"|"$/g, '').trim();
      if (val.length >= 3) addLiteral(val, names.get('id', val));
    }
  };

  // Pass 1: learn what is an identity, a subject or a path, in walk order (stable numbering).
  const collect = (v: unknown, key: string, inMschap: boolean): void => {
    if (typeof v === 'string') {
      if (SUBJECT_KEYS.test(key)) subject(v);
      else if (IDENTITY_KEYS.test(key) || (inMschap && /^name$/i.test(key))) identity(v);
      else if (/^(ip|src|dst|address|addr)$/i.test(key) && isIP(v)) address(v);
      return;
    }
    if (Array.isArray(v)) { for (const x of v) collect(x, key, inMschap); return; }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // facts.ids: { payload: 'IDi', type, value|data|id }
      if (typeof o.payload === 'string' && /^ID[ir]$/.test(o.payload)) {
        for (const k of ['value', 'data', 'id', 'text']) if (typeof o[k] === 'string') identity(o[k] as string);
      }
      for (const [k, x] of Object.entries(o)) collect(x, k, inMschap || /mschap/i.test(k) || (typeof x === 'object' && /mschap/i.test(String(o.type ?? o.method ?? ''))));
    }
  };
  collect(r, '', false);
  r.keys.sources.forEach((s, i) => { addLiteral(s, `keys-${i + 1}`); });
  const captureName = basename(r.capture.path);
  if (captureName !== r.capture.path) addLiteral(r.capture.path, captureName);

  const ordered = [...literals.entries()].sort((a, b) => b[0].length - a[0].length);
  const literalRe = ordered.length
    ? new RegExp(ordered.map(([l]) => `(?<![\\w])${escapeRe(l)}(?![\\w])`).join('|'), 'gi')
    : undefined;
  const literalOf = new Map(ordered.map(([l, p]) => [l.toLowerCase(), p]));

  const text = (s: string): string => {
    let out = s;
    if (literalRe) out = out.replace(literalRe, (m) => literalOf.get(m.toLowerCase()) ?? m);
    // IPv6: a run of hex digits and colons (possibly ending in a dotted quad) that node calls IPv6.
    out = out.replace(/(?<![\w:.-])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])/g, (m) => {
      if (isIP(m) === 6) return address(m);
      // "2001:db8::2:4500": an address with a port; try without the last group.
      const cut = m.lastIndexOf(':');
      if (cut > 0 && isIP(m.slice(0, cut)) === 6 && /^\d+$/.test(m.slice(cut + 1))) return `${address(m.slice(0, cut))}:${m.slice(cut + 1)}`;
      return m;
    });
    out = out.replace(/(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g, (m, ...rest) => {
      const offset = rest[4] as number;
      if (isIP(m) !== 4) return m;
      if (VERSION_BEFORE.test(out.slice(Math.max(0, offset - 12), offset))) return m;
      return address(m);
    });
    return out;
  };

  // Pass 2: copy, redacting every string and dropping secrets.
  const copy = (v: unknown, key: string, inMschap: boolean): unknown => {
    if (typeof v === 'string') return key === 'path' ? text(v) : text(v);
    if (Array.isArray(v)) return v.map((x) => copy(x, key, inMschap));
    if (v && typeof v === 'object') {
      if (v instanceof Uint8Array) return undefined;
      const out: Record<string, unknown> = {};
      const o = v as Record<string, unknown>;
      const mschap = inMschap || /mschap/i.test(String(o.type ?? o.method ?? ''));
      for (const [k, x] of Object.entries(o)) {
        if (SECRET_KEYS.test(k) && typeof x !== 'boolean' && typeof x !== 'number') continue;
        const childMschap = mschap || /mschap/i.test(k);
        // Inside an MSCHAPv2 record, "response" holds the NT-Response, not a message flag.
        if (childMschap && /^(response|challenge|value|data)$/i.test(k) && typeof x !== 'boolean' && typeof x !== 'number') continue;
        out[k] = copy(x, k, childMschap);
      }
      return out;
    }
    return v;
  };
  const redacted = copy(r, '', false) as Report;
  return {
    report: { ...redacted, capture: { ...redacted.capture, path: basename(redacted.capture.path) } },
    text,
  };
}

/** The report with identities, addresses and MSCHAPv2 values pseudonymised or dropped. */
export function redact(r: Report): Report {
  return redactor(r).report;
}
