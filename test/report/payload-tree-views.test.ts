// What `dump -V` shows under CERT, CERTREQ, IDi/IDr, AUTH and EAP: the decoded views, in the
// tree's style, for a real capture (decrypted in-process) and for constructed payloads the lab
// does not produce (Windows Nak, MSCHAPv2 Failure, EAP-TLS fragments, a broken certificate).
import { describe, expect, it } from 'vitest';
import { concat, fromHex } from '../../src/ikev2/bytes.js';
import { makeId } from '../../src/ikev2/payloads/id.js';
import type { Payload } from '../../src/ikev2/payload.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { messageTree } from '../../src/report/payload-tree.js';
import { decrypted, type DecryptedMessage } from '../ikev2/support/decrypted.js';

async function frame(name: string, n: number): Promise<DecryptedMessage> {
  const m = (await decrypted(name)).find((x) => x.frame === n);
  if (!m) throw new Error(`${name} has no IKE frame ${n}`);
  return m;
}
const tree = (m: DecryptedMessage, inner: readonly Payload[] = m.inner) => messageTree(m.message, inner).map((l) => l.trim());

const eap = (code: number, eapType: number | undefined, typeData: Uint8Array | string): Payload => ({
  type: PayloadType.EAP, code, identifier: 5, ...(eapType !== undefined ? { eapType } : {}),
  typeData: typeof typeData === 'string' ? new TextEncoder().encode(typeData) : typeData,
});

describe('payload tree views', () => {
  it('eap-mschapv2-ping frame 6: IDr, the gateway certificate, the RFC 7427 AUTH, the Identity request', async () => {
    const lines = tree(await frame('eap-mschapv2-ping', 6));
    const at = lines.indexOf('CERT  CERT');
    expect(lines.slice(lines.indexOf('IDr  IDr'), at)).toEqual(['IDr  IDr', 'ID_FQDN: vpn.example.net']);
    expect(lines.slice(at, at + 12)).toEqual([
      'CERT  CERT',
      'X509_SIGNATURE, 884 bytes',
      'subject: C=XX, O=ikescope lab, CN=vpn.example.net',
      'issuer: C=XX, O=ikescope lab, CN=ikescope lab RSA-2048 Root CA',
      'serial: 02fd415d2c05e533, version 3, signature sha256WithRSAEncryption',
      'validity: 2026-11-22T14:39:30Z to 2046-11-17T14:39:30Z',
      'subjectAltName: DNS:vpn.example.net, IP:198.51.100.1',
      'extendedKeyUsage: serverAuth, ikeIntermediate',
      'public key: RSA 2048, CA: no',
      'authority key id: 801bea64eaaba3deb55350af0cc63456a2ded138',
      expect.stringMatching(/^SPKI SHA-1 \(a CERTREQ names this key by it\): [0-9a-f]{40}$/),
      expect.stringMatching(/^SHA-1 thumbprint: [0-9a-f]{40}$/),
    ]);
    expect(lines).toContain('method: DIGITAL_SIGNATURE (14), 272 bytes');
    expect(lines).toContain('signature algorithm: sha256WithRSAEncryption, 256-byte signature');
    expect(lines.slice(-3)).toEqual(['EAP  EAP', 'Request id 0 type Identity', 'identity requested']);
  });

  it('eap-mschapv2-ping frames 7-12: identity, MSCHAPv2 by size and name, the success message', async () => {
    const eapLines = async (n: number) => { const l = tree(await frame('eap-mschapv2-ping', n)); return l.slice(l.indexOf('EAP  EAP') + 1); };
    expect(await eapLines(7)).toEqual(['Response id 0 type Identity', 'identity: "alice"']);
    expect(await eapLines(8)).toEqual(['Request id 86 type MSCHAPv2', 'MSCHAPv2 Challenge, MS-CHAPv2-ID 86, MS-Length 31', 'challenge: 16 bytes (not shown), name: "strongSwan"']);
    expect(await eapLines(9)).toEqual([
      'Response id 86 type MSCHAPv2', 'MSCHAPv2 Response, MS-CHAPv2-ID 86, MS-Length 59',
      'value: peer challenge 16 bytes, NT-Response 24 bytes (not shown), flags 0x00', 'name: "alice"',
    ]);
    expect(await eapLines(10)).toEqual([
      'Request id 87 type MSCHAPv2', 'MSCHAPv2 Success, MS-CHAPv2-ID 86, MS-Length 68',
      'authenticator response: 20 bytes (not shown)', 'message: "Welcome2strongSwan"',
    ]);
    expect(await eapLines(11)).toEqual(['Response id 87 type MSCHAPv2', 'MSCHAPv2 Success (acknowledgement)']);
    expect(await eapLines(12)).toEqual(['Success id 87']);
  });

  it('production-windows: the DN identity and the chain', async () => {
    const all = (await decrypted('production-windows')).flatMap((m) => tree(m));
    expect(all).toContain('ID_DER_ASN1_DN: C=XX, O=ikescope lab, CN=vpn.example.net');
    expect(all).toContain('public key: RSA 4096, CA: yes');
    expect(all).toContain('keyUsage: keyCertSign, cRLSign');
    expect(all).toContain('extendedKeyUsage: (none)');
  });

  it('constructed EAP: a Windows Nak, an MSCHAPv2 Failure, EAP-TLS fragments, a Notification', async () => {
    const m = await frame('eap-mschapv2-ping', 12);
    const lines = tree(m, [
      eap(2, 3, Uint8Array.of(26)),
      eap(1, 26, concat([Uint8Array.of(4, 3, 0, 67), new TextEncoder().encode('E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=bad password')])),
      eap(1, 13, concat([Uint8Array.of(0xc0, 0, 0, 0x0b, 0xb8), fromHex('1603030050'), new Uint8Array(4).fill(2)])),
      eap(2, 13, Uint8Array.of(0)),
      eap(2, 1, 'CORP\\bob'),
      eap(1, 2, 'Password expires in 3 days'),
    ]);
    expect(lines).toEqual(expect.arrayContaining([
      'Response id 5 type Nak', 'desired: MSCHAPv2 (26)',
      'MSCHAPv2 Failure, MS-CHAPv2-ID 3, MS-Length 67',
      'error: 691 ERROR_AUTHENTICATION_FAILURE (authentication failure), retry not allowed, version 3',
      'new challenge: 16 bytes (not shown)', 'message: "bad password"',
      'TLS: flags 0xc0 [L M], TLS message length 3000, fragment 9 bytes',
      'TLS records: handshake ServerHello [TLS 1.2, 80 bytes, continues]',
      'TLS: flags 0x00, acknowledgement (no data)',
      'identity: "CORP\\bob"',
      'message: "Password expires in 3 days"',
    ]));
  });

  it('what does not decode says why, with the offset', async () => {
    const m = await frame('eap-mschapv2-ping', 6);
    const cert = m.inner.find((p) => p.type === PayloadType.CERT)!;
    if (!('data' in cert)) throw new Error('no cert');
    const broken = { ...cert, data: cert.data.subarray(0, 300) } as Payload;
    const badDn = makeId(PayloadType.IDr, 9, fromHex('3005310330'));
    const lines = tree(m, [broken, badDn, eap(1, 26, Uint8Array.of(1, 1)), { type: PayloadType.AUTH, method: 14, data: Uint8Array.of(40, 0x30) }]);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^certificate not decoded: DER: element of \d+ octets runs \d+ past the end \(offset \d+\)$/),
      expect.stringMatching(/^ID_DER_ASN1_DN: 3005310330 — not decoded: .*past the end \(offset \d+\)$/),
      'method data not decoded: MSCHAPv2 Challenge of 2 octets has no MS-CHAPv2-ID and MS-Length (offset 5)',
      'signature algorithm not decoded: RFC 7427: ASN.1 Length 40 runs past the 1 octets that follow (offset 0)',
    ]));
  });
});
