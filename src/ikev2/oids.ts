/**
 * Names for the object identifiers the certificate, name and signature views meet. Short
 * names follow what support engineers see elsewhere: DN attribute keys as strongSwan and
 * OpenSSL print them (RFC 4514 §3 where it has one), key purposes as RFC 5280 §4.2.1.12 and
 * RFC 4945 §5.1.3.12 name them, algorithms as RFC 8017 / RFC 5758 / RFC 8410 name them.
 * Unknown OIDs stay dotted; nothing here throws.
 */

/** X.520 / RFC 4519 attribute types of a distinguished name, with their short keys. */
export const DN_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.4', 'SN'], // surname
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'street'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.12', 'title'],
  ['2.5.4.13', 'description'],
  ['2.5.4.15', 'businessCategory'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.41', 'name'],
  ['2.5.4.42', 'GN'], // givenName
  ['2.5.4.43', 'initials'],
  ['2.5.4.44', 'generationQualifier'],
  ['2.5.4.45', 'uniqueIdentifier'],
  ['2.5.4.46', 'dnQualifier'],
  ['2.5.4.65', 'pseudonym'],
  ['2.5.4.72', 'role'],
  ['2.5.4.97', 'organizationIdentifier'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  // PKCS #9 emailAddress: strongSwan prints "E", OpenSSL "emailAddress".
  ['1.2.840.113549.1.9.1', 'E'],
  ['1.2.840.113549.1.9.2', 'unstructuredName'],
  ['1.2.840.113549.1.9.8', 'unstructuredAddress'],
  ['1.3.6.1.4.1.311.60.2.1.1', 'jurisdictionL'],
  ['1.3.6.1.4.1.311.60.2.1.2', 'jurisdictionST'],
  ['1.3.6.1.4.1.311.60.2.1.3', 'jurisdictionC'],
]);

/**
 * Extended key usage purposes (RFC 5280 §4.2.1.12, RFC 4945 §5.1.3.12, RFC 4334, and the
 * Microsoft ones Windows VPN documentation names).
 */
export const EKU_NAMES: ReadonlyMap<string, string> = new Map([
  ['2.5.29.37.0', 'anyExtendedKeyUsage'],
  ['1.3.6.1.5.5.7.3.1', 'serverAuth'],
  ['1.3.6.1.5.5.7.3.2', 'clientAuth'],
  ['1.3.6.1.5.5.7.3.3', 'codeSigning'],
  ['1.3.6.1.5.5.7.3.4', 'emailProtection'],
  ['1.3.6.1.5.5.7.3.5', 'ipsecEndSystem'],
  ['1.3.6.1.5.5.7.3.6', 'ipsecTunnel'],
  ['1.3.6.1.5.5.7.3.7', 'ipsecUser'],
  ['1.3.6.1.5.5.7.3.8', 'timeStamping'],
  ['1.3.6.1.5.5.7.3.9', 'OCSPSigning'],
  ['1.3.6.1.5.5.7.3.13', 'eapOverPPP'], // RFC 4334
  ['1.3.6.1.5.5.7.3.14', 'eapOverLAN'], // RFC 4334
  ['1.3.6.1.5.5.7.3.17', 'ipsecIKE'], // RFC 4945
  ['1.3.6.1.5.5.7.3.21', 'secureShellClient'],
  ['1.3.6.1.5.5.7.3.22', 'secureShellServer'],
  // "IP security IKE intermediate", the EKU Windows wants on an IKEv2 gateway certificate.
  ['1.3.6.1.5.5.8.2.2', 'ikeIntermediate'],
  ['1.3.6.1.4.1.311.10.3.4', 'msEFS'],
  ['1.3.6.1.4.1.311.20.2.2', 'msSmartcardLogin'],
  ['1.3.6.1.4.1.311.10.3.12', 'msDocumentSigning'],
]);

export const EkuOid = Object.freeze({
  SERVER_AUTH: '1.3.6.1.5.5.7.3.1',
  CLIENT_AUTH: '1.3.6.1.5.5.7.3.2',
  IPSEC_IKE: '1.3.6.1.5.5.7.3.17',
  IKE_INTERMEDIATE: '1.3.6.1.5.5.8.2.2',
  ANY: '2.5.29.37.0',
} as const);

/** Hash algorithms (NIST CSOR 2.16.840.1.101.3.4.2, OIW SHA-1, RFC 1321 MD5). */
export const HASH_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.3.14.3.2.26', 'SHA-1'],
  ['2.16.840.1.101.3.4.2.1', 'SHA-256'],
  ['2.16.840.1.101.3.4.2.2', 'SHA-384'],
  ['2.16.840.1.101.3.4.2.3', 'SHA-512'],
  ['2.16.840.1.101.3.4.2.4', 'SHA-224'],
  ['2.16.840.1.101.3.4.2.8', 'SHA3-256'],
  ['2.16.840.1.101.3.4.2.9', 'SHA3-384'],
  ['2.16.840.1.101.3.4.2.10', 'SHA3-512'],
  ['1.2.840.113549.2.5', 'MD5'],
]);

/** Signature algorithms (RFC 8017 App. C, RFC 5758 §3, RFC 8410 §3, RFC 3279), with their hash. */
export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, { readonly name: string; readonly hash?: string }> = new Map([
  ['1.2.840.113549.1.1.4', { name: 'md5WithRSAEncryption', hash: 'MD5' }],
  ['1.2.840.113549.1.1.5', { name: 'sha1WithRSAEncryption', hash: 'SHA-1' }],
  ['1.2.840.113549.1.1.10', { name: 'RSASSA-PSS' }],
  ['1.2.840.113549.1.1.11', { name: 'sha256WithRSAEncryption', hash: 'SHA-256' }],
  ['1.2.840.113549.1.1.12', { name: 'sha384WithRSAEncryption', hash: 'SHA-384' }],
  ['1.2.840.113549.1.1.13', { name: 'sha512WithRSAEncryption', hash: 'SHA-512' }],
  ['1.2.840.113549.1.1.14', { name: 'sha224WithRSAEncryption', hash: 'SHA-224' }],
  ['1.2.840.10045.4.1', { name: 'ecdsa-with-SHA1', hash: 'SHA-1' }],
  ['1.2.840.10045.4.3.1', { name: 'ecdsa-with-SHA224', hash: 'SHA-224' }],
  ['1.2.840.10045.4.3.2', { name: 'ecdsa-with-SHA256', hash: 'SHA-256' }],
  ['1.2.840.10045.4.3.3', { name: 'ecdsa-with-SHA384', hash: 'SHA-384' }],
  ['1.2.840.10045.4.3.4', { name: 'ecdsa-with-SHA512', hash: 'SHA-512' }],
  ['1.2.840.10040.4.3', { name: 'dsa-with-sha1', hash: 'SHA-1' }],
  ['2.16.840.1.101.3.4.3.1', { name: 'dsa-with-sha224', hash: 'SHA-224' }],
  ['2.16.840.1.101.3.4.3.2', { name: 'dsa-with-sha256', hash: 'SHA-256' }],
  ['1.3.101.112', { name: 'Ed25519' }],
  ['1.3.101.113', { name: 'Ed448' }],
]);

/** SubjectPublicKeyInfo algorithms (RFC 3279, RFC 4055, RFC 5480, RFC 8410). */
export const KEY_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['1.2.840.113549.1.1.1', 'RSA'],
  ['1.2.840.113549.1.1.10', 'RSA-PSS'],
  ['1.2.840.10045.2.1', 'EC'],
  ['1.2.840.10040.4.1', 'DSA'],
  ['1.2.840.10046.2.1', 'DH'],
  ['1.3.101.110', 'X25519'],
  ['1.3.101.111', 'X448'],
  ['1.3.101.112', 'Ed25519'],
  ['1.3.101.113', 'Ed448'],
]);

/** Named curves (RFC 5480 §2.1.1.1, RFC 5639), by OID; NIST names as IKEv2 uses them. */
export const CURVE_OIDS: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10045.3.1.7', 'P-256'],
  ['1.3.132.0.34', 'P-384'],
  ['1.3.132.0.35', 'P-521'],
  ['1.2.840.10045.3.1.1', 'P-192'],
  ['1.3.132.0.33', 'P-224'],
  ['1.3.132.0.10', 'secp256k1'],
  ['1.3.36.3.3.2.8.1.1.7', 'brainpoolP256r1'],
  ['1.3.36.3.3.2.8.1.1.11', 'brainpoolP384r1'],
  ['1.3.36.3.3.2.8.1.1.13', 'brainpoolP512r1'],
]);

/** OpenSSL's curve names (what node:crypto reports as `namedCurve`) to the NIST names. */
export const OPENSSL_CURVES: ReadonlyMap<string, string> = new Map([
  ['prime256v1', 'P-256'],
  ['secp384r1', 'P-384'],
  ['secp521r1', 'P-521'],
  ['prime192v1', 'P-192'],
  ['secp224r1', 'P-224'],
]);

export const ekuName = (oid: string): string | undefined => EKU_NAMES.get(oid);
