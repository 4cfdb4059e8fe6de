/**
 * MS-CHAP-V2 on RFC 2759 §9.2's worked example, its keys on RFC 3079 §3.5.3's (128-bit), and
 * the EAP-MSCHAPv2 MSK layout — checked against the client's AUTH payload in a real
 * strongSwan capture in test/endpoint/msk-capture.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  challengeHash, challengeResponse, checkAuthenticatorResponse, generateAuthenticatorResponse, generateNtResponse,
  getAsymmetricStartKey, getMasterKey, hashNtPasswordHash, msChapUserName, msChapV2Msk, ntPasswordHash,
} from '../../src/crypto/mschapv2.js';
import { h, toHex } from './support.js';

// RFC 2759 §9.2.
const USER = 'User';
const PASSWORD = 'clientPass';
const AUTH_CHALLENGE = h('5B5D7C7D7B3F2F3E3C2C602132262628');
const PEER_CHALLENGE = h('21402324255E262A28295F2B3A337C7E');
const CHALLENGE = 'd02e4386bce91226';
const PASSWORD_HASH = '44ebba8d5312b8d611474411f56989ae';
const NT_RESPONSE = '82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df';
const PASSWORD_HASH_HASH = '41c00c584bd2d91c4017a2a12fa59f3f';
const AUTHENTICATOR_RESPONSE = '407A5589115FD0D6209F510FE9C04566932CDA56';

describe('RFC 2759 §9.2', () => {
  it('NtPasswordHash and HashNtPasswordHash', () => {
    expect(toHex(ntPasswordHash(PASSWORD))).toBe(PASSWORD_HASH);
    expect(toHex(hashNtPasswordHash(ntPasswordHash(PASSWORD)))).toBe(PASSWORD_HASH_HASH);
  });
  it('ChallengeHash', () => {
    expect(toHex(challengeHash(PEER_CHALLENGE, AUTH_CHALLENGE, USER))).toBe(CHALLENGE);
  });
  it('ChallengeResponse and GenerateNTResponse', () => {
    expect(toHex(challengeResponse(h(CHALLENGE), h(PASSWORD_HASH)))).toBe(NT_RESPONSE);
    expect(toHex(generateNtResponse(AUTH_CHALLENGE, PEER_CHALLENGE, USER, PASSWORD))).toBe(NT_RESPONSE);
  });
  it('GenerateAuthenticatorResponse', () => {
    const r = generateAuthenticatorResponse(PASSWORD, h(NT_RESPONSE), PEER_CHALLENGE, AUTH_CHALLENGE, USER);
    expect(toHex(r).toUpperCase()).toBe(AUTHENTICATOR_RESPONSE);
  });
  it('CheckAuthenticatorResponse accepts the right one and rejects a changed one or a wrong password', () => {
    const good = h(AUTHENTICATOR_RESPONSE);
    expect(checkAuthenticatorResponse(PASSWORD, h(NT_RESPONSE), PEER_CHALLENGE, AUTH_CHALLENGE, USER, good)).toBe(true);
    const bad = good.slice();
    bad[19]! ^= 1;
    expect(checkAuthenticatorResponse(PASSWORD, h(NT_RESPONSE), PEER_CHALLENGE, AUTH_CHALLENGE, USER, bad)).toBe(false);
    expect(checkAuthenticatorResponse('clientPasS', h(NT_RESPONSE), PEER_CHALLENGE, AUTH_CHALLENGE, USER, good)).toBe(false);
    expect(checkAuthenticatorResponse(PASSWORD, h(NT_RESPONSE), PEER_CHALLENGE, AUTH_CHALLENGE, USER, good.subarray(0, 16))).toBe(false);
  });
  it('hashes the user name without its domain', () => {
    expect(msChapUserName('CORP\\User')).toBe('User');
    expect(msChapUserName('User')).toBe('User');
  });
});

describe('RFC 3079 §3.5.3 (128-bit keys)', () => {
  const master = getMasterKey(h(PASSWORD_HASH_HASH), h(NT_RESPONSE));
  it('GetMasterKey', () => {
    expect(toHex(master)).toBe('fdece3717a8c838cb388e527ae3cdd31');
  });
  it('SendStartKey128: the sample computes the server side send key (Magic3), the client side receive key', () => {
    expect(toHex(getAsymmetricStartKey(master, 16, true, true))).toBe('8b7cdc149b993a1ba118cb153f56dccb');
    expect(toHex(getAsymmetricStartKey(master, 16, false, false))).toBe('8b7cdc149b993a1ba118cb153f56dccb');
  });
  it('the client send key is the server receive key', () => {
    expect(toHex(getAsymmetricStartKey(master, 16, true, false))).toBe(toHex(getAsymmetricStartKey(master, 16, false, true)));
    expect(toHex(getAsymmetricStartKey(master, 16, true, false))).not.toBe('8b7cdc149b993a1ba118cb153f56dccb');
  });
  it('the MSK is server receive key | server send key | 32 zeros', () => {
    const msk = msChapV2Msk(PASSWORD, h(NT_RESPONSE));
    expect(msk).toHaveLength(64);
    expect(toHex(msk.subarray(0, 16))).toBe(toHex(getAsymmetricStartKey(master, 16, false, true)));
    expect(toHex(msk.subarray(16, 32))).toBe('8b7cdc149b993a1ba118cb153f56dccb');
    expect(toHex(msk.subarray(32))).toBe('00'.repeat(32));
  });
});
