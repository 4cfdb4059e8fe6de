/**
 * Distinguished names (X.501 Name, RFC 5280 §4.1.2.4) as text: an ID_DER_ASN1_DN identity
 * (RFC 7296 §3.5 "the binary Distinguished Encoding Rules (DER) encoding of an ASN.1 X.500
 * Distinguished Name") and a certificate's subject and issuer.
 *
 * The text is "C=CH, O=strongSwan, CN=vpn.example.net": RDNs in their ASN.1 order (first RDN
 * first, as strongSwan and Wireshark print them — RFC 4514 §2.1 would reverse them), joined
 * by ", ", the attributes of a multi-valued RDN joined by "+", values escaped as RFC 4514 §2.4
 * says so that the text reads back unambiguously, and a value that is not a string written as
 * "#" and the hex of its DER encoding (§2.4 again).
 */
import { fail, ok, type Decoded } from '../problem.js';
import { hex } from './bytes.js';
import { Tag, encoding, expectConstructed, readOid, readString, readWhole, type Tlv } from './der.js';
import { DN_ATTRIBUTES } from './oids.js';

export interface DnAttribute {
  /** Attribute type OID, dotted. */
  readonly oid: string;
  /** Short key ("CN", "O", "E", …), or the dotted OID for a type without one. */
  readonly key: string;
  /** The value as text (unescaped), or "#" + hex of its DER encoding when it is not a string. */
  readonly value: string;
  /** True when `value` is the "#hex" form of a value that is not a character string. */
  readonly hexEncoded?: true;
}

export interface DistinguishedName {
  /** Relative distinguished names in ASN.1 order; each holds one or more attributes. */
  readonly rdns: readonly (readonly DnAttribute[])[];
  /** The rendered text (see the module comment); "" for the empty name. */
  readonly text: string;
}

/** RFC 4514 §2.4: the characters escaped anywhere, and the positions that need care. */
function escapeValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    const code = ch.charCodeAt(0);
    if ('"+,;<>\\'.includes(ch)) out += `\\${ch}`;
    else if ((i === 0 && (ch === '#' || ch === ' ')) || (i === v.length - 1 && ch === ' ')) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

export function formatRdns(rdns: readonly (readonly DnAttribute[])[]): string {
  return rdns.map((rdn) => rdn.map((a) => `${a.key}=${a.hexEncoded ? a.value : escapeValue(a.value)}`).join('+')).join(', ');
}

/** A Name element already read (inside a certificate, a GeneralName's directoryName, …). */
export function decodeDnTlv(name: Tlv): Decoded<DistinguishedName> {
  const rdnSeq = expectConstructed(name, Tag.SEQUENCE, 'Name');
  if (!rdnSeq.ok) return rdnSeq;
  const rdns: DnAttribute[][] = [];
  for (const set of rdnSeq.value) {
    const atvs = expectConstructed(set, Tag.SET, 'RelativeDistinguishedName');
    if (!atvs.ok) return atvs;
    if (atvs.value.length === 0) return fail(set.start, 'Name: empty RelativeDistinguishedName');
    const rdn: DnAttribute[] = [];
    for (const atv of atvs.value) {
      const parts = expectConstructed(atv, Tag.SEQUENCE, 'AttributeTypeAndValue');
      if (!parts.ok) return parts;
      if (parts.value.length !== 2) return fail(atv.start, `Name: AttributeTypeAndValue has ${parts.value.length} elements, not 2`);
      const oid = readOid(parts.value[0]!);
      if (!oid.ok) return oid;
      const v = parts.value[1]!;
      const text = readString(v);
      const key = DN_ATTRIBUTES.get(oid.value) ?? oid.value;
      rdn.push(text !== undefined ? { oid: oid.value, key, value: text } : { oid: oid.value, key, value: `#${hex(encoding(v))}`, hexEncoded: true });
    }
    rdns.push(rdn);
  }
  return ok({ rdns, text: formatRdns(rdns) });
}

/** A DER Name that fills `der` exactly, as an ID_DER_ASN1_DN identity carries it. */
export function decodeDn(der: Uint8Array): Decoded<DistinguishedName> {
  const t = readWhole(der);
  return t.ok ? decodeDnTlv(t.value) : t;
}

/** The values of one attribute ("CN", "O", … or a dotted OID), in order. */
export function dnValues(dn: DistinguishedName, key: string): string[] {
  return dn.rdns.flat().filter((a) => a.key === key || a.oid === key).map((a) => a.value);
}
