/**
 * X.509 GeneralName (RFC 5280 §4.2.1.6): the entries of a subjectAltName extension, and the
 * ID_DER_ASN1_GN identity (RFC 7296 §3.5 "the binary DER encoding of an ASN.1 X.509
 * GeneralName").
 *
 *   GeneralName ::= CHOICE { otherName [0], rfc822Name [1] IA5String, dNSName [2] IA5String,
 *     x400Address [3], directoryName [4] Name, ediPartyName [5],
 *     uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING, registeredID [8] OID }
 */
import { formatIPv4, formatIPv6 } from '../net/address.js';
import { fail, ok, type Decoded } from '../problem.js';
import { hex } from './bytes.js';
import { TagClass, children, contents, decodeOid, readString, readWhole, type Tlv } from './der.js';
import { decodeDnTlv, type DistinguishedName } from './dn.js';

export type GeneralNameKind = 'other' | 'email' | 'dns' | 'x400' | 'dn' | 'edi' | 'uri' | 'ip' | 'registered-id';

export interface GeneralName {
  readonly kind: GeneralNameKind;
  /** Text: the name, the address, the DN text, the OID, or hex where there is no text form. */
  readonly value: string;
  /** otherName: its type-id (1.3.6.1.4.1.311.20.2.3 is Microsoft's UPN). */
  readonly typeId?: string;
  /** directoryName: the parsed name. */
  readonly dn?: DistinguishedName;
}

const KINDS: readonly GeneralNameKind[] = ['other', 'email', 'dns', 'x400', 'dn', 'edi', 'uri', 'ip', 'registered-id'];
const PREFIX: Record<GeneralNameKind, string> = {
  other: 'othername', email: 'email', dns: 'DNS', x400: 'X400', dn: 'DirName', edi: 'EdiPartyName',
  uri: 'URI', ip: 'IP', 'registered-id': 'RID',
};
const OTHER_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.3.6.1.4.1.311.20.2.3', 'UPN'], // Microsoft User Principal Name
  ['1.3.6.1.5.5.7.8.9', 'SmtpUTF8Mailbox'], // RFC 8398
]);

/** IA5String content, read as the ASCII it should be (octets above 0x7f kept as Latin-1). */
function ia5(c: Uint8Array): string {
  let s = '';
  for (let i = 0; i < c.length; i++) s += String.fromCharCode(c[i]!);
  return s;
}

/** "DNS:vpn.example.net", "IP:198.51.100.1", "email:…", "URI:…", "DirName:C=…", "othername:UPN:…". */
export function formatGeneralName(g: GeneralName): string {
  if (g.kind === 'other') return `othername:${OTHER_NAMES.get(g.typeId ?? '') ?? g.typeId ?? '?'}:${g.value}`;
  return `${PREFIX[g.kind]}:${g.value}`;
}

/** One GeneralName element already read. */
export function decodeGeneralNameTlv(t: Tlv): Decoded<GeneralName> {
  if (t.tagClass !== TagClass.CONTEXT || t.tag > 8) return fail(t.start, 'GeneralName: not a context tag [0]..[8]');
  const kind = KINDS[t.tag]!;
  const c = contents(t);
  switch (kind) {
    case 'email': case 'dns': case 'uri':
      if (t.constructed) return fail(t.start, `GeneralName ${PREFIX[kind]}: constructed where an IA5String is expected`);
      return ok({ kind, value: ia5(c) });
    case 'ip':
      if (t.constructed) return fail(t.start, 'GeneralName iPAddress: constructed where an OCTET STRING is expected');
      return ok({ kind, value: c.length === 4 ? formatIPv4(c) : c.length === 16 ? formatIPv6(c) : hex(c) });
    case 'registered-id': {
      const oid = t.constructed ? undefined : decodeOid(c);
      return oid === undefined ? fail(t.valueStart, 'GeneralName registeredID: malformed OID') : ok({ kind, value: oid });
    }
    case 'dn': {
      // [4] is EXPLICIT (Name is a CHOICE): one Name inside.
      const inner = children(t);
      if (!inner.ok) return inner;
      if (inner.value.length !== 1) return fail(t.start, 'GeneralName directoryName: not exactly one Name');
      const dn = decodeDnTlv(inner.value[0]!);
      return dn.ok ? ok({ kind, value: dn.value.text, dn: dn.value }) : dn;
    }
    case 'other': {
      // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }, IMPLICIT [0].
      const parts = children(t);
      if (!parts.ok) return parts;
      const [id, val] = parts.value;
      const typeId = id && !id.constructed && id.tagClass === TagClass.UNIVERSAL ? decodeOid(contents(id)) : undefined;
      if (typeId === undefined || !val || parts.value.length !== 2) return fail(t.start, 'GeneralName otherName: not { type-id, [0] value }');
      const inner = val.constructed ? children(val) : undefined;
      const first = inner?.ok && inner.value.length === 1 ? inner.value[0] : undefined;
      const text = first ? readString(first) : undefined;
      return ok({ kind, typeId, value: text ?? hex(contents(val)) });
    }
    default:
      return ok({ kind, value: hex(c) });
  }
}

/** An ID_DER_ASN1_GN identity: one GeneralName filling the data. */
export function decodeGeneralName(der: Uint8Array): Decoded<GeneralName> {
  const t = readWhole(der);
  return t.ok ? decodeGeneralNameTlv(t.value) : t;
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName (a subjectAltName's value). */
export function decodeGeneralNamesTlv(seq: Tlv): Decoded<GeneralName[]> {
  if (seq.tagClass !== TagClass.UNIVERSAL || seq.tag !== 16) return fail(seq.start, 'GeneralNames: not a SEQUENCE');
  const items = children(seq);
  if (!items.ok) return items;
  const out: GeneralName[] = [];
  for (const t of items.value) {
    const g = decodeGeneralNameTlv(t);
    if (!g.ok) return g;
    out.push(g.value);
  }
  return ok(out);
}
