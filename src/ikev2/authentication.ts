/**
 * What an AUTH payload (RFC 7296 §3.8) says about how the peer authenticated: the method, the
 * signature scheme the method implies, and for RFC 7427 Digital Signature (method 14) the
 * signature algorithm named by its AlgorithmIdentifier. The view never holds the
 * Authentication Data itself (a signature or a MAC over the exchange): only its length.
 */
import { fail, ok, type Decoded } from '../problem.js';
import type { AuthPayload } from './payloads/auth.js';
import { AuthMethod, authMethodName } from './registry/auth-methods.js';
import { decodeSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithm.js';

export interface AuthView {
  readonly method: number;
  readonly methodName: string;
  /** Octets of Authentication Data. */
  readonly dataLength: number;
  /** The scheme a fixed method implies (RFC 7296 §3.8, RFC 4754, RFC 7619). */
  readonly scheme?: string;
  /** Method 14 only: the AlgorithmIdentifier, and the length of the signature value after it. */
  readonly signature?: Decoded<SignatureAlgorithm & { readonly signatureLength: number }>;
}

const SCHEMES: Partial<Record<number, string>> = {
  // §3.8: "RSA Digital Signature ... using an RSA private key with RSASSA-PKCS1-v1_5 signature
  // scheme"; RFC 7427 §1: methods 1 and 3 are tied to SHA-1.
  [AuthMethod.RSA_DIGITAL_SIGNATURE]: 'RSASSA-PKCS1-v1_5 with SHA-1',
  [AuthMethod.DSS_DIGITAL_SIGNATURE]: 'DSS with SHA-1',
  // RFC 4754 §3.
  [AuthMethod.ECDSA_SHA2_256_P256]: 'ECDSA with SHA-256 on P-256',
  [AuthMethod.ECDSA_SHA2_384_P384]: 'ECDSA with SHA-384 on P-384',
  [AuthMethod.ECDSA_SHA2_512_P521]: 'ECDSA with SHA-512 on P-521',
  [AuthMethod.NULL_AUTH]: 'no authentication (RFC 7619)',
};

/**
 * RFC 7427 §3: "ASN.1 Length (1 octet): Length of the ASN.1-encoded AlgorithmIdentifier
 * object" followed by that object and the Signature Value.
 */
function digitalSignature(data: Uint8Array): Decoded<SignatureAlgorithm & { signatureLength: number }> {
  if (data.length < 1) return fail(0, 'RFC 7427: no ASN.1 Length octet');
  const len = data[0]!;
  if (1 + len > data.length) return fail(0, `RFC 7427: ASN.1 Length ${len} runs past the ${data.length - 1} octets that follow`);
  const alg = decodeSignatureAlgorithm(data.subarray(1, 1 + len));
  if (!alg.ok) return fail(1 + alg.offset, alg.reason);
  return ok({ ...alg.value, signatureLength: data.length - 1 - len });
}

export function authenticationOf(p: Pick<AuthPayload, 'method' | 'data'>): AuthView {
  const scheme = SCHEMES[p.method];
  return {
    method: p.method,
    methodName: authMethodName(p.method),
    dataLength: p.data.length,
    ...(scheme ? { scheme } : {}),
    ...(p.method === AuthMethod.DIGITAL_SIGNATURE ? { signature: digitalSignature(p.data) } : {}),
  };
}
