// IDi/IDr identities as text for every ID type: the lab's FQDN, IPv4 and DN identities,
// constructed ID_DER_ASN1_GN (each GeneralName kind), ID_KEY_ID as hex, ID_NULL, and
// malformed DER as a value. The view leaves the payload (and its bytes) as they were.
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hex } from '../../src/ikev2/bytes.js';
import { makeId } from '../../src/ikev2/payloads/id.js';
import { serializePayloadBody } from '../../src/ikev2/payload.js';
import { IdType } from '../../src/ikev2/registry/id-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { identityOf } from '../../src/ikev2/views.js';
import { decrypted } from './support/decrypted.js';

const tlv = (tag: number, ...c: Uint8Array[]) => { const b = concat(c); return concat([Uint8Array.of(tag, b.length), b]); };
const ascii = (s: string) => new TextEncoder().encode(s);
const gn = (data: Uint8Array) => identityOf(makeId(PayloadType.IDi, IdType.ID_DER_ASN1_GN, data));

describe('identities', () => {
  it('every identity in the lab captures reads as text; the DN ones as their names', async () => {
    const seen = new Set<string>();
    for (const name of ['eap-mschapv2-ping', 'production-windows', 'ip-fragmented-auth']) {
      for (const m of await decrypted(name)) {
        for (const p of m.inner) {
          if ((p.type !== PayloadType.IDi && p.type !== PayloadType.IDr) || 'raw' in p) continue;
          const before = hex(serializePayloadBody(p));
          const v = identityOf(p);
          expect(v.ok).toBe(true);
          if (v.ok) seen.add(`${p.type === PayloadType.IDi ? 'IDi' : 'IDr'} ${p.idType} ${v.value.text}`);
          expect(hex(serializePayloadBody(p))).toBe(before);
        }
      }
    }
    expect([...seen].sort()).toEqual([
      'IDi 1 198.51.100.2',
      'IDr 2 vpn.example.net',
      'IDr 9 C=XX, O=ikescope lab, CN=vpn.example.net',
    ]);
  });

  it('ID_DER_ASN1_GN: each GeneralName kind', () => {
    const cases: [Uint8Array, string][] = [
      [tlv(0x82, ascii('vpn.example.net')), 'DNS:vpn.example.net'],
      [tlv(0x81, ascii('alice@example.com')), 'email:alice@example.com'],
      [tlv(0x86, ascii('https://vpn.example.net/')), 'URI:https://vpn.example.net/'],
      [tlv(0x87, fromHex('c6336401')), 'IP:198.51.100.1'],
      [tlv(0x87, fromHex('20010db8000000000000000000000001')), 'IP:2001:db8::1'],
      [tlv(0xa4, tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, fromHex('550403')), tlv(0x0c, ascii('gw')))))), 'DirName:CN=gw'],
      [tlv(0xa0, tlv(0x06, fromHex('2b06010401823714 0203')), tlv(0xa0, tlv(0x0c, ascii('alice@corp')))), 'othername:UPN:alice@corp'],
      [tlv(0x88, fromHex('2a0304')), 'RID:1.2.3.4'],
    ];
    for (const [der, want] of cases) {
      const v = gn(der);
      expect(v.ok && v.value.text, hex(der)).toBe(want);
    }
  });

  it('ID_KEY_ID is hex; ID_NULL is empty; addresses and names are the codec\'s value', () => {
    expect(identityOf(makeId(PayloadType.IDi, IdType.ID_KEY_ID, fromHex('00ff10')))).toEqual({ ok: true, value: { text: '00ff10' } });
    expect(identityOf(makeId(PayloadType.IDi, IdType.ID_NULL, new Uint8Array(0)))).toEqual({ ok: true, value: { text: '' } });
    expect(identityOf(makeId(PayloadType.IDi, IdType.ID_RFC822_ADDR, 'DOMAIN\\user'))).toEqual({ ok: true, value: { text: 'DOMAIN\\user' } });
    expect(identityOf(makeId(PayloadType.IDr, IdType.ID_IPV6_ADDR, '2001:db8::1'))).toEqual({ ok: true, value: { text: '2001:db8::1' } });
  });

  it('malformed DN and GN data is a value with an offset', () => {
    const bad: [number, Uint8Array, RegExp][] = [
      [IdType.ID_DER_ASN1_DN, fromHex('3005310330'), /past the end/],
      [IdType.ID_DER_ASN1_DN, fromHex('0c03616263'), /not a SEQUENCE/],
      [IdType.ID_DER_ASN1_DN, new Uint8Array(0), /no element/],
      [IdType.ID_DER_ASN1_GN, tlv(0x0c, ascii('not context')), /context tag/],
      [IdType.ID_DER_ASN1_GN, tlv(0xa2, tlv(0x16, ascii('x'))), /constructed/],
      [IdType.ID_DER_ASN1_GN, tlv(0x88, fromHex('80')), /registeredID/],
      [IdType.ID_DER_ASN1_GN, concat([tlv(0x82, ascii('a')), Uint8Array.of(0)]), /after the element/],
    ];
    for (const [type, data, reason] of bad) {
      const p = makeId(PayloadType.IDi, type, data);
      let v: ReturnType<typeof identityOf> | undefined;
      expect(() => { v = identityOf(p); }).not.toThrow();
      expect(v!.ok, hex(data)).toBe(false);
      if (!v!.ok) {
        expect(v!.reason).toMatch(reason);
        expect(v!.offset).toBeLessThanOrEqual(data.length);
      }
    }
  });
});
