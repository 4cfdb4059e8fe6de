/**
 * Decryption Secrets Blocks (draft-ietf-opsawg-pcapng §4.7) carry key logs inside a pcapng
 * file. The reader does not interpret them; it hands each one to an optional callback so the
 * key stage (src/keys) can use, for instance, the ESP SA table Wireshark's editcap embeds.
 */

export interface DecryptionSecrets {
  /** Secrets Type, e.g. `SecretsType.esp`. */
  readonly type: number;
  /** Secrets Data without its padding (a copy; safe to keep). */
  readonly data: Uint8Array;
  /** File offset of the block (of the decompressed stream for gzip input). */
  readonly offset: number;
}

/** Secrets Type codes from §4.7. */
export const SecretsType = {
  /** ESP SA table, CSV: Protocol, Src IP, Dest IP, SPI, Encryption, key, Authentication, key… */
  esp: 0x45535053,
  /** TLS key log (SSLKEYLOGFILE). */
  tls: 0x544c534b,
  /** SSH key log. */
  ssh: 0x5353484b,
  /** WireGuard key log. */
  wireguard: 0x57474b4c,
} as const;
