/**
 * Android's native IKEv2 client's IKE_SA_INIT request, built with the project's own codec as
 * AOSP builds it (msft-mirror-aosp/platform.packages.modules.IPsec, android11-release to main,
 * src/java/com/android/internal/net/ipsec/ike/IkeSessionStateMachine.java):
 * SA KE Ni (getCreateIkeSaPayloads), N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP)
 * towards an IPv4 server only (getIkeInitSaRequestPayloads), N(IKEV2_FRAGMENTATION_SUPPORTED),
 * N(SIGNATURE_HASH_ALGORITHMS) 1 2 3 4 (buildIkeInitReq, IkeAuthDigitalSignPayload
 * ALL_SIGNATURE_ALGO_TYPES); no Vendor ID. Written out from the source, not from
 * src/analysis/fingerprint.ts, so the fingerprint tests check one reading against the other.
 */
import type { Payload } from '../../src/ikev2/payload.js';
import { makeNotify } from '../../src/ikev2/payloads/notify.js';
import { NotifyType } from '../../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { SPI_I, ZERO, natd, nonce } from './ike.js';
import { hex } from './packets.js';
import { CLIENT_IP, GATEWAY_IP, keOf } from './windows-session.js';

/** A transform as [Transform Type, ID, key length?]: 1 ENCR, 2 PRF, 3 INTEG, 4 KE. */
export type T = [number, number, number?];

/** An IKE SA payload with the transforms of each proposal in exactly the order given. */
export function saOf(proposals: T[][]): Payload {
  return {
    type: PayloadType.SA,
    proposals: proposals.map((ts, k) => ({
      number: k + 1, protocolId: 1, spi: new Uint8Array(0),
      transforms: ts.map(([transformType, transformId, kl]) => ({
        transformType, transformId, attributes: kl ? [{ format: 'TV' as const, type: 14, value: kl }] : [],
      })),
    })),
  };
}

// IkeSaProposal.getAllTransforms: ENCR…, INTEG…, KE…, then PRF… (SaProposal.getAllTransformsAsList).
const gcm: T[] = [256, 192, 128].flatMap((l): T[] => [[1, 20, l], [1, 19, l], [1, 18, l]]);

/**
 * VpnIkev2Utils.getIkeSaProposals in Android 11 (Ankits-lab/frameworks_base): AES-CBC 256/192/128
 * with SHA2-512/384/256 and AES-XCBC; AES-GCM-16/12/8; both with MODP 4096, 3072, 2048 and PRF
 * AES128-XCBC, HMAC-SHA1.
 */
const tail11: T[] = [[4, 16], [4, 15], [4, 14], [2, 4], [2, 2]];
export const ANDROID11_PROPOSALS: T[][] = [
  [[1, 12, 256], [1, 12, 192], [1, 12, 128], [3, 14], [3, 13], [3, 12], [3, 5], ...tail11],
  [...gcm, ...tail11],
];

/**
 * VpnIkev2Utils.getIkeSaProposals from Android 12 on (aosp-mirror/platform_frameworks_base):
 * AES-CTR and AES-CBC interleaved per key length, SHA2-512/384/256, AES-XCBC, AES-CMAC;
 * ChaCha20-Poly1305 (no key length) then AES-GCM; both with MODP 4096, Curve25519, MODP 3072,
 * 2048 and PRF SHA2-512, 384, 256, AES128-XCBC, AES128-CMAC, HMAC-SHA1.
 */
const tail12: T[] = [[4, 16], [4, 31], [4, 15], [4, 14], [2, 7], [2, 6], [2, 5], [2, 4], [2, 8], [2, 2]];
export const ANDROID12_PROPOSALS: T[][] = [
  [[1, 13, 256], [1, 12, 256], [1, 13, 192], [1, 12, 192], [1, 13, 128], [1, 12, 128], [3, 14], [3, 13], [3, 12], [3, 5], [3, 8], ...tail12],
  [[1, 28], ...gcm, ...tail12],
];

/** Android's IKE_SA_INIT request; `ipv6` leaves out NAT detection as the library does. */
export function androidInit(o: { proposals?: T[][]; ipv6?: boolean; cookie?: Uint8Array } = {}): Payload[] {
  return [
    ...(o.cookie ? [makeNotify(NotifyType.COOKIE, o.cookie)] : []),
    // The first KE group of the first proposal: MODP_4096, 512 octets.
    saOf(o.proposals ?? ANDROID12_PROPOSALS), keOf(16, 512), nonce(),
    ...(o.ipv6 ? [] : natd(SPI_I, ZERO, [CLIENT_IP, 500], [GATEWAY_IP, 500])),
    makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
    makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, hex('0001000200030004')),
  ];
}
