/**
 * Read-only views of decrypted payload contents, computed from a parsed payload on demand (the
 * payload objects themselves, and so the codec's byte-exact round trip, are untouched):
 *
 * - CERT: `certificateOf` / `decodeCertificate` — subject, issuer, serial, validity, SAN, EKU,
 *   key type and size, CA flag, SPKI SHA-1 (what a CERTREQ names a CA by), `matchCaHashes`.
 * - IDi/IDr: `identityOf` — DER_ASN1_DN as text, DER_ASN1_GN, KEY_ID as hex.
 * - EAP: `eapMethodOf` — Identity, Notification, Nak, MD5-Challenge, OTP/GTC, MSCHAPv2,
 *   the EAP-TLS family's flags and records, Expanded types.
 * - AUTH: `authenticationOf` — method, implied scheme, RFC 7427 signature algorithm.
 *
 * Every decoder returns a `Decoded` value; none throws on malformed input.
 */
export {
  certificateOf, decodeCertificate, decodePublicKey, hasKeyPurpose, matchCaHashes,
  type CertificateSummary, type KeyPurpose, type PublicKeyInfo,
} from './x509.js';
export { decodeDn, decodeDnTlv, dnValues, formatRdns, type DistinguishedName, type DnAttribute } from './dn.js';
export {
  decodeGeneralName, decodeGeneralNameTlv, decodeGeneralNamesTlv, formatGeneralName,
  type GeneralName, type GeneralNameKind,
} from './general-name.js';
export { identityOf, type IdentityView } from './identity.js';
export { authenticationOf, type AuthView } from './authentication.js';
export { decodeSignatureAlgorithm, type PssParameters, type SignatureAlgorithm } from './signature-algorithm.js';
export { EKU_NAMES, EkuOid, ekuName } from './oids.js';
export * from './eap/index.js';
