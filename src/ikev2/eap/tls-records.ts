/**
 * A look at the TLS records an EAP-TLS family message carries (RFC 8446 §5.1, RFC 5246 §6.2):
 *
 *   | ContentType (1) | ProtocolVersion (2) | length (2) | fragment (length) |
 *
 * and, in plaintext handshake records, the handshake message headers (| msg_type (1) |
 * length (3) |), in alert records the level and description. Enough for a support engineer to
 * see "ServerHello, Certificate, ServerHelloDone" or "Alert fatal unknown_ca" without a TLS
 * stack. Records after a ChangeCipherSpec are encrypted and only their type and length shown.
 */

export interface TlsRecord {
  readonly contentType: number;
  /** "handshake", "alert", "change_cipher_spec", "application_data", or "content_type(N)". */
  readonly type: string;
  /** Record layer version, e.g. "TLS 1.2" (0x0303). */
  readonly version: string;
  readonly length: number;
  /** Handshake message names in this record, where the record is plaintext. */
  readonly handshake?: readonly string[];
  /** A plaintext alert. */
  readonly alert?: { readonly level: string; readonly description: string };
  /** After a ChangeCipherSpec in the same run: the record is encrypted. */
  readonly encrypted?: true;
  /** The record runs past the end of the bytes at hand (continued in the next fragment). */
  readonly truncated?: true;
}

const CONTENT_TYPES: Record<number, string> = { 20: 'change_cipher_spec', 21: 'alert', 22: 'handshake', 23: 'application_data', 24: 'heartbeat' };

const HANDSHAKE_TYPES: Record<number, string> = {
  0: 'HelloRequest', 1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 5: 'EndOfEarlyData',
  8: 'EncryptedExtensions', 11: 'Certificate', 12: 'ServerKeyExchange', 13: 'CertificateRequest',
  14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange', 20: 'Finished', 24: 'KeyUpdate',
};

/** RFC 8446 §6 / RFC 5246 §7.2 AlertDescription. */
const ALERTS: Record<number, string> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed', 22: 'record_overflow',
  40: 'handshake_failure', 41: 'no_certificate', 42: 'bad_certificate', 43: 'unsupported_certificate',
  44: 'certificate_revoked', 45: 'certificate_expired', 46: 'certificate_unknown', 47: 'illegal_parameter',
  48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error', 51: 'decrypt_error', 70: 'protocol_version',
  71: 'insufficient_security', 80: 'internal_error', 86: 'inappropriate_fallback', 90: 'user_canceled',
  100: 'no_renegotiation', 109: 'missing_extension', 110: 'unsupported_extension', 112: 'unrecognized_name',
  113: 'bad_certificate_status_response', 115: 'unknown_psk_identity', 116: 'certificate_required',
  120: 'no_application_protocol',
};

export function tlsVersionName(v: number): string {
  if (v === 0x0300) return 'SSL 3.0';
  if (v >= 0x0301 && v <= 0x0304) return `TLS 1.${v - 0x0301}`;
  return `0x${v.toString(16).padStart(4, '0')}`;
}

/**
 * The records at the start of `data`. Stops (returning what it has) at the first octets that
 * cannot be a record header, so a fragment that starts mid-record yields nothing rather than
 * invented records. `whole` requires the records to fill `data` exactly.
 */
export function scanTlsRecords(data: Uint8Array, opts: { whole?: boolean } = {}): TlsRecord[] | undefined {
  const out: TlsRecord[] = [];
  let encrypted = false;
  let at = 0;
  while (at < data.length) {
    if (data.length - at < 5) return opts.whole ? undefined : out;
    const ct = data[at]!;
    const version = (data[at + 1]! << 8) | data[at + 2]!;
    const length = (data[at + 3]! << 8) | data[at + 4]!;
    // RFC 8446 §5.1: the record length "MUST NOT exceed 2^14" (+ 2048 for TLSCiphertext, §5.2).
    if (!(ct in CONTENT_TYPES) || data[at + 1] !== 3 || data[at + 2]! > 4 || length > 16384 + 2048) {
      return opts.whole || out.length === 0 ? undefined : out;
    }
    const body = data.subarray(at + 5, Math.min(data.length, at + 5 + length));
    const truncated = at + 5 + length > data.length;
    if (truncated && opts.whole) return undefined;
    const rec: {
      contentType: number; type: string; version: string; length: number;
      handshake?: string[]; alert?: { level: string; description: string }; encrypted?: true; truncated?: true;
    } = { contentType: ct, type: CONTENT_TYPES[ct]!, version: tlsVersionName(version), length };
    if (encrypted && ct !== 20) rec.encrypted = true;
    else if (ct === 22) {
      const names: string[] = [];
      for (let h = 0; h + 4 <= body.length; ) {
        const hl = (body[h + 1]! << 16) | (body[h + 2]! << 8) | body[h + 3]!;
        names.push(HANDSHAKE_TYPES[body[h]!] ?? `handshake_type(${body[h]})`);
        h += 4 + hl;
      }
      rec.handshake = names;
    } else if (ct === 21 && length === 2 && body.length === 2) {
      rec.alert = {
        level: body[0] === 1 ? 'warning' : body[0] === 2 ? 'fatal' : `level(${body[0]})`,
        description: ALERTS[body[1]!] ?? `alert(${body[1]})`,
      };
    } else if (ct === 21) rec.encrypted = true;
    if (ct === 20) encrypted = true;
    if (truncated) rec.truncated = true;
    out.push(rec);
    at += 5 + length;
  }
  return out;
}
