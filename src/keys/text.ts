/** Small helpers shared by the key sources: hex, problems that never carry key material. */
import type { Problem } from '../problem.js';

/**
 * Hex digits to bytes. Accepts an optional 0x, upper or lower case, and ':' or ' ' between
 * octets (strongSwan's %#B, hand-written tables). Undefined when anything else is in it or the
 * digit count is odd.
 */
export function parseHex(text: string): Uint8Array | undefined {
  let s = text.trim();
  if (/^0x/i.test(s)) s = s.slice(2);
  s = s.replace(/[:\s]/g, '');
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Text from the input made safe to quote in a message: a run of 8 or more hex digits may be key
 * material (a shifted column puts a key where a name was expected), so it is replaced by its
 * length; the rest is cut to 60 characters.
 */
export function quote(text: string): string {
  const safe = text.replace(/(?:0x)?[0-9a-fA-F]{8,}/g, (m) => `<${m.length} hex digits>`).replace(/[\x00-\x1f\x7f]/g, '?');
  return `'${safe.length > 60 ? `${safe.slice(0, 57)}...` : safe}'`;
}

export function problem(code: string, message: string, fatal = false): Problem {
  return fatal ? { code, message, fatal } : { code, message };
}
