// Distinguished names as text (ID_DER_ASN1_DN identities, certificate subjects and issuers):
// strongSwan's order ("C=…, O=…, CN=…"), RFC 4514 escaping, multi-valued RDNs, every string
// type, non-string values as #hex, and malformed names as values. Oracles: openssl on the
// fixture certificate and on certificates it makes, and the names the lab gateway sends.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concat, hex } from '../../src/ikev2/bytes.js';
import { IdType } from '../../src/ikev2/registry/id-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { decodeCertificate, decodeDn, dnValues, identityOf } from '../../src/ikev2/views.js';
import { ROOT } from '../helpers/cli.js';
import { innerOfType } from './support/decrypted.js';
import { makeCert, opensslMissing, opensslView } from './support/openssl.js';

/** DER TLV with a definite length (short or long form). */
function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat([Uint8Array.of(tag, ...len), body]);
}
const oid = (...b: number[]) => tlv(0x06, Uint8Array.from(b));
const CN = oid(0x55, 0x04, 0x03);
const O = oid(0x55, 0x04, 0x0a);
const atv = (type: Uint8Array, value: Uint8Array) => tlv(0x30, type, value);
const rdn = (...atvs: Uint8Array[]) => tlv(0x31, ...atvs);
const name = (...rdns: Uint8Array[]) => tlv(0x30, ...rdns);
const str = (tag: number, s: Uint8Array | string) => tlv(tag, typeof s === 'string' ? new TextEncoder().encode(s) : s);

const text = (der: Uint8Array): string => {
  const r = decodeDn(der);
  if (!r.ok) throw new Error(`${r.reason} at ${r.offset}`);
  return r.value.text;
};

describe('DN text', () => {
  it.skipIf(opensslMissing())('the IDr of production-windows (ID_DER_ASN1_DN) reads as openssl reads the certificate subject', async () => {
    const ids = (await innerOfType('production-windows', PayloadType.IDr)).map((x) => x.payload).filter((p) => p.idType === IdType.ID_DER_ASN1_DN);
    expect(ids).toHaveLength(1);
    const v = identityOf(ids[0]!);
    expect(v.ok && v.value.text).toBe(opensslView(join(ROOT, 'fixtures/gateways/production-windows/x509/vpn.example.net.pem')).subject);
    expect(v.ok && v.value.text).toBe('C=XX, O=ikescope lab, CN=vpn.example.net');
    expect(v.ok && v.value.dn && dnValues(v.value.dn, 'CN')).toEqual(['vpn.example.net']);
  });

  it.skipIf(opensslMissing())('escaping and multi-valued RDNs as openssl writes them (RFC 4514 §2.4)', () => {
    const { path, der } = makeCert({
      key: 'ec', pkeyopt: ['ec_paramgen_curve:P-256'], multivalueRdn: true,
      // openssl -subj reads a backslash as an escape: the pair in this string is one backslash in the name.
      subject: '/C=CH/O=strong, Swan+OU=R&D/CN=#lead/OU= spaced /O=q"uote;semi<gt>\\\\back/emailAddress=a@b.c/DC=example/UID=u1/serialNumber=42/L=Zürich',
    });
    const o = opensslView(path);
    expect(o.subject).toBe('C=CH, OU=R&D+O=strong\\, Swan, CN=\\#lead, OU=\\ spaced\\ , O=q\\"uote\\;semi\\<gt\\>\\\\back, E=a@b.c, DC=example, UID=u1, serialNumber=42, L=Zürich');
    const c = decodeCertificate(der);
    expect(c.ok && c.value.subject.text).toBe(o.subject);
    // The multi-valued RDN keeps its two attributes, in their DER (SET OF) order.
    expect(c.ok && c.value.subject.rdns[1]!.map((a) => a.key)).toEqual(['OU', 'O']);
  });

  it('string types: UTF8, Printable, IA5, Teletex (Latin-1), BMP, Universal', () => {
    expect(text(name(
      rdn(atv(CN, str(0x0c, 'Zürich'))),
      rdn(atv(CN, str(0x13, 'Printable'))),
      rdn(atv(CN, str(0x16, 'ia5@example'))),
      rdn(atv(CN, str(0x14, Uint8Array.of(0x5a, 0xfc, 0x72)))),
      rdn(atv(CN, str(0x1e, Uint8Array.of(0x00, 0x5a, 0x00, 0xfc, 0x4e, 0x2d)))),
      rdn(atv(CN, str(0x1c, Uint8Array.of(0, 1, 0xf6, 0x00)))),
    ))).toBe('CN=Zürich, CN=Printable, CN=ia5@example, CN=Zür, CN=Zü中, CN=😀');
  });

  it('a value that is not a string is #hex of its DER; an unknown type keeps its OID', () => {
    const int = tlv(0x02, Uint8Array.of(5));
    const r = decodeDn(name(rdn(atv(oid(0x2a, 0x03, 0x04), int)), rdn(atv(O, str(0x13, 'x')))));
    expect(r.ok && r.value.text).toBe('1.2.3.4=#020105, O=x');
    expect(r.ok && r.value.rdns[0]![0]).toEqual({ oid: '1.2.3.4', key: '1.2.3.4', value: '#020105', hexEncoded: true });
    // A PrintableString that holds a non-ASCII octet is not a string either.
    expect(text(name(rdn(atv(CN, str(0x13, Uint8Array.of(0xff))))))).toBe('CN=#1301ff');
  });

  it('control characters are escaped as \\hex, the empty name is ""', () => {
    expect(text(name(rdn(atv(CN, str(0x0c, 'a\nb\x7f')))))).toBe('CN=a\\0ab\\7f');
    expect(text(name())).toBe('');
  });

  it('malformed names are values with the offset of the defect', () => {
    const good = name(rdn(atv(CN, str(0x0c, 'vpn'))));
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, good.length - 1), /past the end/],
      [concat([good, Uint8Array.of(0)]), /after the element/],
      [name(tlv(0x31)), /empty RelativeDistinguishedName/],
      [name(rdn(tlv(0x30, CN, str(0x0c, 'a'), str(0x0c, 'b')))), /3 elements/],
      [name(rdn(atv(str(0x0c, 'x'), str(0x0c, 'a')))), /not an OBJECT IDENTIFIER/],
      [name(rdn(atv(tlv(0x06, Uint8Array.of(0x80)), str(0x0c, 'a')))), /malformed OBJECT IDENTIFIER/],
      [tlv(0x31, rdn()), /not a SEQUENCE/],
      [name(tlv(0x30)), /not a SET/],
      [Uint8Array.of(0x30, 0x84, 1, 0, 0, 0), /too long|past the end/],
    ];
    for (const [der, reason] of cases) {
      const r = decodeDn(der);
      expect(r.ok, hex(der)).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(reason);
        expect(r.offset).toBeGreaterThanOrEqual(0);
        expect(r.offset).toBeLessThanOrEqual(der.length);
      }
    }
  });
});
