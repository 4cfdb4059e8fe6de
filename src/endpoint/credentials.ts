/**
 * The client's own certificate in IKE_AUTH (RFC 7296 §2.15, §3.5-§3.8): the key checked
 * against the certificate, the identity (IDi) taken from the certificate, the CERTREQ naming
 * the CAs we trust, and which signature method the AUTH payload uses.
 *
 * Signing and verifying are crypto/signature.ts (`signAuth`, `verifyAuth`); certificates are
 * read with ikev2/x509.ts. Nothing here prints or returns key material.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fail, ok, type Decoded } from '../problem.js';
import { equalBytes } from '../ikev2/bytes.js';
import { parseIp } from '../net/address.js';
import { makeId, type IdPayload } from '../ikev2/payloads/id.js';
import { makeCertReq, type CertReqPayload } from '../ikev2/payloads/certreq.js';
import { decodeCertificate, type CertificateSummary } from '../ikev2/x509.js';
import { AuthMethod, HashAlgorithm, IdType, PayloadType } from '../ikev2/registry/index.js';
import type { SignatureHash } from '../crypto/signature.js';

/** What `connect --auth-method` names; undefined lets the session pick (see `chooseSignature`). */
export type SignatureChoice = 'rsa' | 'rfc7427' | 'rsa-pss' | 'ecdsa';

export interface ClientCertificate {
  /** DER, the end entity first, then intermediates (RFC 7296 §3.6: "the first certificate provided MUST contain the public key used to verify the AUTH field"). */
  readonly chain: readonly Uint8Array[];
  readonly key: KeyObject;
}

/** The end entity decoded, and the private key shown to belong to it. */
export function checkClientCertificate(c: ClientCertificate): Decoded<CertificateSummary> {
  const ee = c.chain[0];
  if (!ee) return fail(0, 'no client certificate');
  const view = decodeCertificate(ee);
  if (!view.ok) return fail(0, `the client certificate: ${view.reason}`);
  let ours: Uint8Array;
  try {
    ours = new Uint8Array(createPublicKey(c.key).export({ type: 'spki', format: 'der' }));
  } catch (e) {
    return fail(0, `the private key: ${(e as Error).message}`);
  }
  const spki = spkiOf(ee);
  if (!spki || !equalBytes(ours, spki)) return fail(0, `the private key does not belong to the certificate "${view.value.subject.text}"`);
  return ok(view.value);
}

function spkiOf(der: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }));
  } catch {
    return undefined;
  }
}

/**
 * IDi for certificate authentication. RFC 7296 §3.5 leaves the type to the sender; a gateway
 * (strongSwan: "the IKE identity must be contained in the certificate, either as subject or
 * as subjectAltName", swanctl.conf(5)) accepts it only if the certificate carries it. With
 * `explicit` (--id) that is checked here; otherwise the profile's choice: `dn` — the subject
 * as ID_DER_ASN1_DN (Windows machine certificates; strongSwan without `local.id`) — or `san`
 * — the first DNS, e-mail or IP subjectAltName (falling back to the DN when there is none).
 */
export function certificateIdentity(ee: CertificateSummary, o: { explicit?: string; kind: 'dn' | 'san' }): Decoded<IdPayload> {
  const dn = makeId(PayloadType.IDi, IdType.ID_DER_ASN1_DN, ee.subjectDer);
  const sans = ee.subjectAltNames.filter((g) => g.kind === 'dns' || g.kind === 'email' || g.kind === 'ip');
  const fromSan = (g: (typeof sans)[number]): IdPayload => {
    if (g.kind === 'ip') return makeId(PayloadType.IDi, g.value.includes(':') ? IdType.ID_IPV6_ADDR : IdType.ID_IPV4_ADDR, g.value);
    return makeId(PayloadType.IDi, g.kind === 'email' ? IdType.ID_RFC822_ADDR : IdType.ID_FQDN, g.value);
  };
  if (o.explicit === undefined) return ok(o.kind === 'san' && sans[0] ? fromSan(sans[0]) : dn);
  const id = o.explicit;
  if (id === ee.subject.text) return ok(dn);
  const ip = parseIp(id);
  const match = sans.find((g) => {
    if (g.kind === 'ip') {
      const other = parseIp(g.value);
      return ip !== undefined && other !== undefined && equalBytes(ip, other);
    }
    if (ip) return false;
    return g.kind === (id.includes('@') ? 'email' : 'dns') && g.value.toLowerCase() === id.toLowerCase();
  });
  if (!match) {
    const names = [`subject "${ee.subject.text}"`, ...sans.map((g) => `${g.kind}:${g.value}`)].join(', ');
    return fail(0, `the identity ${id} is not in the client certificate (${names}); the gateway would refuse it`);
  }
  return ok(fromSan(match));
}

/** RFC 7296 §3.7: one CERTREQ, the SHA-1 hashes of the trusted CAs' SubjectPublicKeyInfo. */
export function certReqFor(ca: readonly Uint8Array[]): Decoded<CertReqPayload> {
  const hashes: Uint8Array[] = [];
  for (const der of ca) {
    const c = decodeCertificate(der);
    if (!c.ok) return fail(0, `CA certificate: ${c.reason}`);
    hashes.push(c.value.spkiSha1);
  }
  return ok(makeCertReq(hashes));
}

export interface SignaturePlan {
  readonly method: number;
  readonly hash?: SignatureHash;
  readonly pss?: boolean;
}

const HASH_IDS: Record<SignatureHash, number> = { sha256: HashAlgorithm.SHA2_256, sha384: HashAlgorithm.SHA2_384, sha512: HashAlgorithm.SHA2_512 };
/** RFC 4754 §3: the method is fixed by the curve. */
const ECDSA_METHOD: Record<string, number> = {
  prime256v1: AuthMethod.ECDSA_SHA2_256_P256, secp384r1: AuthMethod.ECDSA_SHA2_384_P384, secp521r1: AuthMethod.ECDSA_SHA2_512_P521,
};
const CURVE_HASH: Record<string, SignatureHash> = { prime256v1: 'sha256', secp384r1: 'sha384', secp521r1: 'sha512' };

/**
 * Which signature the AUTH payload carries. RFC 7427 §4: method 14 only when the gateway sent
 * SIGNATURE_HASH_ALGORITHMS (`peerHashes`, undefined when it did not, or when our profile did
 * not announce it, so the negotiation did not happen), with a hash from its list. Without a
 * choice: method 14 where it was negotiated, as strongSwan does; otherwise RSA (method 1,
 * SHA-1) or ECDSA (RFC 4754, methods 9-11) by key type, as clients without RFC 7427 do.
 */
export function chooseSignature(key: KeyObject, choice: SignatureChoice | undefined, peerHashes: readonly number[] | undefined): Decoded<SignaturePlan> {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
  const rsa = type === 'rsa' || type === 'rsa-pss';
  const rfc7427 = (pss: boolean): Decoded<SignaturePlan> => {
    if (!peerHashes) return fail(0, 'RFC 7427 signatures (AUTH method 14) need SIGNATURE_HASH_ALGORITHMS from both sides (RFC 7427 §4), and it was not exchanged');
    const wanted: SignatureHash[] = type === 'ec' && CURVE_HASH[curve] ? [CURVE_HASH[curve]!, 'sha256', 'sha384', 'sha512'] : ['sha256', 'sha384', 'sha512'];
    const hash = wanted.find((h) => peerHashes.includes(HASH_IDS[h]));
    if (!hash) return fail(0, `the gateway's SIGNATURE_HASH_ALGORITHMS (${peerHashes.join(', ')}) name no SHA-2 hash to sign with`);
    return ok({ method: AuthMethod.DIGITAL_SIGNATURE, hash, ...(pss ? { pss: true } : {}) });
  };
  switch (choice) {
    case 'rsa':
      return type === 'rsa' ? ok({ method: AuthMethod.RSA_DIGITAL_SIGNATURE }) : fail(0, `--auth-method rsa needs an RSA key, the key is ${type}`);
    case 'rsa-pss':
      return rsa ? rfc7427(true) : fail(0, `--auth-method rsa-pss needs an RSA key, the key is ${type}`);
    case 'ecdsa': {
      const m = type === 'ec' ? ECDSA_METHOD[curve] : undefined;
      return m ? ok({ method: m }) : fail(0, `--auth-method ecdsa (RFC 4754) needs an EC key on P-256, P-384 or P-521, the key is ${type}${curve ? ` on ${curve}` : ''}`);
    }
    case 'rfc7427':
      return rfc7427(false);
    case undefined:
      if (peerHashes) return rfc7427(type === 'rsa-pss');
      if (type === 'rsa') return ok({ method: AuthMethod.RSA_DIGITAL_SIGNATURE });
      if (type === 'ec' && ECDSA_METHOD[curve]) return ok({ method: ECDSA_METHOD[curve]! });
      return fail(0, `no signature method for a ${type} key without RFC 7427 (the gateway did not send SIGNATURE_HASH_ALGORITHMS)`);
  }
}
