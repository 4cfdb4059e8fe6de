/**
 * Which client this is, from its IKE_SA_INIT request, with the evidence for the guess:
 * Vendor IDs first (WINDOWS-INTEROP.md "How to recognise a Windows client"), then the shape of
 * the request (payload order, proposals) where no Vendor ID speaks. `--assume-client`
 * overrides it.
 */
import type { IkeMessage } from '../ikev2/message.js';
import { payloadLabels } from '../ikev2/notation.js';
import { isRaw } from '../ikev2/payload.js';
import type { NotifyPayload } from '../ikev2/payloads/notify.js';
import type { Proposal, SaPayload, Transform } from '../ikev2/payloads/sa.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { EncrId } from '../ikev2/registry/encr.js';
import { HashAlgorithm } from '../ikev2/registry/hash-algorithms.js';
import { IntegId } from '../ikev2/registry/integ.js';
import { KeMethod } from '../ikev2/registry/ke-methods.js';
import { NotifyType } from '../ikev2/registry/notify-types.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
import { PrfId } from '../ikev2/registry/prf.js';
import { TransformType } from '../ikev2/registry/transform-types.js';
import { lookupVendorId, vendorIdLabel } from '../ikev2/vendor-ids.js';

export type ClientProfile = 'windows' | 'macos' | 'strongswan' | 'android' | 'unknown';

export interface Fingerprint {
  readonly profile: ClientProfile;
  /** "Windows 7", "Windows 10/11", "Windows 10 1803+/11", "strongSwan 5.9.8" … when known. */
  readonly version?: string;
  readonly vendorIds: string[];
  /** Why: one line per clue, e.g. 'Vendor ID "MS NT5 ISAKMPOAKLEY" with version 9'. */
  readonly evidence: string[];
  /** Set by --assume-client rather than seen. */
  readonly assumed?: boolean;
}

/** The profiles `--assume-client` takes, and the fingerprint each stands for. */
export const ASSUMABLE: Record<string, Pick<Fingerprint, 'profile' | 'version'>> = {
  'windows-7': { profile: 'windows', version: 'Windows 7' },
  'windows-10': { profile: 'windows', version: 'Windows 10' },
  'windows-11': { profile: 'windows', version: 'Windows 11' },
  windows: { profile: 'windows' },
  macos: { profile: 'macos' },
  strongswan: { profile: 'strongswan' },
  android: { profile: 'android' },
  unknown: { profile: 'unknown' },
};

export function assumed(name: string, seen: Fingerprint): Fingerprint | undefined {
  const a = ASSUMABLE[name];
  if (!a) return undefined;
  return { ...a, vendorIds: seen.vendorIds, evidence: [`assumed with --assume-client ${name}`, ...seen.evidence], assumed: true };
}

const hasAesGcm = (sa: SaPayload | undefined) =>
  sa?.proposals.some((p) => p.transforms.some((t) => t.transformType === TransformType.ENCR && (t.transformId === EncrId.ENCR_AES_GCM_16 || t.transformId === EncrId.ENCR_AES_GCM_8 || t.transformId === EncrId.ENCR_AES_GCM_12))) ?? false;

/*
 * Android's native IKEv2 client: the platform VPN's "IKEv2/IPSec MSCHAPv2/PSK/RSA" profiles
 * (Android 11 and later) run on AOSP's IKE library, android.net.ipsec.ike (packages/modules/IPsec,
 * read in msft-mirror-aosp/platform.packages.modules.IPsec, branches android11-release to main).
 * Its IKE_SA_INIT request, from src/java/com/android/internal/net/ipsec/ike/IkeSessionStateMachine.java:
 * CreateIkeSaHelper.getCreateIkeSaPayloads adds SA, KE, Ni in that order; getIkeInitSaRequestPayloads
 * then N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP), but only towards an IPv4 server
 * (Android 11 checks the local address instead); CreateIkeLocalIkeInit.buildIkeInitReq then
 * N(IKEV2_FRAGMENTATION_SUPPORTED) and N(SIGNATURE_HASH_ALGORITHMS) with
 * IkeAuthDigitalSignPayload.ALL_SIGNATURE_ALGO_TYPES = SHA1, SHA2-256, SHA2-384, SHA2-512. No Vendor
 * ID and no REDIRECT_SUPPORTED, in every release. A COOKIE retry puts N(COOKIE) first
 * (buildReqWithCookie). No public strongSwan log of this client's IKE_SA_INIT turned up to
 * cross-check; AOSP's IkeSessionStateMachineTest asserts the same notifies in the request.
 */
const ANDROID_ORDER = /^(N\(COOKIE\) )?SA KE Ni( N\(NAT_DETECTION_SOURCE_IP\) N\(NAT_DETECTION_DESTINATION_IP\))? N\(IKEV2_FRAGMENTATION_SUPPORTED\) N\(SIGNATURE_HASH_ALGORITHMS\)$/;
const ANDROID_HASHES = [HashAlgorithm.SHA1, HashAlgorithm.SHA2_256, HashAlgorithm.SHA2_384, HashAlgorithm.SHA2_512].join(',');

/*
 * The library encodes a proposal's transforms as ENCR…, INTEG…, KE…, then PRF… last
 * (SaProposal.getAllTransformsAsList, IkeSaProposal.getAllTransforms), with at least one of each
 * but INTEG (IkeSaProposal.Builder.build). charon puts PRF before KE (every lab capture), so this
 * separates Android from a charon whose notifies happen to look the same: follow_redirects = no
 * drops its N(REDIRECT_SUPPORTED), fragmentation = yes adds N(IKEV2_FRAGMENTATION_SUPPORTED).
 */
const LIBRARY_ORDER: readonly number[] = [TransformType.ENCR, TransformType.INTEG, TransformType.KE, TransformType.PRF];
function prfLast(p: Proposal): boolean {
  const ranks = p.transforms.map((t) => LIBRARY_ORDER.indexOf(t.transformType));
  return ranks.every((r, i) => r >= 0 && (i === 0 || r >= ranks[i - 1]!)) && ranks.includes(2) && ranks.at(-1) === 3;
}

/*
 * The IKE proposals the platform VPN asks for (frameworks/base
 * services/core/java/com/android/server/connectivity/VpnIkev2Utils.java, getIkeSaProposals): a
 * normal-mode proposal and an AEAD one sharing KE groups and PRFs. Android 11 (the tree in
 * Ankits-lab/frameworks_base): AES-CBC only, MODP_4096/3072/2048, PRF AES128_XCBC and HMAC_SHA1.
 * Android 12 and later (aosp-mirror/platform_frameworks_base; the IKE library's
 * android12-release is the first to support AES-CTR, ChaCha20-Poly1305, Curve25519 and AES-CMAC;
 * decompiled Android 14 builds carry the same list): AES-CTR and AES-CBC interleaved, AES-CMAC,
 * ChaCha20-Poly1305 first among the AEADs, Curve25519 after MODP_4096, the SHA2 PRFs first.
 */
const code = (type: number, id: number, kl?: number) => `${type}:${id}${kl ? `/${kl}` : ''}`;
const codeOf = (x: Transform) => code(x.transformType, x.transformId, keyLength(x));
const { ENCR, INTEG, KE, PRF } = TransformType;
const AES_LENGTHS = [256, 192, 128];
const GCM = AES_LENGTHS.flatMap((l) => [EncrId.ENCR_AES_GCM_16, EncrId.ENCR_AES_GCM_12, EncrId.ENCR_AES_GCM_8].map((g) => code(ENCR, g, l)));
function vpnDefaults(o: { encr: string[]; integ: number[]; aead: string[]; ke: number[]; prf: number[] }): string[] {
  const tail = [...o.ke.map((k) => code(KE, k)), ...o.prf.map((p) => code(PRF, p))];
  return [[...o.encr, ...o.integ.map((i) => code(INTEG, i)), ...tail].join(' '), [...o.aead, ...tail].join(' ')];
}
const ANDROID_VPN_DEFAULTS: ReadonlyArray<{ version: string; proposals: string[]; summary: string }> = [
  {
    version: 'Android 11',
    summary: 'AES-CBC or AES-GCM, MODP_4096/3072/2048, PRF AES128_XCBC/HMAC_SHA1',
    proposals: vpnDefaults({
      encr: AES_LENGTHS.map((l) => code(ENCR, EncrId.ENCR_AES_CBC, l)),
      integ: [IntegId.AUTH_HMAC_SHA2_512_256, IntegId.AUTH_HMAC_SHA2_384_192, IntegId.AUTH_HMAC_SHA2_256_128, IntegId.AUTH_AES_XCBC_96],
      aead: GCM,
      ke: [KeMethod.MODP_4096, KeMethod.MODP_3072, KeMethod.MODP_2048],
      prf: [PrfId.PRF_AES128_XCBC, PrfId.PRF_HMAC_SHA1],
    }),
  },
  {
    version: 'Android 12 or later',
    summary: 'AES-CTR/CBC or ChaCha20-Poly1305/AES-GCM, MODP_4096/Curve25519/MODP_3072/MODP_2048, PRF SHA2-512 down to HMAC_SHA1',
    proposals: vpnDefaults({
      encr: AES_LENGTHS.flatMap((l) => [code(ENCR, EncrId.ENCR_AES_CTR, l), code(ENCR, EncrId.ENCR_AES_CBC, l)]),
      integ: [IntegId.AUTH_HMAC_SHA2_512_256, IntegId.AUTH_HMAC_SHA2_384_192, IntegId.AUTH_HMAC_SHA2_256_128, IntegId.AUTH_AES_XCBC_96, IntegId.AUTH_AES_CMAC_96],
      aead: [code(ENCR, EncrId.ENCR_CHACHA20_POLY1305), ...GCM],
      ke: [KeMethod.MODP_4096, KeMethod.Curve25519, KeMethod.MODP_3072, KeMethod.MODP_2048],
      prf: [PrfId.PRF_HMAC_SHA2_512, PrfId.PRF_HMAC_SHA2_384, PrfId.PRF_HMAC_SHA2_256, PrfId.PRF_AES128_XCBC, PrfId.PRF_AES128_CMAC, PrfId.PRF_HMAC_SHA1],
    }),
  },
];

/** The Android branch: undefined when the request does not have the IKE library's shape. */
function android(request: IkeMessage, labels: string[], sa: SaPayload | undefined, evidence: string[]): Pick<Fingerprint, 'version'> | undefined {
  const order = labels.join(' ');
  if (!ANDROID_ORDER.test(order)) return undefined;
  if (!sa?.proposals.length || !sa.proposals.every(prfLast)) {
    evidence.push(`payloads in Android's order (${order}) but proposals not in the order its IKE library encodes (ENCR, INTEG, KE, PRF)`);
    return undefined;
  }
  evidence.push(`payloads in Android's IKE library order, no Vendor ID: ${order} (IkeSessionStateMachine.buildIkeInitReq, AOSP packages/modules/IPsec)`);
  evidence.push('every proposal lists its PRFs after its KE groups (the library\'s transform order)');
  if (!order.includes('NAT_DETECTION')) evidence.push('no NAT_DETECTION notifies: the library sends them only to an IPv4 server');
  const hashes = request.payloads.find((p): p is NotifyPayload => p.type === PayloadType.N && !isRaw(p) && 'notifyType' in p && p.notifyType === NotifyType.SIGNATURE_HASH_ALGORITHMS);
  if (hashes?.decoded?.kind === 'hash-algorithms' && hashes.decoded.algorithms.join(',') === ANDROID_HASHES) {
    evidence.push('SIGNATURE_HASH_ALGORITHMS lists SHA1, SHA2-256, SHA2-384, SHA2-512 (the library\'s ALL_SIGNATURE_ALGO_TYPES)');
  }
  const offered = sa.proposals.map((p) => p.transforms.map(codeOf).join(' '));
  const platform = ANDROID_VPN_DEFAULTS.find((d) => d.proposals.join('|') === offered.join('|'));
  if (platform) {
    evidence.push(`IKE proposals are the platform VPN's ${platform.version} defaults (VpnIkev2Utils: ${platform.summary})`);
    return { version: platform.version };
  }
  evidence.push('IKE proposals are not the platform VPN profile\'s defaults: an app using android.net.ipsec.ike with its own, or a release not known here');
  return {};
}

export function fingerprint(request: IkeMessage): Fingerprint {
  const vids = request.payloads.filter((p) => p.type === PayloadType.V && !isRaw(p)).map((p) => ('data' in p ? (p.data as Uint8Array) : new Uint8Array()));
  const vendorIds = vids.map(vendorIdLabel);
  const matches = vids.map((v) => lookupVendorId(v)).filter((m) => m !== undefined);
  const evidence: string[] = [];
  const labels = payloadLabels(request);
  const sa = request.payloads.find((p): p is SaPayload => p.type === PayloadType.SA && !isRaw(p));
  const microsoft = matches.filter((m) => m.vendor === 'Microsoft');
  if (microsoft.length) {
    for (const m of microsoft) evidence.push(`Vendor ID "${m.name}"${m.detail ? ` (${m.detail})` : ''}`);
    const nt5 = microsoft.find((m) => m.name === 'MS NT5 ISAKMPOAKLEY');
    const frag = labels.includes('N(IKEV2_FRAGMENTATION_SUPPORTED)');
    let version: string | undefined;
    if (nt5?.detail?.startsWith('Windows 7')) version = 'Windows 7';
    else if (nt5?.detail?.startsWith('Windows 8')) {
      // WINDOWS-INTEROP.md: IKEv2 fragmentation from Windows 10 1803; AES-GCM offered by Windows 11.
      if (hasAesGcm(sa)) { version = 'Windows 11'; evidence.push('AES-GCM among the IKE proposals (Windows 11 adds it)'); }
      else if (frag) { version = 'Windows 10 1803 or later, or 11'; evidence.push('N(IKEV2_FRAGMENTATION_SUPPORTED) (Windows 10 1803 and later)'); }
      else version = 'Windows 8 to 10 before 1803';
    }
    return { profile: 'windows', ...(version ? { version } : {}), vendorIds, evidence };
  }
  const strongswan = matches.find((m) => m.vendor === 'strongSwan');
  if (strongswan) {
    evidence.push(`Vendor ID "${strongswan.name}"`);
    return { profile: 'strongswan', ...(strongswan.detail ? { version: `strongSwan ${strongswan.detail}` } : {}), vendorIds, evidence };
  }
  // No Vendor ID: charon's own order of notifies in IKE_SA_INIT (ike_init.c, ike_natd.c).
  const notifyOrder = labels.filter((l) => l.startsWith('N(')).join(' ');
  if (/^N\(NAT_DETECTION_SOURCE_IP\) N\(NAT_DETECTION_DESTINATION_IP\)( N\(IKEV2_FRAGMENTATION_SUPPORTED\))? N\(SIGNATURE_HASH_ALGORITHMS\) N\(REDIRECT_SUPPORTED\)/.test(notifyOrder)) {
    evidence.push(`notifies in strongSwan's order, no Vendor ID: ${notifyOrder}`);
    return { profile: 'strongswan', vendorIds, evidence };
  }
  // Apple's IKEv2 client (iOS, macOS) sends no Vendor ID and announces REDIRECT support first:
  // "IKE_SA_INIT request 0 [ SA KE No N(REDIR_SUP) N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) ]"
  // (an iOS client in strongSwan's log, strongX509/docker#7). Neither charon nor Windows
  // leads with it.
  if (/^N\(REDIRECT_SUPPORTED\) N\(NAT_DETECTION_SOURCE_IP\) N\(NAT_DETECTION_DESTINATION_IP\)( N\(IKEV2_FRAGMENTATION_SUPPORTED\))?$/.test(notifyOrder) && vids.length === 0) {
    evidence.push(`notifies in Apple's order, no Vendor ID: ${notifyOrder} (iOS sample in strongX509/docker#7)`);
    return { profile: 'macos', version: 'macOS or iOS', vendorIds, evidence };
  }
  // Android's native client sends no Vendor ID (ANDROID_ORDER leaves no room for a V) and no
  // REDIRECT_SUPPORTED, unlike charon (the strongSwan app for Android included) and Apple, which
  // are matched above by that notify.
  const a = android(request, labels, sa, evidence);
  if (a) return { profile: 'android', ...a, vendorIds, evidence };
  const first = sa?.proposals[0]?.transforms;
  if (first) {
    const e = first.find((t) => t.transformType === TransformType.ENCR);
    evidence.push(`no Vendor ID; first proposal ENCR ${e?.transformId}${e && keyLength(e) ? `/${keyLength(e)}` : ''}: not enough to tell the client`);
  }
  return { profile: 'unknown', vendorIds, evidence };
}
