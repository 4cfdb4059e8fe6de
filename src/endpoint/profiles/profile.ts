/**
 * A client profile: what one IKEv2 client sends and how it answers, so the endpoint can stand
 * in for it against a gateway. A profile is data plus two small hooks; the session
 * (../session.ts) builds every message from it. See ../README.md for how to add one.
 */
import type { Payload } from '../../ikev2/payload.js';

/** What goes into the IKE_SA_INIT request after SA, KE and Ni, in order. */
export type InitItem =
  | 'NAT_DETECTION_SOURCE_IP'
  | 'NAT_DETECTION_DESTINATION_IP'
  | 'IKEV2_FRAGMENTATION_SUPPORTED'
  | 'SIGNATURE_HASH_ALGORITHMS'
  | 'REDIRECT_SUPPORTED'
  /** The profile's Vendor IDs, all of them, in their order. */
  | 'VENDOR_IDS';

/**
 * The IKE_AUTH request's payloads in order. Items that do not apply are left out: IDr without
 * a remote identity or when the profile sends none, AUTH with EAP (RFC 7296 §2.16),
 * EAP_ONLY_AUTHENTICATION without EAP, CP without attributes.
 */
export type AuthItem =
  | 'IDi' | 'IDr' | 'AUTH' | 'CP' | 'SA' | 'TSi' | 'TSr'
  | 'INITIAL_CONTACT' | 'MOBIKE_SUPPORTED' | 'NO_ADDITIONAL_ADDRESSES' | 'MULTIPLE_AUTH_SUPPORTED'
  | 'EAP_ONLY_AUTHENTICATION' | 'IKEV2_MESSAGE_ID_SYNC_SUPPORTED' | 'ESP_TFC_PADDING_NOT_SUPPORTED' | 'NON_FIRST_FRAGMENTS_ALSO';

/** What the gateway asked for in a CREATE_CHILD_SA it initiated, for a profile's quirk hook. */
export interface GatewayCreateChildSa {
  readonly kind: 'child-rekey' | 'new-child' | 'ike-rekey';
  /** Our NAT detection said we are behind a NAT (a real one, not the forced encapsulation). */
  readonly behindNat: boolean;
  /** The IKE_SA's negotiated KE group. */
  readonly negotiatedGroup: number;
  /** The KE payload's group, if the request carried one. */
  readonly keGroup?: number;
}

/** Options a profile's proposals depend on. */
export interface ProfileOptions {
  /** Windows' registry value NegotiateDH2048_AES256 (seed 001): 0 default, 1 also offer, 2 require. */
  readonly negotiateDh2048Aes256: 0 | 1 | 2;
}

export interface ClientProfile {
  readonly name: string;
  readonly description: string;
  /** Where each behaviour comes from (seed files, WINDOWS-INTEROP.md, captures). */
  readonly sources: readonly string[];
  /** IKE proposals in the client's order, swanctl.conf syntax, one proposal each. */
  ikeProposals(o: ProfileOptions): readonly string[];
  /** ESP proposals in order. */
  espProposals(o: ProfileOptions): readonly string[];
  readonly vendorIds: readonly Uint8Array[];
  readonly init: readonly InitItem[];
  readonly auth: readonly AuthItem[];
  /** Whether the client sends IDr when it knows the gateway's identity. */
  readonly sendsIdr: boolean;
  /** CP(CFG_REQUEST) attribute types, in order; `v6` when an IPv6 address is wanted. */
  cpRequest(v6: boolean): readonly number[];
  /** The client's own CHILD_SA rekey interval in seconds, if it rekeys on its own. */
  readonly childRekeySeconds?: number;
  /**
   * A quirk: the profile's own answer to a gateway-initiated CREATE_CHILD_SA (inner payloads),
   * or undefined to answer as RFC 7296 says.
   */
  answerCreateChildSa?(request: GatewayCreateChildSa): Payload[] | undefined;
}
