/**
 * Key sets as they come from the sources users have (Wireshark tables, strongSwan charon logs
 * and save-keys output, ikescope's JSON key file). A source may not name SPIs or algorithms
 * (charon logs print keys without SPIs): those fields are then absent and the analysis binds
 * the key set to an SA by trying it (integrity check or AEAD tag) and takes the algorithms
 * from the capture's own SA payloads.
 *
 * Key bytes never leave this layer into a report unless the user asks (--show-keys).
 */

/** An IANA transform ID with its key length in bits where the transform has one. */
export interface AlgorithmRef {
  readonly id: number;
  readonly keyLength?: number;
}

/**
 * Integrity as a source states it: a transform, none (AEAD), or Wireshark's "No Checking"
 * (strip `icvBytes` of ICV, do not verify).
 */
export type IntegrityRef =
  | { readonly kind: 'transform'; readonly ref: AlgorithmRef }
  | { readonly kind: 'none' }
  | { readonly kind: 'unchecked'; readonly icvBytes: number };

export interface IkeSaKeySet {
  /** Where it came from, "file:line", for messages and the report's key sources. */
  readonly source: string;
  /** Lower-case hex, 16 digits each; absent when the source does not say. */
  readonly ispi?: string;
  readonly rspi?: string;
  readonly encr?: AlgorithmRef;
  readonly integ?: IntegrityRef;
  readonly prf?: AlgorithmRef;
  readonly skD?: Uint8Array;
  readonly skEi?: Uint8Array;
  readonly skEr?: Uint8Array;
  readonly skAi?: Uint8Array;
  readonly skAr?: Uint8Array;
  readonly skPi?: Uint8Array;
  readonly skPr?: Uint8Array;
}

export interface EspSaKeySet {
  readonly source: string;
  /** Absent when the source does not say; then tried against the capture's SPIs. */
  readonly spi?: number;
  /**
   * Address patterns as Wireshark's esp_sa allows: an address, "*" for any, or a prefix with a
   * trailing wildcard ("192.168.*", "2001:db8:*"). Absent means any.
   */
  readonly src?: string;
  readonly dst?: string;
  readonly encr?: AlgorithmRef;
  readonly integ?: IntegrityRef;
  readonly encrKey: Uint8Array;
  readonly integKey?: Uint8Array;
  /** Extended sequence numbers, when the source says. */
  readonly esn?: boolean;
}

export interface KeyStore {
  readonly ike: readonly IkeSaKeySet[];
  readonly esp: readonly EspSaKeySet[];
  /** The files read, as given. */
  readonly sources: readonly string[];
}
