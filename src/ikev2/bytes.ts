/**
 * Byte helpers shared by the codec: big-endian words through DataView, bounded reads, hex.
 * Everything is a plain Uint8Array (no Buffer) so the codec runs wherever the analyzer does.
 */

/** Network byte order, RFC 7296 §3: "All multi-octet fields ... are laid out in big endian order". */
export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function u16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 8) | bytes[offset + 1]!) >>> 0;
}

export function u32(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint32(offset, false);
}

export function putU16(out: Uint8Array, offset: number, value: number): void {
  out[offset] = (value >>> 8) & 0xff;
  out[offset + 1] = value & 0xff;
}

export function putU32(out: Uint8Array, offset: number, value: number): void {
  view(out).setUint32(offset, value >>> 0, false);
}

/**
 * A copy, so decoded values never alias (and never pin) the caller's buffer. Always a plain
 * Uint8Array: a Node Buffer's `slice` would share memory instead of copying.
 */
export function copy(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Octet strings in lexicographic order, a proper prefix first: RFC 7296 §2.8.1's "lowest"
 * nonce ("an octet-by-octet comparison ... If you reach the end of one nonce, that nonce is the
 * lower one").
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex, as the JSON report writes SPIs. */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

/** Inverse of `hex`; whitespace and ':' separators are allowed. Throws on odd or non-hex input. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new RangeError(`not a hex string: ${JSON.stringify(text.slice(0, 40))}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Text fields (FQDN, RFC822, APPLICATION_VERSION) are octet strings; decode leniently. */
export function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Decode only if the bytes are valid UTF-8 and printable; used to show vendor IDs that are strings. */
export function printable(bytes: Uint8Array): string | undefined {
  let s: string;
  try {
    s = utf8Strict.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /^[\x20-\x7e]*$/.test(s) ? s : undefined;
}

export function encodeText(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
