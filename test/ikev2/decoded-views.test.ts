// Decoded views next to the wire bytes: ID values, CERTREQ CA hashes, notify data, CP values,
// EAP identity and Nak, RFC 7427 signature parts, Hash-and-URL certificates.
import { describe, expect, it } from 'vitest';
import {
  AuthMethod,
  CertEncoding,
  CpAttributeType,
  EapCode,
  EapType,
  IdType,
  NotifyType,
  PayloadType,
  ProtocolId,
  certHashAndUrl,
  digitalSignatureParts,
  eapIdentity,
  eapNakTypes,
  fromHex,
  hex,
  makeCertReq,
  makeCpAttribute,
  makeId,
  makeNotify,
  parsePayloadBody,
  serializePayloadBody,
  type EapPayload,
} from '../../src/ikev2/index.js';
import { bytes } from './support/build.js';

describe('ID payloads', () => {
  it('decode addresses and names, keep DN bytes', () => {
    expect(makeId(PayloadType.IDi, IdType.ID_IPV4_ADDR, '203.0.113.7').value).toBe('203.0.113.7');
    expect(hex(makeId(PayloadType.IDi, IdType.ID_IPV4_ADDR, '203.0.113.7').data)).toBe('cb007107');
    expect(makeId(PayloadType.IDr, IdType.ID_IPV6_ADDR, '2001:DB8::1').value).toBe('2001:db8::1');
    expect(makeId(PayloadType.IDi, IdType.ID_RFC822_ADDR, 'alice@example.com').value).toBe('alice@example.com');
    const dn = makeId(PayloadType.IDr, IdType.ID_DER_ASN1_DN, fromHex('3000'));
    expect(dn.value).toBeUndefined();
    expect(hex(dn.data)).toBe('3000');
    expect(() => makeId(PayloadType.IDi, IdType.ID_IPV4_ADDR, 'not-an-address')).toThrow(RangeError);
  });
  it('IDr parses as IDr from the same layout', () => {
    const body = serializePayloadBody(makeId(PayloadType.IDi, IdType.ID_FQDN, 'gw.example.net'));
    const r = parsePayloadBody(body, { type: PayloadType.IDr, nextPayload: 0 });
    expect(r.ok && r.value).toMatchObject({ type: PayloadType.IDr, value: 'gw.example.net' });
  });
});

describe('CERTREQ', () => {
  it('splits SHA-1 CA key hashes into 20-octet keys', () => {
    const p = makeCertReq([bytes(20, 1), bytes(20, 2), bytes(20, 3)]);
    const r = parsePayloadBody(serializePayloadBody(p), { type: PayloadType.CERTREQ, nextPayload: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.type !== PayloadType.CERTREQ || 'raw' in r.value) return;
    expect(r.value.caHashes?.map(hex)).toEqual([bytes(20, 1), bytes(20, 2), bytes(20, 3)].map(hex));
  });
  it('leaves the field whole when it cannot be a hash list', () => {
    const body = Uint8Array.of(CertEncoding.X509_SIGNATURE, ...bytes(21));
    const r = parsePayloadBody(body, { type: PayloadType.CERTREQ, nextPayload: 0 });
    expect(r.ok && 'caHashes' in r.value).toBe(false);
  });
});

describe('Notify data', () => {
  it.each([
    [NotifyType.NAT_DETECTION_SOURCE_IP, bytes(20), { kind: 'nat-detection', hash: bytes(20) }],
    [NotifyType.COOKIE, bytes(8), { kind: 'cookie', cookie: bytes(8) }],
    [NotifyType.INVALID_KE_PAYLOAD, fromHex('0013'), { kind: 'invalid-ke', group: 19 }],
    [NotifyType.SIGNATURE_HASH_ALGORITHMS, fromHex('000200030004'), { kind: 'hash-algorithms', algorithms: [2, 3, 4] }],
    [NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, fromHex('80'), { kind: 'payload-type', payloadType: 128 }],
    [NotifyType.INVALID_MESSAGE_ID, fromHex('00000007'), { kind: 'message-id', messageId: 7 }],
    [NotifyType.AUTH_LIFETIME, fromHex('00000e10'), { kind: 'number', value: 3600 }],
    [NotifyType.ADDITIONAL_IP4_ADDRESS, fromHex('c6336402'), { kind: 'address', address: '198.51.100.2' }],
    [NotifyType.ADDITIONAL_IP6_ADDRESS, fromHex('20010db8000000000000000000000002'), { kind: 'address', address: '2001:db8::2' }],
    [NotifyType.IPCOMP_SUPPORTED, fromHex('010002'), { kind: 'ipcomp', cpi: 256, transformId: 2 }],
    [NotifyType.REDIRECT, fromHex('0304'), undefined], // identity length past the data
  ])('type %i', (type, data, decoded) => {
    expect(makeNotify(type, data).decoded).toEqual(decoded);
  });
  it('REDIRECT names the new gateway and keeps the nonce', () => {
    const fqdn = new TextEncoder().encode('gw2.example.net');
    const data = Uint8Array.of(3, fqdn.length, ...fqdn, ...bytes(16));
    expect(makeNotify(NotifyType.REDIRECT, data).decoded).toEqual({ kind: 'redirect', gatewayType: 3, gateway: 'gw2.example.net', nonce: bytes(16) });
    expect(makeNotify(NotifyType.REDIRECT, fromHex('0104c6336401')).decoded).toEqual({ kind: 'redirect', gatewayType: 1, gateway: '198.51.100.1' });
  });
  it('REKEY_SA and friends take the SPI field', () => {
    const n = makeNotify(NotifyType.REKEY_SA, undefined, { protocolId: ProtocolId.ESP, spi: fromHex('a47b20ac') });
    expect(n.decoded).toEqual({ kind: 'rekey-sa', protocolId: ProtocolId.ESP, spi: fromHex('a47b20ac') });
    expect(makeNotify(NotifyType.CHILD_SA_NOT_FOUND, undefined, { protocolId: 3, spi: fromHex('01020304') }).decoded).toEqual({ kind: 'spi', spi: fromHex('01020304') });
  });
  it('data that does not fit its type gets no view, and no error', () => {
    expect(makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, bytes(19)).decoded).toBeUndefined();
    expect(makeNotify(NotifyType.INVALID_KE_PAYLOAD, bytes(3)).decoded).toBeUndefined();
    expect(makeNotify(NotifyType.COOKIE, bytes(65)).decoded).toBeUndefined();
  });
});

describe('CP attribute values', () => {
  it.each([
    [CpAttributeType.INTERNAL_IP4_ADDRESS, 'c0000201', { kind: 'ip4', address: '192.0.2.1' }],
    [CpAttributeType.INTERNAL_IP4_SERVER, 'c0000201', { kind: 'ip4', address: '192.0.2.1' }],
    [CpAttributeType.INTERNAL_IP6_SERVER, '20010db8000000000000000000000001', { kind: 'ip6', address: '2001:db8::1' }],
    [CpAttributeType.INTERNAL_IP6_ADDRESS, '20010db800000000000000000000000140', { kind: 'ip6-prefix', address: '2001:db8::1', prefixLength: 64 }],
    [CpAttributeType.INTERNAL_IP4_SUBNET, 'c0000200ffffff00', { kind: 'ip4-subnet', address: '192.0.2.0', netmask: '255.255.255.0' }],
    [CpAttributeType.INTERNAL_DNS_DOMAIN, hex(new TextEncoder().encode('corp.example')), { kind: 'text', text: 'corp.example' }],
    [CpAttributeType.TIMEOUT_PERIOD_FOR_LIVENESS_CHECK, '0000003c', { kind: 'number', value: 60 }],
    [CpAttributeType.SUPPORTED_ATTRIBUTES, '0001000200030004', { kind: 'attribute-list', types: [1, 2, 3, 4] }],
    [CpAttributeType.INTERNAL_IP4_ADDRESS, '', undefined],
    [CpAttributeType.INTERNAL_IP4_ADDRESS, 'c00002', undefined],
  ])('attribute %i = %s', (type, h, decoded) => {
    expect(makeCpAttribute(type, fromHex(h)).decoded).toEqual(decoded);
  });
});

describe('EAP', () => {
  const eap = (code: number, eapType: number, typeData: Uint8Array): EapPayload => ({ type: PayloadType.EAP, code, identifier: 7, eapType, typeData });
  it('reads the identity of an Identity Response', () => {
    expect(eapIdentity(eap(EapCode.RESPONSE, EapType.IDENTITY, new TextEncoder().encode('CORP\\alice')))).toBe('CORP\\alice');
    expect(eapIdentity(eap(EapCode.REQUEST, EapType.IDENTITY, new Uint8Array(0)))).toBeUndefined();
  });
  it('reads the methods a Nak asks for (Windows NAKs TLS for MSCHAPv2)', () => {
    expect(eapNakTypes(eap(EapCode.RESPONSE, EapType.NAK, Uint8Array.of(26)))).toEqual([26]);
  });
  it('keeps octets beyond the EAP Length and writes them back', () => {
    const body = fromHex('0307000400ff');
    const r = parsePayloadBody(body, { type: PayloadType.EAP, nextPayload: 0 });
    expect(r.ok && r.value).toMatchObject({ code: 3, identifier: 7, trailing: fromHex('00ff') });
    if (r.ok) expect(hex(serializePayloadBody(r.value))).toBe('0307000400ff');
  });
});

describe('AUTH and CERT views', () => {
  it('splits an RFC 7427 Digital Signature into AlgorithmIdentifier and signature', () => {
    const algId = fromHex('300d06092a864886f70d01010b0500');
    const data = Uint8Array.of(algId.length, ...algId, ...bytes(256));
    const parts = digitalSignatureParts({ type: PayloadType.AUTH, method: AuthMethod.DIGITAL_SIGNATURE, data });
    expect(parts && hex(parts.algorithmIdentifier)).toBe(hex(algId));
    expect(parts?.signature.length).toBe(256);
    expect(digitalSignatureParts({ type: PayloadType.AUTH, method: AuthMethod.SHARED_KEY_MIC, data })).toBeUndefined();
  });
  it('reads Hash and URL certificates', () => {
    const url = 'http://ca.example/gw.der';
    const data = Uint8Array.of(...bytes(20), ...new TextEncoder().encode(url));
    expect(certHashAndUrl({ type: PayloadType.CERT, encoding: CertEncoding.HASH_URL_X509_CERT, data })?.url).toBe(url);
    expect(certHashAndUrl({ type: PayloadType.CERT, encoding: CertEncoding.X509_SIGNATURE, data })).toBeUndefined();
  });
});
