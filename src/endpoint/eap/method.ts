/**
 * What the EAP peer (peer.ts) asks of a method (md5.ts, mschapv2.ts, tls.ts): answer the
 * Requests of its type, say whether it has finished in a way that lets the peer accept an
 * EAP Success, and export its MSK.
 */

/** A method's answer to one Request: the Response's Type-Data, or why it gives up. */
export type MethodStep = { readonly kind: 'respond'; readonly typeData: Uint8Array } | { readonly kind: 'failure'; readonly reason: string };

export interface EapMethod {
  /** The EAP method Type (RFC 3748 §5, IANA registry). */
  readonly type: number;
  request(typeData: Uint8Array, identifier: number): Promise<MethodStep>;
  /**
   * Whether an EAP Success may now be accepted. RFC 3748 §4.2 leaves this to the method; a
   * method with mutual authentication says yes only after it has verified the server
   * (MSCHAPv2: the Authenticator Response; TLS: the handshake with a validated certificate).
   */
  readonly complete: boolean;
  /** Why the method failed, if the server told it (an MSCHAPv2 Failure's E= code and text). */
  readonly failureReason?: string;
  /** The 64-octet MSK (RFC 3748 §7.10), once the method has derived it. */
  msk(): Uint8Array | undefined;
}
