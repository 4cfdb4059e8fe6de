/**
 * The Authentication Data of a signature AUTH payload (RFC 7296 §3.8), made and checked:
 *
 *   1   RSA Digital Signature: RSASSA-PKCS1-v1_5 with SHA-1 (RFC 7296 §3.8, RFC 7427 §1).
 *   9   ECDSA with SHA-256 on P-256, 10: SHA-384 on P-384, 11: SHA-512 on P-521 (RFC 4754 §3):
 *       the signature is r | s, each the curve's field size, big-endian (RFC 4754 §7).
 *   14  Digital Signature (RFC 7427 §3): | ASN.1 Length (1) | AlgorithmIdentifier | Signature |,
 *       with RSASSA-PKCS1-v1_5 and a SHA-2 hash, RSASSA-PSS (RFC 8017 §8.1, parameters per
 *       RFC 4055 §3.1 / RFC 7427 §3.2 and App. A.4), ECDSA with a DER Ecdsa-Sig-Value (RFC 7427
 *       §3.1: "the signature value is ... DER encoded"), or EdDSA (RFC 8420).
 *
 * `data` is the §2.15 signed octets (auth.ts builds them); node:crypto hashes and signs.
 */
import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { fail, ok, type Decoded } from '../problem.js';
import { authenticationOf } from '../ikev2/authentication.js';
import { AuthMethod } from '../ikev2/registry/auth-methods.js';
import { encodeSignatureAlgorithm } from '../ikev2/signature-algorithm.js';
import { concatBytes, plain } from './bytes.js';

export type SignatureHash = 'sha256' | 'sha384' | 'sha512';

/** RFC 4754 §3: each ECDSA method fixes curve and hash; r and s are the field size each. */
const ECDSA_METHODS: Partial<Record<number, { curve: string; hash: SignatureHash; bytes: number; scheme: string }>> = {
  [AuthMethod.ECDSA_SHA2_256_P256]: { curve: 'prime256v1', hash: 'sha256', bytes: 32, scheme: 'ECDSA with SHA-256 on P-256' },
  [AuthMethod.ECDSA_SHA2_384_P384]: { curve: 'secp384r1', hash: 'sha384', bytes: 48, scheme: 'ECDSA with SHA-384 on P-384' },
  [AuthMethod.ECDSA_SHA2_512_P521]: { curve: 'secp521r1', hash: 'sha512', bytes: 66, scheme: 'ECDSA with SHA-512 on P-521' },
};

const SHA1_RSA = 'RSASSA-PKCS1-v1_5 with SHA-1';
const HASH_LABEL: Record<SignatureHash, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const HASH_OUT: Record<SignatureHash, number> = { sha256: 32, sha384: 48, sha512: 64 };
/** The hash an ECDSA key's strength calls for (RFC 5656 §6.2.1's pairing, what strongSwan picks). */
const CURVE_HASH: Record<string, SignatureHash> = { prime256v1: 'sha256', secp384r1: 'sha384', secp521r1: 'sha512' };

const isRsa = (k: KeyObject): boolean => k.asymmetricKeyType === 'rsa' || k.asymmetricKeyType === 'rsa-pss';

export interface SignAuthOptions {
  readonly method: number;
  /** The private key. */
  readonly key: KeyObject;
  /** The signed octets. */
  readonly data: Uint8Array;
  /** Method 14's hash (default SHA-256 for RSA, the curve's for ECDSA). */
  readonly hash?: SignatureHash;
  /** Method 14 with an RSA key: RSASSA-PSS (salt = hash length, MGF1 with the same hash). */
  readonly pss?: boolean;
}

/** The Authentication Data for `method`; throws on a key that cannot make that method's signature. */
export function signAuth(o: SignAuthOptions): Uint8Array {
  const k = o.key;
  if (o.method === AuthMethod.RSA_DIGITAL_SIGNATURE) {
    if (k.asymmetricKeyType !== 'rsa') throw new TypeError(`AUTH method 1 needs an RSA key, not ${k.asymmetricKeyType}`);
    return plain(sign('sha1', o.data, { key: k, padding: constants.RSA_PKCS1_PADDING }));
  }
  const ecdsa = ECDSA_METHODS[o.method];
  if (ecdsa) {
    if (k.asymmetricKeyDetails?.namedCurve !== ecdsa.curve) throw new TypeError(`AUTH method ${o.method} needs an EC key on ${ecdsa.curve}`);
    return plain(sign(ecdsa.hash, o.data, { key: k, dsaEncoding: 'ieee-p1363' }));
  }
  if (o.method !== AuthMethod.DIGITAL_SIGNATURE) throw new RangeError(`AUTH method ${o.method} is not a signature method`);
  let alg: Uint8Array;
  let sig: Uint8Array;
  if (isRsa(k)) {
    const hash = o.hash ?? 'sha256';
    if (o.pss || k.asymmetricKeyType === 'rsa-pss') {
      const saltLength = HASH_OUT[hash];
      alg = encodeSignatureAlgorithm('RSASSA-PSS', { hash: HASH_LABEL[hash], saltLength });
      sig = sign(hash, o.data, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    } else {
      alg = encodeSignatureAlgorithm(`${hash}WithRSAEncryption`);
      sig = sign(hash, o.data, { key: k, padding: constants.RSA_PKCS1_PADDING });
    }
  } else if (k.asymmetricKeyType === 'ec') {
    const hash = o.hash ?? CURVE_HASH[k.asymmetricKeyDetails?.namedCurve ?? ''] ?? 'sha256';
    alg = encodeSignatureAlgorithm(`ecdsa-with-${HASH_LABEL[hash].replace('-', '')}`);
    sig = sign(hash, o.data, { key: k, dsaEncoding: 'der' });
  } else if (k.asymmetricKeyType === 'ed25519' || k.asymmetricKeyType === 'ed448') {
    // RFC 8420 §2: EdDSA signs the octets themselves (hash "identity").
    alg = encodeSignatureAlgorithm(k.asymmetricKeyType === 'ed25519' ? 'Ed25519' : 'Ed448');
    sig = sign(null, o.data, k);
  } else throw new TypeError(`no RFC 7427 signature for a ${k.asymmetricKeyType} key`);
  // RFC 7427 §3: "ASN.1 Length (1 octet)" — every AlgorithmIdentifier here is shorter than 256.
  return concatBytes(Uint8Array.of(alg.length), alg, plain(sig));
}

export interface VerifyAuthOptions {
  readonly method: number;
  readonly authData: Uint8Array;
  /** The peer's public key (from its certificate). */
  readonly key: KeyObject;
  readonly data: Uint8Array;
}

const NODE_HASH: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** node:crypto's verify, with its exceptions (malformed signature, unfit key) as `false`. */
function check(hash: string | null, data: Uint8Array, key: Parameters<typeof verify>[2], sig: Uint8Array): boolean {
  try {
    return verify(hash, data, key, sig);
  } catch {
    return false;
  }
}

/**
 * Check the Authentication Data of a signature AUTH payload against the signer's public key.
 * ok({ scheme }) names what was verified; a failure says why (offsets into `authData`).
 */
export function verifyAuth(o: VerifyAuthOptions): Decoded<{ scheme: string }> {
  const k = o.key;
  const d = o.authData;
  if (o.method === AuthMethod.RSA_DIGITAL_SIGNATURE) {
    if (k.asymmetricKeyType !== 'rsa') return fail(0, `AUTH method 1 (RSA) with a ${k.asymmetricKeyType} key`);
    return check('sha1', o.data, { key: k, padding: constants.RSA_PKCS1_PADDING }, d) ? ok({ scheme: SHA1_RSA }) : fail(0, `${SHA1_RSA} signature does not verify`);
  }
  const ecdsa = ECDSA_METHODS[o.method];
  if (ecdsa) {
    if (k.asymmetricKeyDetails?.namedCurve !== ecdsa.curve) return fail(0, `AUTH method ${o.method} (${ecdsa.scheme}) with a key that is not on that curve`);
    // RFC 4754 §7: r and s of the field size each, so the length is fixed.
    if (d.length !== 2 * ecdsa.bytes) return fail(0, `${ecdsa.scheme}: signature of ${d.length} octets, not ${2 * ecdsa.bytes}`);
    return check(ecdsa.hash, o.data, { key: k, dsaEncoding: 'ieee-p1363' }, d) ? ok({ scheme: ecdsa.scheme }) : fail(0, `${ecdsa.scheme} signature does not verify`);
  }
  if (o.method !== AuthMethod.DIGITAL_SIGNATURE) return fail(0, `AUTH method ${o.method} is not a signature method`);
  const alg = authenticationOf({ method: o.method, data: d }).signature!;
  if (!alg.ok) return alg;
  const a = alg.value;
  const sig = d.subarray(d.length - a.signatureLength);
  const scheme = a.label;
  const bad = (): Decoded<{ scheme: string }> => fail(1 + d[0]!, `${scheme} signature does not verify`);
  if (a.pss) {
    const p = a.pss;
    const hash = NODE_HASH[p.hash];
    // node:crypto (OpenSSL) uses MGF1 with the message hash; other pairings and trailers cannot be checked.
    if (!hash || p.mgf !== 'MGF1' || p.mgfHash !== p.hash || p.trailerField !== 1) return fail(1, `${scheme}: parameters this verifier does not support`);
    if (!isRsa(k)) return fail(1, `${scheme} with a ${k.asymmetricKeyType} key`);
    return check(hash, o.data, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, sig) ? ok({ scheme }) : bad();
  }
  if (a.name === 'Ed25519' || a.name === 'Ed448') {
    if (k.asymmetricKeyType !== a.name.toLowerCase()) return fail(1, `${scheme} with a ${k.asymmetricKeyType} key`);
    return check(null, o.data, k, sig) ? ok({ scheme }) : bad();
  }
  const hash = a.hash ? NODE_HASH[a.hash] : undefined;
  if (hash && /WithRSAEncryption$/.test(a.name)) {
    if (!isRsa(k)) return fail(1, `${scheme} with a ${k.asymmetricKeyType} key`);
    return check(hash, o.data, { key: k, padding: constants.RSA_PKCS1_PADDING }, sig) ? ok({ scheme }) : bad();
  }
  if (hash && a.name.startsWith('ecdsa-with-')) {
    if (k.asymmetricKeyType !== 'ec') return fail(1, `${scheme} with a ${k.asymmetricKeyType} key`);
    return check(hash, o.data, { key: k, dsaEncoding: 'der' }, sig) ? ok({ scheme }) : bad();
  }
  return fail(1, `${scheme}: a signature algorithm this verifier does not support`);
}
