/**
 * The peer side of EAP (RFC 3748) for an IKEv2 initiator (RFC 7296 §2.16): the gateway's EAP
 * Requests come in its IKE_AUTH responses, this answers each with one Response for the next
 * IKE_AUTH request, and after EAP Success hands over the MSK that keys the AUTH payloads.
 *
 * It answers Identity (§5.1) and Notification (§5.2), sends a Legacy Nak (§5.3.1) naming its one
 * method when offered another, runs that method (md5.ts, mschapv2.ts, tls.ts), repeats its last
 * Response to a retransmitted Request (§4.1), and accepts Success only when the method has
 * finished (§4.2; for MSCHAPv2 and TLS that means the server was authenticated).
 *
 * Malformed or unexpected packets end the conversation with a reason instead of being
 * silently discarded (§4.1): over IKEv2 every Request arrives once, integrity-protected, so a
 * bad one will not be followed by a good one.
 */
import { eapCodec, type EapPayload } from '../../ikev2/payloads/eap.js';
import { equalBytes, encodeText } from '../../ikev2/bytes.js';
import { encodeNak } from '../../ikev2/eap/nak.js';
import { EapCode, EapType, eapTypeName } from '../../ikev2/registry/eap.js';
import { PayloadType } from '../../ikev2/registry/payload-types.js';
import { md5ChallengeMethod } from './md5.js';
import type { EapMethod } from './method.js';
import { msChapV2Method } from './mschapv2.js';
import { tlsMethod, type EapTlsCredentials } from './tls.js';

export type EapStep =
  | { readonly kind: 'respond'; readonly packet: Uint8Array }
  | { readonly kind: 'success' }
  | { readonly kind: 'failure'; readonly reason: string };

export interface EapPeer {
  /** Handle one whole EAP packet from the server. */
  handle(request: Uint8Array): Promise<EapStep>;
  /** The method's MSK, after Success (undefined for MD5-Challenge, which has none). */
  msk(): Uint8Array | undefined;
}

export interface EapPeerOptions {
  readonly identity: string;
  readonly method: 'mschapv2' | 'md5' | 'tls';
  readonly password?: string;
  readonly tls?: EapTlsCredentials;
  /** Randomness for the method (MSCHAPv2's Peer-Challenge); tests replay recorded values. */
  readonly random?: (n: number) => Uint8Array;
}

function methodFor(o: EapPeerOptions): EapMethod {
  switch (o.method) {
    case 'md5':
    case 'mschapv2':
      if (o.password === undefined) throw new TypeError(`EAP ${o.method} needs a password`);
      return o.method === 'md5'
        ? md5ChallengeMethod(o.identity, o.password)
        : msChapV2Method({ identity: o.identity, password: o.password, ...(o.random ? { random: o.random } : {}) });
    case 'tls':
      if (!o.tls) throw new TypeError('EAP-TLS needs tls credentials (at least the CA)');
      return tlsMethod(o.tls);
  }
}

const response = (identifier: number, eapType: number, typeData: Uint8Array): Uint8Array =>
  eapCodec.serialize({ type: PayloadType.EAP, code: EapCode.RESPONSE, identifier, eapType, typeData });

export function createEapPeer(o: EapPeerOptions): EapPeer {
  const method = methodFor(o);
  let last: { request: Uint8Array; packet: Uint8Array } | undefined;
  let finished: EapStep | undefined;
  let succeeded = false;

  async function step(p: EapPayload): Promise<EapStep> {
    if (p.code === EapCode.SUCCESS) {
      // RFC 3748 §4.2: a Success before the method finished is not to be believed (for the
      // mutually authenticating methods it would skip the server's proof).
      if (!method.complete) return { kind: 'failure', reason: `EAP Success before ${eapTypeName(method.type)} finished` };
      succeeded = true;
      return { kind: 'success' };
    }
    if (p.code === EapCode.FAILURE) return { kind: 'failure', reason: method.failureReason ?? 'EAP Failure from the server' };
    if (p.code !== EapCode.REQUEST) return { kind: 'failure', reason: `EAP code ${p.code} where a Request, Success or Failure was expected` };
    const t = p.eapType!;
    if (t === EapType.IDENTITY) return { kind: 'respond', packet: response(p.identifier, t, encodeText(o.identity)) };
    // §5.2: "The peer MUST respond to a Notification Request with a Notification Response".
    if (t === EapType.NOTIFICATION) return { kind: 'respond', packet: response(p.identifier, t, new Uint8Array(0)) };
    if (t === method.type) {
      const r = await method.request(p.typeData, p.identifier);
      return r.kind === 'respond' ? { kind: 'respond', packet: response(p.identifier, t, r.typeData) } : r;
    }
    if (t === EapType.NAK) return { kind: 'failure', reason: 'EAP Nak in a Request (RFC 3748 §5.3.1: Response only)' };
    if (t === EapType.EXPANDED) {
      // §5.3.2: a Request of the Expanded Type is answered with an Expanded Nak; our method
      // as an 8-octet entry of Vendor-Id 0 (IETF) and its Type.
      const nak = Uint8Array.of(0, 0, 0, 0, 0, 0, 3, 254, 0, 0, 0, 0, 0, 0, method.type);
      return { kind: 'respond', packet: response(p.identifier, EapType.EXPANDED, nak) };
    }
    // §5.3.1: "sent in reply to a Request where the desired authentication Type is unacceptable".
    return { kind: 'respond', packet: response(p.identifier, EapType.NAK, encodeNak([method.type])) };
  }

  return {
    async handle(request) {
      if (finished) return finished.kind === 'failure' ? finished : { kind: 'failure', reason: 'EAP packet after the conversation ended' };
      const parsed = eapCodec.parse(request, { type: PayloadType.EAP, nextPayload: 0 });
      if (!parsed.ok) return (finished = { kind: 'failure', reason: `malformed EAP packet: ${parsed.reason}` });
      // §4.1: a retransmitted Request (same Identifier, same content) gets the same Response.
      if (last && parsed.value.code === EapCode.REQUEST && equalBytes(request, last.request)) return { kind: 'respond', packet: last.packet };
      const s = await step(parsed.value);
      if (s.kind === 'respond') last = { request: request.slice(), packet: s.packet };
      else finished = s;
      return s;
    },
    msk: () => (succeeded ? method.msk() : undefined),
  };
}
