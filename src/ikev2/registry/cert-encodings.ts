/** IANA "IKEv2 Certificate Encodings" (RFC 7296 §3.6). 201-255 Private Use. */
import { namer, reverse } from './names.js';

export const CertEncoding = Object.freeze({
  PKCS7_WRAPPED_X509: 1,
  PGP: 2,
  DNS_SIGNED_KEY: 3,
  X509_SIGNATURE: 4, // "X.509 Certificate - Signature"
  KERBEROS_TOKEN: 6,
  CRL: 7,
  ARL: 8,
  SPKI: 9,
  X509_ATTRIBUTE: 10,
  RAW_RSA_KEY: 11, // deprecated by RFC 7670
  HASH_URL_X509_CERT: 12,
  HASH_URL_X509_BUNDLE: 13,
  OCSP_CONTENT: 14, // RFC 4806
  RAW_PUBLIC_KEY: 15, // RFC 7670
} as const);

export const certEncodingName = namer(reverse(CertEncoding), 'CERT_ENCODING', [
  { from: 201, to: 255, label: 'PRIVATE_USE' },
]);
