// RFC 7296 §2.15 signed octets and AUTH computation (src/crypto/auth.ts) on a real session:
// the gateway of eap-mschapv2-ping.pcap signed its ResponderSignedOctets with its certificate's
// key, so octets built by auth.ts that verify are the octets strongSwan built; the shared-key
// form is checked against the published pad string and, in test/interop/psk-ping, by the gateway.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_PAD, macedId, sharedKeyAuth, signedOctets, verifySharedKeyAuth } from '../../src/crypto/auth.js';
import { prfAlgorithm } from '../../src/crypto/algorithms.js';
import { hmac } from '../../src/crypto/hmac.js';
import { verifyAuth } from '../../src/crypto/signature.js';
import type { AuthPayload } from '../../src/ikev2/payloads/auth.js';
import type { CertPayload } from '../../src/ikev2/payloads/cert.js';
import { idCodec, type IdPayload } from '../../src/ikev2/payloads/id.js';
import type { Payload } from '../../src/ikev2/payload.js';
import { AuthMethod, PayloadType, PrfId } from '../../src/ikev2/registry/index.js';
import { capturedSession, payloadsOf } from '../endpoint/support/capture-session.js';

describe('signed octets (RFC 7296 §2.15) on eap-mschapv2-ping.pcap', () => {
  it('RealMessage2 | Ni | prf(SK_pr, IDr body) is what the gateway signed', async () => {
    const s = await capturedSession('eap-mschapv2-ping');
    const init = s.messages.filter((m) => m.message.header.exchangeType === 34);
    const response = init.find((m) => m.message.header.response)!;
    const request = init.find((m) => !m.message.header.response)!;
    const ni = payloadsOf<Payload & { data: Uint8Array }>([request], PayloadType.NONCE)[0]!.p.data;
    const idr = payloadsOf<IdPayload>(s.messages, PayloadType.IDr).find((x) => !x.m.message.header.initiator)!.p;
    const prf = prfAlgorithm(s.keys.prf!.id)!;
    const octets = signedOctets(response.raw, ni, macedId(prf, s.keys.skPr!, idCodec.serialize(idr)));
    const cert = payloadsOf<CertPayload>(s.messages, PayloadType.CERT)[0]!.p;
    const auth = payloadsOf<AuthPayload>(s.messages, PayloadType.AUTH).find((a) => !a.m.message.header.initiator && a.p.method === AuthMethod.DIGITAL_SIGNATURE)!.p;
    const key = new X509Certificate(cert.data).publicKey;
    expect(verifyAuth({ method: auth.method, authData: auth.data, key, data: octets }).ok).toBe(true);
    // With SK_pi instead of SK_pr, or the request instead of the response, it does not verify.
    const wrongKey = signedOctets(response.raw, ni, macedId(prf, s.keys.skPi!, idCodec.serialize(idr)));
    expect(verifyAuth({ method: auth.method, authData: auth.data, key, data: wrongKey }).ok).toBe(false);
    const wrongMessage = signedOctets(request.raw, ni, macedId(prf, s.keys.skPr!, idCodec.serialize(idr)));
    expect(verifyAuth({ method: auth.method, authData: auth.data, key, data: wrongMessage }).ok).toBe(false);
  });
});

describe('shared-key AUTH (§2.15): prf(prf(secret, "Key Pad for IKEv2"), octets)', () => {
  it('the pad is the 17 ASCII characters, without a terminating NUL', () => {
    expect(Buffer.from(KEY_PAD).toString('latin1')).toBe('Key Pad for IKEv2');
    expect(KEY_PAD).toHaveLength(17);
  });

  it('equals HMAC-SHA-256 applied twice as the RFC writes it, and verifies only with the same secret', () => {
    const prf = prfAlgorithm(PrfId.PRF_HMAC_SHA2_256)!;
    const secret = new TextEncoder().encode('psk-lab-secret-7c1f');
    const octets = new TextEncoder().encode('RealMessage1 | NonceRData | MACedIDForI');
    const expected = hmac('sha256', hmac('sha256', secret, KEY_PAD), octets);
    const auth = sharedKeyAuth(prf, secret, octets);
    expect(Buffer.from(auth).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(verifySharedKeyAuth(prf, secret, octets, auth)).toBe(true);
    expect(verifySharedKeyAuth(prf, new TextEncoder().encode('other'), octets, auth)).toBe(false);
  });
});
