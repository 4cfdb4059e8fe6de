/**
 * MS-CHAP-V2 (RFC 2759 §8) and its key derivation (RFC 3079 §3.4), and the MSK that EAP-MSCHAPv2
 * exports for IKEv2 (RFC 7296 §2.16 keys the AUTH payload with it).
 *
 * Every value here is secret or crackable offline (DESIGN.md "Secrets"): callers never log them.
 */
import { hash as nodeHash } from 'node:crypto';
import { concatBytes, equalIcv, plain } from './bytes.js';
import { desEncryptBlock, desKeyFrom56 } from './des.js';
import { md4 } from './md4.js';

const sha1 = (...parts: Uint8Array[]): Uint8Array => plain(nodeHash('sha1', concatBytes(...parts), 'buffer'));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** RFC 2759 §8.3 NtPasswordHash: MD4 over the password in Unicode (UTF-16 little-endian). */
export function ntPasswordHash(password: string): Uint8Array {
  return md4(plain(Buffer.from(password, 'utf16le')));
}

/** RFC 2759 §8.4 HashNtPasswordHash. */
export function hashNtPasswordHash(passwordHash: Uint8Array): Uint8Array {
  return md4(passwordHash);
}

/**
 * RFC 2759 §8.2 ChallengeHash: the first 8 octets of SHA1(PeerChallenge | AuthenticatorChallenge
 * | UserName). "Only the user name (as presented by the peer and excluding any prepended domain
 * name) is used": `userName` is what `msChapUserName` returns.
 */
export function challengeHash(peerChallenge: Uint8Array, authenticatorChallenge: Uint8Array, userName: string): Uint8Array {
  return sha1(peerChallenge, authenticatorChallenge, ascii(userName)).subarray(0, 8);
}

/** The user name MS-CHAP hashes: what follows the last "DOMAIN\" (RFC 2759 §8.2). */
export function msChapUserName(name: string): string {
  return name.slice(name.lastIndexOf('\\') + 1);
}

/**
 * RFC 2759 §8.5 ChallengeResponse: the password hash zero-padded to 21 octets, cut into three
 * 7-octet DES keys, each encrypting the 8-octet challenge (§8.6 DesEncrypt).
 */
export function challengeResponse(challenge: Uint8Array, passwordHash: Uint8Array): Uint8Array {
  const z = new Uint8Array(21);
  z.set(passwordHash);
  return concatBytes(...[0, 7, 14].map((at) => desEncryptBlock(desKeyFrom56(z.subarray(at, at + 7)), challenge)));
}

/** RFC 2759 §8.1 GenerateNTResponse: the 24-octet NT-Response. */
export function generateNtResponse(authenticatorChallenge: Uint8Array, peerChallenge: Uint8Array, userName: string, password: string): Uint8Array {
  return challengeResponse(challengeHash(peerChallenge, authenticatorChallenge, userName), ntPasswordHash(password));
}

// RFC 2759 §8.7 Magic1 and Magic2.
const AUTH_MAGIC1 = ascii('Magic server to client signing constant');
const AUTH_MAGIC2 = ascii('Pad to make it do more than one iteration');

/**
 * RFC 2759 §8.7 GenerateAuthenticatorResponse: the 20 octets the authenticator proves knowledge
 * of the password with ("S=" and their 40 upper-case hex digits on the wire).
 */
export function generateAuthenticatorResponse(
  password: string, ntResponse: Uint8Array, peerChallenge: Uint8Array, authenticatorChallenge: Uint8Array, userName: string,
): Uint8Array {
  const digest = sha1(hashNtPasswordHash(ntPasswordHash(password)), ntResponse, AUTH_MAGIC1);
  return sha1(digest, challengeHash(peerChallenge, authenticatorChallenge, userName), AUTH_MAGIC2);
}

/** RFC 2759 §8.8 CheckAuthenticatorResponse, comparing in constant time. */
export function checkAuthenticatorResponse(
  password: string, ntResponse: Uint8Array, peerChallenge: Uint8Array, authenticatorChallenge: Uint8Array, userName: string,
  received: Uint8Array,
): boolean {
  return equalIcv(generateAuthenticatorResponse(password, ntResponse, peerChallenge, authenticatorChallenge, userName), received);
}

// RFC 3079 §3.4 constants.
const KEY_MAGIC1 = ascii('This is the MPPE Master Key');
const KEY_MAGIC2 = ascii('On the client side, this is the send key; on the server side, it is the receive key.');
const KEY_MAGIC3 = ascii('On the client side, this is the receive key; on the server side, it is the send key.');
const SHS_PAD1 = new Uint8Array(40);
const SHS_PAD2 = new Uint8Array(40).fill(0xf2);

/** RFC 3079 §3.4 GetMasterKey: 16 octets of SHA1(PasswordHashHash | NTResponse | Magic1). */
export function getMasterKey(passwordHashHash: Uint8Array, ntResponse: Uint8Array): Uint8Array {
  return sha1(passwordHashHash, ntResponse, KEY_MAGIC1).subarray(0, 16);
}

/**
 * RFC 3079 §3.4 GetAsymetricStartKey: SHA1(MasterKey | SHSpad1 | s | SHSpad2) cut to the
 * session key length (8 for 40 and 56-bit keys, 16 for 128-bit), where s is Magic2 for the
 * client's send key and the server's receive key, Magic3 for the other two.
 */
export function getAsymmetricStartKey(masterKey: Uint8Array, keyLength: 8 | 16, isSend: boolean, isServer: boolean): Uint8Array {
  const s = isSend === isServer ? KEY_MAGIC3 : KEY_MAGIC2;
  return sha1(masterKey, SHS_PAD1, s, SHS_PAD2).subarray(0, keyLength);
}

/**
 * The 64-octet MSK of EAP-MSCHAPv2 as strongSwan (eap_mschapv2.c GenerateMSK) and Windows
 * derive it: the server's 128-bit MasterReceiveKey (= the client's send key, Magic2) | its
 * MasterSendKey (= the client's receive key, Magic3) | 32 zero octets. It is what RADIUS
 * carries as MS-MPPE-Recv-Key and MS-MPPE-Send-Key to the authenticator, padded to the 64
 * octets RFC 3748 §7.10 requires of an MSK.
 */
export function msChapV2Msk(password: string, ntResponse: Uint8Array): Uint8Array {
  const master = getMasterKey(hashNtPasswordHash(ntPasswordHash(password)), ntResponse);
  const msk = new Uint8Array(64);
  msk.set(getAsymmetricStartKey(master, 16, false, true), 0);
  msk.set(getAsymmetricStartKey(master, 16, true, true), 16);
  return msk;
}
