/**
 * Address patterns of Wireshark's esp_sa table (epan/dissectors/packet-ipsec.c,
 * filter_address_match): an address, "*" for any, "*" in place of an IPv4 octet or an IPv6
 * group or nibble, a trailing "*" for everything after it ("192.168.*", "2001:db8:*"), and a
 * "/len" prefix ("192.0.2.0/24", "2001:db8::/32"). "0.0.0.0/0" and "::/0" mean any address of
 * that family (what a row with protocol IPv4 or IPv6 and "*" stands for).
 */
import { parseIPv4, parseIPv6 } from '../net/address.js';

/** 8 (IPv4) or 32 (IPv6) hex nibbles, '*' where anything matches; undefined if not a pattern. */
function nibbles(pattern: string): { family: 4 | 6; nibbles: string } | undefined {
  let text = pattern.trim();
  let prefix: number | undefined;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const len = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(len)) return undefined;
    prefix = Number(len);
    text = text.slice(0, slash);
  }
  let out: string | undefined;
  let family: 4 | 6;
  if (text.includes(':')) {
    family = 6;
    out = ipv6Nibbles(text);
  } else {
    family = 4;
    out = ipv4Nibbles(text);
  }
  if (out === undefined) return undefined;
  if (prefix !== undefined) {
    const bits = family === 4 ? 32 : 128;
    if (prefix > bits) return undefined;
    // A prefix that ends inside a nibble keeps that nibble's leading bits: compare on bits.
    const chars = out.split('');
    for (let i = 0; i < chars.length; i++) {
      const first = 4 * i;
      if (first >= prefix) chars[i] = '*';
      else if (first + 4 > prefix && chars[i] !== '*') {
        const keep = prefix - first;
        const v = parseInt(chars[i]!, 16) & (0xf << (4 - keep)) & 0xf;
        chars[i] = `${v.toString(16)}/${keep}`; // masked nibble: value/bits
      }
    }
    return { family, nibbles: chars.join(',') };
  }
  return { family, nibbles: out.split('').join(',') };
}

function ipv4Nibbles(text: string): string | undefined {
  if (text === '*') return '********';
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === '*') {
      // A trailing '*' stands for the rest of the address.
      if (i === parts.length - 1) return (out + '*'.repeat(8 - out.length));
      out += '**';
      continue;
    }
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out += Number(p).toString(16).padStart(2, '0');
  }
  return out.length === 8 ? out : undefined;
}

function ipv6Nibbles(text: string): string | undefined {
  if (text === '*') return '*'.repeat(32);
  // "2001:db8:*" (no "::"): the groups given, anything after.
  if (text.endsWith(':*') && !text.includes('::')) {
    const groups = text.slice(0, -2).split(':');
    if (groups.length > 7) return undefined;
    let out = '';
    for (const g of groups) {
      const n = groupNibbles(g);
      if (n === undefined) return undefined;
      out += n;
    }
    return out.padEnd(32, '*');
  }
  if (!text.includes('*')) {
    const b = parseIPv6(text); // also takes an embedded IPv4 tail
    return b ? hexOf(b) : undefined;
  }
  const expanded = expandGroups(text.split(':'));
  if (!expanded) return undefined;
  let out = '';
  for (const g of expanded) {
    const n = groupNibbles(g);
    if (n === undefined) return undefined;
    out += n;
  }
  return out;
}

/** A group to 4 nibbles: "*" is four wildcards, otherwise left-padded with zeros. */
function groupNibbles(g: string): string | undefined {
  if (g === '*') return '****';
  if (!/^[0-9a-fA-F*]{1,4}$/.test(g)) return undefined;
  return g.toLowerCase().padStart(4, '0');
}

function expandGroups(groups: string[]): string[] | undefined {
  const idx = groups.indexOf('');
  if (idx < 0) return groups.length === 8 ? groups : undefined;
  // "::" yields one or two empty strings (three for "::" alone).
  const head = groups.slice(0, idx);
  let rest = groups.slice(idx);
  while (rest.length && rest[0] === '') rest = rest.slice(1);
  const fill = 8 - head.length - rest.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<string>(fill).fill('0'), ...rest];
}

function hexOf(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/**
 * Whether `ip` (an IPv4 or IPv6 address as text) matches an esp_sa address pattern. An absent,
 * empty or "*" pattern matches everything; a pattern that is not one never matches.
 */
export function matchAddress(pattern: string | undefined, ip: string): boolean {
  if (pattern === undefined || pattern.trim() === '' || pattern.trim() === '*') return true;
  const p = nibbles(pattern);
  if (!p) return false;
  const bytes = p.family === 4 ? parseIPv4(ip) : ip.includes(':') ? parseIPv6(ip) : undefined;
  if (!bytes) return false;
  const addr = hexOf(bytes);
  const want = p.nibbles.split(',');
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w === '*') continue;
    if (w.includes('/')) {
      const [v, bits] = w.split('/');
      const mask = (0xf << (4 - Number(bits))) & 0xf;
      if ((parseInt(addr[i]!, 16) & mask) !== parseInt(v!, 16)) return false;
      continue;
    }
    if (w !== addr[i]) return false;
  }
  return true;
}

/** Whether the text is an address pattern matchAddress understands; its family if so. */
export function addressPatternFamily(pattern: string): 4 | 6 | 'any' | undefined {
  const t = pattern.trim();
  if (t === '' || t === '*') return 'any';
  return nibbles(t)?.family;
}

/**
 * A pattern as Wireshark 4.0 matches it: its IPv4 matching compares hex nibbles and takes '*'
 * per octet, but its "/len" handling does not match (only /32 does, as tshark 4.0.17 shows), and
 * a trailing "192.168.*" matches nothing there. So IPv4 patterns are written with a '*' per
 * octet ("192.168.*.*"), a prefix that ends inside an octet widened to the octet before; an IPv6
 * pattern other than a plain address is widened to "*". The SPI still has to match, and the
 * integrity check tells a wrong key, so widening only costs trial decryptions.
 */
export function toWiresharkPattern(pattern: string | undefined): { text: string; widened: boolean } {
  if (pattern === undefined) return { text: '*', widened: false };
  const t = pattern.trim();
  if (t === '' || t === '*' || t === '0.0.0.0/0' || t === '::/0') return { text: '*', widened: false };
  const p = nibbles(t);
  if (!p) return { text: '*', widened: true };
  if (p.family === 6) {
    const plain = !t.includes('*') && !t.includes('/');
    return plain ? { text: t, widened: false } : { text: '*', widened: true };
  }
  const n = p.nibbles.split(',');
  let widened = false;
  const octets: string[] = [];
  for (let i = 0; i < 4; i++) {
    const hi = n[2 * i]!;
    const lo = n[2 * i + 1]!;
    if (hi === '*' && lo === '*') { octets.push('*'); continue; }
    if (hi.includes('/') || lo.includes('/') || hi === '*' || lo === '*') { octets.push('*'); widened = true; continue; }
    octets.push(String(parseInt(hi + lo, 16)));
  }
  // Once an octet is '*', Wireshark still compares the ones after it; a prefix never has any.
  return { text: octets.every((o) => o === '*') ? '*' : octets.join('.'), widened };
}
