/**
 * Algorithm names as Wireshark's UATs spell them, and the IANA transforms they stand for.
 *
 * IKEv2 (epan/dissectors/packet-isakmp.c, vs_ikev2_encr_algs / vs_ikev2_auth_algs): the key
 * length is part of the name ("AES-CBC-128 [RFC3602]"); AEAD ciphers take "NONE [RFC4306]";
 * "ANY n-bits of Authentication [No Checking]" strips n bits of ICV without checking it.
 *
 * ESP (epan/dissectors/packet-ipsec.c, esp_encryption_type_vals / esp_authentication_type_vals):
 * no key length in the name, it follows from the key; "ANY n bit authentication [no
 * checking]" likewise. "AES-GCM [RFC4106]" is Wireshark's deprecated form without an ICV length
 * (strongSwan's save-keys plugin still writes it, with the ICV length in the authentication
 * column), "ChaCha20 with Poly1305" and the IIV forms are Wireshark 4.2's.
 *
 * Names are matched without regard to case, spacing or the bracketed reference, so a table
 * written by hand ("aes-cbc-128") or by an older writer ("TripleDes-CBC") still reads.
 */
import { EncrId, IntegId } from '../ikev2/registry/index.js';
import { StrongSwanIntegId } from './algorithms.js';
import type { AlgorithmRef, IntegrityRef } from './model.js';

/** Lower case, one space, no trailing "[RFC…]" reference. */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s*\[[^\]]*\]\s*$/, '').replace(/\s+/g, ' ').toLowerCase();
}

// ---------------------------------------------------------------- IKEv2 decryption table

interface IkeEncrName { readonly name: string; readonly ref: AlgorithmRef }

const IKE_ENCR: IkeEncrName[] = [
  { name: '3DES [RFC2451]', ref: { id: EncrId.ENCR_3DES } },
  { name: 'NULL [RFC2410]', ref: { id: EncrId.ENCR_NULL } },
];
for (const k of [128, 192, 256]) {
  IKE_ENCR.push({ name: `AES-CBC-${k} [RFC3602]`, ref: { id: EncrId.ENCR_AES_CBC, keyLength: k } });
  IKE_ENCR.push({ name: `AES-CTR-${k} [RFC5930]`, ref: { id: EncrId.ENCR_AES_CTR, keyLength: k } });
}
for (const [icv, gcm, ccm] of [[8, EncrId.ENCR_AES_GCM_8, EncrId.ENCR_AES_CCM_8], [12, EncrId.ENCR_AES_GCM_12, EncrId.ENCR_AES_CCM_12], [16, EncrId.ENCR_AES_GCM_16, EncrId.ENCR_AES_CCM_16]] as const) {
  for (const k of [128, 192, 256]) {
    IKE_ENCR.push({ name: `AES-GCM-${k} with ${icv} octet ICV [RFC5282]`, ref: { id: gcm, keyLength: k } });
    IKE_ENCR.push({ name: `AES-CCM-${k} with ${icv} octet ICV [RFC5282]`, ref: { id: ccm, keyLength: k } });
  }
}
const IKE_ENCR_BY_NAME = new Map(IKE_ENCR.map((e) => [normalizeName(e.name), e.ref]));

interface IkeIntegName { readonly name: string; readonly integ: IntegrityRef }

const t = (id: number): IntegrityRef => ({ kind: 'transform', ref: { id } });
const IKE_INTEG: IkeIntegName[] = [
  { name: 'HMAC_MD5_96 [RFC2403]', integ: t(IntegId.AUTH_HMAC_MD5_96) },
  { name: 'HMAC_SHA1_96 [RFC2404]', integ: t(IntegId.AUTH_HMAC_SHA1_96) },
  { name: 'HMAC_MD5_128 [RFC4595]', integ: t(IntegId.AUTH_HMAC_MD5_128) },
  { name: 'HMAC_SHA1_160 [RFC4595]', integ: t(IntegId.AUTH_HMAC_SHA1_160) },
  { name: 'HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]', integ: t(StrongSwanIntegId.AUTH_HMAC_SHA2_256_96) },
  { name: 'HMAC_SHA2_256_128 [RFC4868]', integ: t(IntegId.AUTH_HMAC_SHA2_256_128) },
  { name: 'HMAC_SHA2_384_192 [RFC4868]', integ: t(IntegId.AUTH_HMAC_SHA2_384_192) },
  { name: 'HMAC_SHA2_512_256 [RFC4868]', integ: t(IntegId.AUTH_HMAC_SHA2_512_256) },
  { name: 'NONE [RFC4306]', integ: { kind: 'none' } },
  ...[64, 96, 128, 160, 192, 256].map((bits) => ({ name: `ANY ${bits}-bits of Authentication [No Checking]`, integ: { kind: 'unchecked', icvBytes: bits / 8 } as IntegrityRef })),
];
const IKE_INTEG_BY_NAME = new Map(IKE_INTEG.map((e) => [normalizeName(e.name), e.integ]));

export const ikeEncrFromName = (name: string): AlgorithmRef | undefined => IKE_ENCR_BY_NAME.get(normalizeName(name));
export const ikeIntegFromName = (name: string): IntegrityRef | undefined => IKE_INTEG_BY_NAME.get(normalizeName(name));

/** Wireshark's IKEv2 name for an encryption transform, or undefined when Wireshark has none. */
export function ikeEncrName(ref: AlgorithmRef): string | undefined {
  return IKE_ENCR.find((e) => e.ref.id === ref.id && e.ref.keyLength === ref.keyLength)?.name;
}

/** Wireshark's IKEv2 name for an integrity, or undefined when Wireshark has none. */
export function ikeIntegName(integ: IntegrityRef): string | undefined {
  return IKE_INTEG.find((e) => sameInteg(e.integ, integ))?.name;
}

/** The unchecked stand-in Wireshark accepts for an IKE integrity it cannot check, by ICV size. */
export function ikeUncheckedName(icvBytes: number): string | undefined {
  return ikeIntegName({ kind: 'unchecked', icvBytes });
}

function sameInteg(a: IntegrityRef, b: IntegrityRef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'transform' && b.kind === 'transform') return a.ref.id === b.ref.id;
  if (a.kind === 'unchecked' && b.kind === 'unchecked') return a.icvBytes === b.icvBytes;
  return true;
}

// ---------------------------------------------------------------- esp_sa

/** An ESP encryption name: the transform, or, for the ICV-less legacy GCM name, a marker. */
export type EspEncrName =
  | { readonly kind: 'transform'; readonly id: number }
  | { readonly kind: 'legacy-gcm' };

const ESP_ENCR: Array<[string, number]> = [
  ['NULL', EncrId.ENCR_NULL],
  ['TripleDES-CBC [RFC2451]', EncrId.ENCR_3DES],
  ['AES-CBC [RFC3602]', EncrId.ENCR_AES_CBC],
  ['AES-CTR [RFC3686]', EncrId.ENCR_AES_CTR],
  ['DES-CBC [RFC2405]', EncrId.ENCR_DES],
  ['CAST5-CBC [RFC2144]', EncrId.ENCR_CAST],
  ['BLOWFISH-CBC [RFC2451]', EncrId.ENCR_BLOWFISH],
  ['AES-GCM with 8 octet ICV [RFC4106]', EncrId.ENCR_AES_GCM_8],
  ['AES-GCM with 12 octet ICV [RFC4106]', EncrId.ENCR_AES_GCM_12],
  ['AES-GCM with 16 octet ICV [RFC4106]', EncrId.ENCR_AES_GCM_16],
  ['AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]', EncrId.ENCR_AES_GCM_16_IIV],
  ['ChaCha20 with Poly1305 [RFC7634]', EncrId.ENCR_CHACHA20_POLY1305],
  ['ChaCha20 with Poly1305 and IIV [RFC7634 & RFC8750]', EncrId.ENCR_CHACHA20_POLY1305_IIV],
];
const ESP_ENCR_BY_NAME = new Map(ESP_ENCR.map(([n, id]) => [normalizeName(n), id]));

/** Wireshark knows these but IANA has no ESP transform for them. */
const ESP_ENCR_UNSUPPORTED = new Set(['twofish-cbc']);
const ESP_INTEG_UNSUPPORTED = new Set(['mac-ripemd-160-96']);

export function espEncrFromName(name: string): EspEncrName | 'unsupported' | undefined {
  const n = normalizeName(name);
  if (n === 'aes-gcm') return { kind: 'legacy-gcm' };
  if (ESP_ENCR_UNSUPPORTED.has(n)) return 'unsupported';
  const id = ESP_ENCR_BY_NAME.get(n);
  return id === undefined ? undefined : { kind: 'transform', id };
}

const ESP_INTEG: Array<[string, IntegrityRef]> = [
  ['NULL', { kind: 'none' }],
  ['HMAC-SHA-1-96 [RFC2404]', t(IntegId.AUTH_HMAC_SHA1_96)],
  ['HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]', t(StrongSwanIntegId.AUTH_HMAC_SHA2_256_96)],
  ['HMAC-SHA-256-128 [RFC4868]', t(IntegId.AUTH_HMAC_SHA2_256_128)],
  ['HMAC-SHA-384-192 [RFC4868]', t(IntegId.AUTH_HMAC_SHA2_384_192)],
  ['HMAC-SHA-512-256 [RFC4868]', t(IntegId.AUTH_HMAC_SHA2_512_256)],
  ['HMAC-MD5-96 [RFC2403]', t(IntegId.AUTH_HMAC_MD5_96)],
  ...[64, 96, 128, 192, 256].map((bits): [string, IntegrityRef] => [`ANY ${bits} bit authentication [no checking]`, { kind: 'unchecked', icvBytes: bits / 8 }]),
];
const ESP_INTEG_BY_NAME = new Map(ESP_INTEG.map(([n, i]) => [normalizeName(n), i]));

export function espIntegFromName(name: string): IntegrityRef | 'unsupported' | undefined {
  const n = normalizeName(name);
  if (ESP_INTEG_UNSUPPORTED.has(n)) return 'unsupported';
  return ESP_INTEG_BY_NAME.get(n);
}

export function espEncrName(id: number): string | undefined {
  return ESP_ENCR.find(([, i]) => i === id)?.[0];
}

export function espIntegName(integ: IntegrityRef): string | undefined {
  return ESP_INTEG.find(([, i]) => sameInteg(i, integ))?.[0];
}
