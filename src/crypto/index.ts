/** The crypto layer's public surface: algorithm lookup, PRFs and key derivation, SK payloads. */
export type * from './types.js';
export { encrAlgorithm, integAlgorithm, prfAlgorithm } from './algorithms.js';
export { createCipher, type Aead, type Cipher, type EncrInstance, type Keyed } from './cipher.js';
export { createIntegrity } from './integrity.js';
export { hmac, hmacKey, type Mac } from './hmac.js';
export { prf, prfKey } from './prf.js';
export { prfPlus } from './prf-plus.js';
export { childSaKeymat, deriveIkeKeys, type ChildSaKeymat, type IkeSaKeys, type RekeyedFrom } from './keymat.js';
export { openSk, sealSk, type SealSkOptions } from './sk.js';
export { md4 } from './md4.js';
export { desEncryptBlock, desKeyFrom56 } from './des.js';
export {
  challengeHash, challengeResponse, checkAuthenticatorResponse, generateAuthenticatorResponse, generateNtResponse,
  getAsymmetricStartKey, getMasterKey, hashNtPasswordHash, msChapUserName, msChapV2Msk, ntPasswordHash,
} from './mschapv2.js';
export { signAuth, verifyAuth, type SignAuthOptions, type SignatureHash, type VerifyAuthOptions } from './signature.js';
