/**
 * Diffie-Hellman groups of the KE payload (RFC 7296 §3.4), on node:crypto:
 *
 * - MODP 1024 (RFC 2409 §6.2, group 2), 1536/2048/3072/4096 (RFC 3526 §2-5, groups 5, 14-16):
 *   node's built-in primes (`getDiffieHellman('modpN')`), generator 2. §3.4: "the Key Exchange
 *   Data field ... MUST be padded with zeros to the length of the prime"; g^ir is padded the
 *   same way (§2.14 "represented as a string of octets in big endian order padded with zeros
 *   if necessary to make it the length of the modulus").
 * - ECP 256/384/521 (RFC 5903, groups 19-21): §7 "the Key Exchange Data ... is the
 *   concatenation of the x and y values" (no 0x04 point-format octet), and §9 "the Diffie-
 *   Hellman shared secret value consists of the x value of the Diffie-Hellman common value".
 * - Curve25519 and Curve448 (RFC 8031 §2, groups 31 and 32): the 32/56-octet public value as
 *   RFC 7748 encodes it; the shared secret is X25519/X448's output. RFC 8031 §2.3: "all-zero
 *   shared secret ... MUST be rejected" (a small-order public value).
 *
 * The private value never leaves a DhKeyPair. A peer's public value is input: a wrong length
 * or a point not on the curve is a `fail`, never a throw.
 */
import {
  createDiffieHellman,
  createECDH,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  getDiffieHellman,
  type KeyObject,
} from 'node:crypto';
import { KeMethod, dhGroupName } from '../ikev2/registry/ke-methods.js';
import { fail, ok, type Decoded } from '../problem.js';
import { plain } from './bytes.js';

type GroupKind =
  | { readonly kind: 'modp'; readonly node: string }
  | { readonly kind: 'ecp'; readonly curve: string }
  | { readonly kind: 'ecx'; readonly curve: 'x25519' | 'x448' };

interface GroupSpec {
  readonly impl: GroupKind;
  /** Octets of the KE payload's Key Exchange Data. */
  readonly publicBytes: number;
}

const GROUPS: ReadonlyMap<number, GroupSpec> = new Map<number, GroupSpec>([
  [KeMethod.MODP_1024, { impl: { kind: 'modp', node: 'modp2' }, publicBytes: 128 }],
  [KeMethod.MODP_1536, { impl: { kind: 'modp', node: 'modp5' }, publicBytes: 192 }],
  [KeMethod.MODP_2048, { impl: { kind: 'modp', node: 'modp14' }, publicBytes: 256 }],
  [KeMethod.MODP_3072, { impl: { kind: 'modp', node: 'modp15' }, publicBytes: 384 }],
  [KeMethod.MODP_4096, { impl: { kind: 'modp', node: 'modp16' }, publicBytes: 512 }],
  [KeMethod.ECP_256, { impl: { kind: 'ecp', curve: 'prime256v1' }, publicBytes: 64 }],
  [KeMethod.ECP_384, { impl: { kind: 'ecp', curve: 'secp384r1' }, publicBytes: 96 }],
  [KeMethod.ECP_521, { impl: { kind: 'ecp', curve: 'secp521r1' }, publicBytes: 132 }],
  [KeMethod.Curve25519, { impl: { kind: 'ecx', curve: 'x25519' }, publicBytes: 32 }],
  [KeMethod.Curve448, { impl: { kind: 'ecx', curve: 'x448' }, publicBytes: 56 }],
]);

/** The groups implemented here, by IANA transform ID. */
export const DH_GROUPS: readonly number[] = [...GROUPS.keys()];

export const isDhGroupSupported = (group: number): boolean => GROUPS.has(group);

/** One side's ephemeral key: its public value for the KE payload and the shared secret with a peer. */
export interface DhKeyPair {
  readonly group: number;
  /** Key Exchange Data as RFC 7296 §3.4 / RFC 5903 §7 / RFC 8031 §2 encode it. */
  readonly publicValue: Uint8Array;
  /** g^ir from the peer's Key Exchange Data; fails on a malformed or invalid public value. */
  computeSecret(peer: Uint8Array): Decoded<Uint8Array>;
}

function leftPad(b: Uint8Array, length: number): Uint8Array {
  if (b.length >= length) return b;
  const out = new Uint8Array(length);
  out.set(b, length - b.length);
  return out;
}

const b64url = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
const fromB64url = (s: string): Uint8Array => plain(Buffer.from(s, 'base64url'));

function modpPair(group: number, node: string, bytes: number, priv?: Uint8Array): DhKeyPair {
  const builtin = getDiffieHellman(node);
  // node's DiffieHellmanGroup cannot take a given private value; a DiffieHellman on the same
  // prime and generator can (the test vectors need that).
  const dh = priv ? createDiffieHellman(builtin.getPrime(), builtin.getGenerator()) : builtin;
  if (priv) (dh as ReturnType<typeof createDiffieHellman>).setPrivateKey(priv);
  dh.generateKeys();
  const pub = leftPad(plain(dh.getPublicKey()), bytes);
  return {
    group,
    publicValue: pub,
    computeSecret(peer) {
      if (peer.length !== bytes) return fail(0, `${dhGroupName(group)} public value of ${peer.length} octets, expected ${bytes}`);
      // RFC 7296 §3.4 leaves validation to the implementation; 1, p-1 and 0 give a secret any
      // observer knows (NIST SP 800-56A 5.6.2.3.1), so they are refused, as node's OpenSSL does.
      try {
        return ok(leftPad(plain(dh.computeSecret(peer)), bytes));
      } catch (e) {
        return fail(0, `${dhGroupName(group)} public value refused: ${(e as Error).message}`);
      }
    },
  };
}

function ecpPair(group: number, curve: string, bytes: number, priv?: Uint8Array): DhKeyPair {
  const ecdh = createECDH(curve);
  if (priv) ecdh.setPrivateKey(priv);
  else ecdh.generateKeys();
  // RFC 5903 §7: x | y without the uncompressed-point octet 0x04 of SEC1.
  const pub = plain(ecdh.getPublicKey()).slice(1);
  return {
    group,
    publicValue: pub,
    computeSecret(peer) {
      if (peer.length !== bytes) return fail(0, `${dhGroupName(group)} public value of ${peer.length} octets, expected ${bytes}`);
      const point = new Uint8Array(bytes + 1);
      point[0] = 4;
      point.set(peer, 1);
      try {
        // OpenSSL checks that the point is on the curve; its result is the x coordinate (§9).
        return ok(leftPad(plain(ecdh.computeSecret(point)), bytes / 2));
      } catch (e) {
        return fail(0, `${dhGroupName(group)} public value is not a point on the curve: ${(e as Error).message}`);
      }
    },
  };
}

function ecxPair(group: number, curve: 'x25519' | 'x448', bytes: number, priv?: Uint8Array): DhKeyPair {
  const privateKey = priv ? ecxPrivateKey(curve, priv) : generateKeyPairSync(curve as 'x25519').privateKey;
  const crv = curve === 'x25519' ? 'X25519' : 'X448';
  return {
    group,
    publicValue: fromB64url(createPublicKey(privateKey).export({ format: 'jwk' }).x!),
    computeSecret(peer) {
      if (peer.length !== bytes) return fail(0, `${dhGroupName(group)} public value of ${peer.length} octets, expected ${bytes}`);
      try {
        const publicKey = createPublicKey({ key: { kty: 'OKP', crv, x: b64url(peer) }, format: 'jwk' });
        const secret = plain(diffieHellman({ privateKey, publicKey }));
        // RFC 8031 §2.3 (and RFC 7748 §6.1): an all-zero result means a small-order point.
        if (secret.every((b) => b === 0)) return fail(0, `${dhGroupName(group)} shared secret is all zero (small-order public value)`);
        return ok(secret);
      } catch (e) {
        return fail(0, `${dhGroupName(group)} public value refused: ${(e as Error).message}`);
      }
    },
  };
}

/** A raw X25519/X448 private value as a KeyObject, through its RFC 8410 §7 PKCS#8 form (OID 1.3.101.110 / .111). */
function ecxPrivateKey(curve: 'x25519' | 'x448', priv: Uint8Array): KeyObject {
  const n = priv.length;
  const oid = curve === 'x25519' ? 0x6e : 0x6f;
  const der = new Uint8Array([0x30, 14 + n, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, oid, 0x04, 2 + n, 0x04, n, ...priv]);
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
}

/**
 * A fresh key pair for `group`, or undefined when the group is not implemented. `privateValue`
 * is for test vectors only (RFC 5903 §8, RFC 7748 §6): the endpoint always draws a new one.
 */
export function generateDh(group: number, privateValue?: Uint8Array): DhKeyPair | undefined {
  const spec = GROUPS.get(group);
  if (!spec) return undefined;
  const { impl, publicBytes } = spec;
  switch (impl.kind) {
    case 'modp': return modpPair(group, impl.node, publicBytes, privateValue);
    case 'ecp': return ecpPair(group, impl.curve, publicBytes, privateValue);
    case 'ecx': return ecxPair(group, impl.curve, publicBytes, privateValue);
  }
}
