/**
 * Which client this is, from its IKE_SA_INIT request, with the evidence for the guess:
 * Vendor IDs first (WINDOWS-INTEROP.md "How to recognise a Windows client"), then the shape of
 * the request (payload order, proposals) where no Vendor ID speaks. `--assume-client`
 * overrides it.
 */
import type { IkeMessage } from '../ikev2/message.js';
import { payloadLabels } from '../ikev2/notation.js';
import { isRaw } from '../ikev2/payload.js';
import type { SaPayload } from '../ikev2/payloads/sa.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { EncrId } from '../ikev2/registry/encr.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
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
  const first = sa?.proposals[0]?.transforms;
  if (first) {
    const e = first.find((t) => t.transformType === TransformType.ENCR);
    evidence.push(`no Vendor ID; first proposal ENCR ${e?.transformId}${e && keyLength(e) ? `/${keyLength(e)}` : ''}: not enough to tell the client`);
  }
  return { profile: 'unknown', vendorIds, evidence };
}
