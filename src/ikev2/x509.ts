/**
 * A read-only summary of an X.509 certificate (RFC 5280) as a CERT payload carries it
 * (RFC 7296 §3.6, encoding 4 "X.509 Certificate - Signature": "a DER-encoded X.509
 * certificate"), for the payload tree and the certificate lint rules.
 *
 * node:crypto (OpenSSL) reads the certificate: it has to accept it, and it gives the extended
 * key usage, the CA flag, the public key's type and size, and the fingerprints. The DER reader
 * (./der.ts) reads what node:crypto leaves as text or does not give: the names (so a subject
 * prints exactly as an ID_DER_ASN1_DN identity does), the subjectAltName entries, the validity
 * as ISO dates, the key usage bits, the key identifiers, the CRL and AIA locations, and the
 * exact SubjectPublicKeyInfo octets whose SHA-1 hash is what a CERTREQ names a CA by (RFC 7296
 * §3.7: "The Certification Authority value is a concatenated list of SHA-1 hashes of the
 * public keys of trusted Certification Authorities (CAs). Each is encoded as the SHA-1 hash of
 * the Subject Public Key Info element (see section 4.1.2.7 of [PKIX]) from each Trust Anchor
 * certificate.").
 *
 * Malformed input is a `Decoded` failure with an offset into the certificate data; nothing
 * here throws.
 */
import { X509Certificate, createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { fail, ok, type Decoded } from '../problem.js';
import { equalBytes } from './bytes.js';
import {
  Tag, TagClass, children, contents, encoding, isContext, isUniversal, readBitString, readBoolean, readIntegerHex, readOid,
  readSmallInt, readTime, readTlv, readWhole, type Tlv,
} from './der.js';
import { decodeDnTlv, type DistinguishedName } from './dn.js';
import { decodeGeneralNameTlv, decodeGeneralNamesTlv, type GeneralName } from './general-name.js';
import { CURVE_OIDS, EKU_NAMES, KEY_ALGORITHMS, OPENSSL_CURVES } from './oids.js';
import type { CertPayload } from './payloads/cert.js';
import { CertEncoding } from './registry/cert-encodings.js';
import { decodeSignatureAlgorithmTlv, type SignatureAlgorithm } from './signature-algorithm.js';

export interface PublicKeyInfo {
  /** "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA", … or the algorithm OID. */
  readonly algorithm: string;
  /** SubjectPublicKeyInfo algorithm OID. */
  readonly oid: string;
  /** Modulus size for RSA and DSA, the field size for EC. */
  readonly bits?: number;
  /** Named curve for EC keys: "P-256", "P-384", "P-521", or the curve OID. */
  readonly curve?: string;
  /** "RSA 2048", "EC P-256", "Ed25519". */
  readonly label: string;
}

export interface KeyPurpose {
  readonly oid: string;
  /** "serverAuth", "clientAuth", "ikeIntermediate", "ipsecIKE", …; undefined when unknown. */
  readonly name?: string;
}

export interface CertificateSummary {
  /** 1, 2 or 3. */
  readonly version: number;
  /** Serial number, lower-case hex of the INTEGER as encoded. */
  readonly serial: string;
  readonly subject: DistinguishedName;
  /** The subject Name as encoded: what an ID_DER_ASN1_DN identity of this certificate carries (RFC 7296 §3.5). */
  readonly subjectDer: Uint8Array;
  readonly issuer: DistinguishedName;
  /** ISO 8601 UTC, e.g. "2026-11-22T14:39:30Z". */
  readonly notBefore: string;
  readonly notAfter: string;
  /** subjectAltName entries in order; empty when the extension is absent. */
  readonly subjectAltNames: readonly GeneralName[];
  /** Extended key usage purposes; undefined when the certificate has no EKU extension. */
  readonly extendedKeyUsage?: readonly KeyPurpose[];
  /** keyUsage bits by RFC 5280 name; undefined when the extension is absent. */
  readonly keyUsage?: readonly string[];
  /** basicConstraints cA. */
  readonly ca: boolean;
  readonly pathLength?: number;
  readonly publicKey: PublicKeyInfo;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** Subject and issuer are the same name (a root, or another self-issued certificate). */
  readonly selfIssued: boolean;
  readonly subjectKeyId?: Uint8Array;
  readonly authorityKeyId?: Uint8Array;
  /** URIs of the CRL distribution points (Windows checks revocation). */
  readonly crlUris: readonly string[];
  /** authorityInfoAccess: OCSP responders and CA issuer locations. */
  readonly ocspUris: readonly string[];
  readonly caIssuersUris: readonly string[];
  /** SHA-1 of the SubjectPublicKeyInfo element: the hash a CERTREQ names this key (as a CA) by. */
  readonly spkiSha1: Uint8Array;
  /** SHA-1 and SHA-256 over the whole certificate (the fingerprints tools show). */
  readonly sha1Fingerprint: Uint8Array;
  readonly sha256Fingerprint: Uint8Array;
}

const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(EXT));

/** RFC 5280 §4.2.1.3 KeyUsage bits, in bit order. */
const KEY_USAGE_BITS = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign',
  'encipherOnly', 'decipherOnly',
] as const;

const sha = (alg: 'sha1' | 'sha256', b: Uint8Array): Uint8Array => new Uint8Array(createHash(alg).update(b).digest());

function expectSeq(t: Tlv | undefined, what: string, at: number): Decoded<Tlv[]> {
  if (!t) return fail(at, `certificate: ${what} missing`);
  if (!isUniversal(t, Tag.SEQUENCE) || !t.constructed) return fail(t.start, `certificate: ${what} is not a SEQUENCE`);
  return children(t);
}

/** The one element inside an EXPLICIT tag, or the extension value's single element. */
function single(t: Tlv, what: string): Decoded<Tlv> {
  const c = children(t);
  if (!c.ok) return c;
  return c.value.length === 1 ? ok(c.value[0]!) : fail(t.start, `${what}: not exactly one element`);
}

/** The element an extension's OCTET STRING wraps. */
function extensionValue(octets: Tlv, what: string): Decoded<Tlv> {
  const t = readTlv(octets.buf, octets.valueStart, octets.end);
  if (!t.ok) return t;
  if (t.value.end !== octets.end) return fail(t.value.end, `${what}: octets after the value`);
  return t;
}

function keyLabel(algorithm: string, bits: number | undefined, curve: string | undefined): string {
  if (curve) return `${algorithm} ${curve}`;
  return bits ? `${algorithm} ${bits}` : algorithm;
}

const CURVE_BITS: Record<string, number> = { 'P-192': 192, 'P-224': 224, 'P-256': 256, 'P-384': 384, 'P-521': 521 };

/** Bit length of a big-endian unsigned INTEGER's contents. */
function integerBits(c: Uint8Array): number {
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  const top = c[i] ?? 0;
  return (c.length - i - 1) * 8 + (top === 0 ? 0 : 32 - Math.clz32(top));
}

/** The key as the SPKI's DER says it (used when node:crypto does not know the key type). */
function keyFromSpki(algOid: string, params: Tlv | undefined, bitString: Uint8Array): PublicKeyInfo {
  const algorithm = KEY_ALGORITHMS.get(algOid) ?? algOid;
  let bits: number | undefined;
  let curve: string | undefined;
  if (algorithm === 'EC' && params && isUniversal(params, Tag.OID)) {
    const c = readOid(params);
    if (c.ok) curve = CURVE_OIDS.get(c.value) ?? c.value;
    bits = curve ? CURVE_BITS[curve] : undefined;
  } else if (algorithm === 'RSA' || algorithm === 'RSA-PSS') {
    const k = readWhole(bitString);
    const parts = k.ok ? children(k.value) : undefined;
    const n = parts?.ok ? parts.value[0] : undefined;
    if (n && isUniversal(n, Tag.INTEGER)) bits = integerBits(contents(n));
  }
  return { algorithm, oid: algOid, ...(bits ? { bits } : {}), ...(curve ? { curve } : {}), label: keyLabel(algorithm, bits, curve) };
}

const NODE_KEY_TYPES: Record<string, string> = {
  rsa: 'RSA', 'rsa-pss': 'RSA-PSS', dsa: 'DSA', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448', dh: 'DH',
};

/** node:crypto's view of the key; undefined when it cannot describe it. */
function keyFromNode(key: KeyObject, oid: string): PublicKeyInfo | undefined {
  const type = key.asymmetricKeyType;
  if (!type) return undefined;
  const algorithm = NODE_KEY_TYPES[type] ?? type;
  const d = key.asymmetricKeyDetails ?? {};
  const curve = d.namedCurve ? OPENSSL_CURVES.get(d.namedCurve) ?? d.namedCurve : undefined;
  const bits = d.modulusLength ?? (curve ? CURVE_BITS[curve] : undefined);
  return { algorithm, oid, ...(bits ? { bits } : {}), ...(curve ? { curve } : {}), label: keyLabel(algorithm, bits, curve) };
}

interface SpkiParts {
  readonly oid: string;
  readonly params?: Tlv;
  readonly key: Uint8Array;
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
function spkiParts(spki: Tlv): Decoded<SpkiParts> {
  const parts = expectSeq(spki, 'subjectPublicKeyInfo', spki.start);
  if (!parts.ok) return parts;
  const [alg, key] = parts.value;
  const algParts = expectSeq(alg, 'subjectPublicKeyInfo algorithm', spki.start);
  if (!algParts.ok) return algParts;
  const oid = algParts.value[0] ? readOid(algParts.value[0]) : fail<string>(alg!.start, 'subjectPublicKeyInfo: algorithm empty');
  if (!oid.ok) return oid;
  if (!key) return fail(spki.start, 'subjectPublicKeyInfo: subjectPublicKey missing');
  const bits = readBitString(key);
  if (!bits.ok) return bits;
  return ok({ oid: oid.value, ...(algParts.value[1] ? { params: algParts.value[1] } : {}), key: bits.value.bits });
}

function publicKeyOf(parts: SpkiParts, nodeKey: () => KeyObject): PublicKeyInfo {
  try {
    const k = keyFromNode(nodeKey(), parts.oid);
    if (k) return k;
  } catch {
    // An algorithm OpenSSL does not know (or cannot load): fall back to the DER.
  }
  return keyFromSpki(parts.oid, parts.params, parts.key);
}

/**
 * A SubjectPublicKeyInfo on its own: the CERT encoding 15 "Raw Public Key" (RFC 7670 §3:
 * "the Certificate Data field contains the DER-encoded SubjectPublicKeyInfo").
 */
export function decodePublicKey(spkiDer: Uint8Array): Decoded<PublicKeyInfo & { readonly spkiSha1: Uint8Array }> {
  const t = readWhole(spkiDer);
  if (!t.ok) return t;
  const parts = spkiParts(t.value);
  if (!parts.ok) return parts;
  const key = publicKeyOf(parts.value, () => createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' }));
  return ok({ ...key, spkiSha1: sha('sha1', spkiDer) });
}

interface Extensions {
  subjectAltNames: GeneralName[];
  keyUsage?: string[];
  ca?: boolean;
  pathLength?: number;
  subjectKeyId?: Uint8Array;
  authorityKeyId?: Uint8Array;
  crlUris: string[];
  ocspUris: string[];
  caIssuersUris: string[];
}

/** RFC 5280 §4.2.1.13: DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } … } */
function crlUris(v: Tlv, out: string[]): Decoded<void> {
  const points = expectSeq(v, 'cRLDistributionPoints', v.start);
  if (!points.ok) return points;
  for (const dp of points.value) {
    const fields = expectSeq(dp, 'DistributionPoint', dp.start);
    if (!fields.ok) return fields;
    const name = fields.value.find((f) => isContext(f, 0));
    if (!name) continue;
    const choice = single(name, 'distributionPoint');
    if (!choice.ok) return choice;
    if (!isContext(choice.value, 0)) continue; // nameRelativeToCRLIssuer
    const names = children(choice.value);
    if (!names.ok) return names;
    for (const n of names.value) {
      const g = decodeGeneralNameTlv(n);
      if (!g.ok) return g;
      if (g.value.kind === 'uri') out.push(g.value.value);
    }
  }
  return ok(undefined);
}

function readExtensions(list: Tlv[], ext: Extensions): Decoded<void> {
  for (const e of list) {
    const parts = expectSeq(e, 'Extension', e.start);
    if (!parts.ok) return parts;
    const [idT, second, third] = parts.value;
    if (!idT) return fail(e.start, 'Extension: empty');
    const id = readOid(idT);
    if (!id.ok) return id;
    let valueT = second;
    if (second && isUniversal(second, Tag.BOOLEAN)) {
      const crit = readBoolean(second);
      if (!crit.ok) return crit;
      valueT = third;
    }
    if (!valueT || !isUniversal(valueT, Tag.OCTET_STRING) || valueT.constructed) return fail(e.start, `Extension ${id.value}: no OCTET STRING value`);
    if (!KNOWN_EXTENSIONS.has(id.value)) continue;
    const v = extensionValue(valueT, `Extension ${id.value}`);
    if (!v.ok) return v;
    const t = v.value;
    switch (id.value) {
      case EXT.subjectAltName: {
        const names = decodeGeneralNamesTlv(t);
        if (!names.ok) return names;
        ext.subjectAltNames = names.value;
        break;
      }
      case EXT.keyUsage: {
        const bits = readBitString(t);
        if (!bits.ok) return bits;
        ext.keyUsage = KEY_USAGE_BITS.filter((_, i) => ((bits.value.bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
        break;
      }
      case EXT.basicConstraints: {
        // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
        const f = expectSeq(t, 'basicConstraints', t.start);
        if (!f.ok) return f;
        let i = 0;
        let ca = false;
        if (f.value[0] && isUniversal(f.value[0], Tag.BOOLEAN)) {
          const b = readBoolean(f.value[0]);
          if (!b.ok) return b;
          ca = b.value;
          i = 1;
        }
        ext.ca = ca;
        if (f.value[i]) {
          const n = readSmallInt(f.value[i]!);
          if (!n.ok) return n;
          ext.pathLength = n.value;
        }
        break;
      }
      case EXT.subjectKeyIdentifier:
        if (!isUniversal(t, Tag.OCTET_STRING)) return fail(t.start, 'subjectKeyIdentifier: not an OCTET STRING');
        ext.subjectKeyId = new Uint8Array(contents(t));
        break;
      case EXT.authorityKeyIdentifier: {
        const f = expectSeq(t, 'authorityKeyIdentifier', t.start);
        if (!f.ok) return f;
        const k = f.value.find((x) => isContext(x, 0) && !x.constructed);
        if (k) ext.authorityKeyId = new Uint8Array(contents(k));
        break;
      }
      case EXT.crlDistributionPoints: {
        const r = crlUris(t, ext.crlUris);
        if (!r.ok) return r;
        break;
      }
      case EXT.authorityInfoAccess: {
        // AccessDescription ::= SEQUENCE { accessMethod OID, accessLocation GeneralName }
        const f = expectSeq(t, 'authorityInfoAccess', t.start);
        if (!f.ok) return f;
        for (const ad of f.value) {
          const p = expectSeq(ad, 'AccessDescription', ad.start);
          if (!p.ok) return p;
          if (p.value.length !== 2) return fail(ad.start, 'AccessDescription: not 2 elements');
          const method = readOid(p.value[0]!);
          if (!method.ok) return method;
          const loc = decodeGeneralNameTlv(p.value[1]!);
          if (!loc.ok) return loc;
          if (loc.value.kind !== 'uri') continue;
          if (method.value === '1.3.6.1.5.5.7.48.1') ext.ocspUris.push(loc.value.value);
          if (method.value === '1.3.6.1.5.5.7.48.2') ext.caIssuersUris.push(loc.value.value);
        }
        break;
      }
    }
  }
  return ok(undefined);
}

const PEM = /^\s*-----BEGIN /;

/** Summarize a DER certificate (the CERT payload's Certificate Data for encoding 4). */
export function decodeCertificate(der: Uint8Array): Decoded<CertificateSummary> {
  if (der.length === 0) return fail(0, 'certificate: no data');
  if (PEM.test(String.fromCharCode(...der.subarray(0, 40)))) {
    return fail(0, 'certificate: PEM text where RFC 7296 §3.6 requires DER');
  }
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
  const top = readWhole(der);
  if (!top.ok) return top;
  const cert = expectSeq(top.value, 'Certificate', 0);
  if (!cert.ok) return cert;
  if (cert.value.length !== 3) return fail(0, `certificate: Certificate has ${cert.value.length} elements, not 3`);
  const [tbsT, sigAlgT] = cert.value as [Tlv, Tlv, Tlv];
  const tbs = expectSeq(tbsT, 'tbsCertificate', tbsT.start);
  if (!tbs.ok) return tbs;
  const f = tbs.value;
  let i = 0;
  let version = 1;
  if (f[0] && isContext(f[0], 0)) {
    const v = single(f[0], 'version');
    if (!v.ok) return v;
    const n = readSmallInt(v.value);
    if (!n.ok) return n;
    if (n.value > 2) return fail(v.value.start, `certificate: version ${n.value + 1} is not 1, 2 or 3`);
    version = n.value + 1;
    i = 1;
  }
  const [serialT, , issuerT, validityT, subjectT, spkiT] = f.slice(i);
  if (!spkiT) return fail(tbsT.start, 'certificate: tbsCertificate is missing fields');
  const serial = readIntegerHex(serialT!);
  if (!serial.ok) return serial;
  const issuer = decodeDnTlv(issuerT!);
  if (!issuer.ok) return issuer;
  const subject = decodeDnTlv(subjectT!);
  if (!subject.ok) return subject;
  const validity = expectSeq(validityT, 'validity', tbsT.start);
  if (!validity.ok) return validity;
  if (validity.value.length !== 2) return fail(validityT!.start, 'certificate: validity is not { notBefore, notAfter }');
  const notBefore = readTime(validity.value[0]!);
  if (!notBefore.ok) return notBefore;
  const notAfter = readTime(validity.value[1]!);
  if (!notAfter.ok) return notAfter;
  const spki = spkiParts(spkiT);
  if (!spki.ok) return spki;
  const sigAlg = decodeSignatureAlgorithmTlv(sigAlgT);
  if (!sigAlg.ok) return sigAlg;

  const ext: Extensions = { subjectAltNames: [], crlUris: [], ocspUris: [], caIssuersUris: [] };
  for (const extra of f.slice(i + 6)) {
    if (extra.tagClass !== TagClass.CONTEXT || extra.tag < 1 || extra.tag > 3) return fail(extra.start, 'certificate: unexpected element in tbsCertificate');
    if (extra.tag !== 3) continue; // issuerUniqueID / subjectUniqueID
    const list = single(extra, 'extensions');
    if (!list.ok) return list;
    const exts = expectSeq(list.value, 'Extensions', extra.start);
    if (!exts.ok) return exts;
    const r = readExtensions(exts.value, ext);
    if (!r.ok) return r;
  }

  // OpenSSL has to read it too; it is the reference for EKU, the CA flag and the key.
  let x: X509Certificate;
  try {
    x = new X509Certificate(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
  } catch (e) {
    return fail(0, `certificate: OpenSSL cannot read it (${e instanceof Error ? e.message : String(e)})`);
  }
  const spkiDer = encoding(spkiT);
  const publicKey = publicKeyOf(spki.value, () => x.publicKey);
  let eku: string[] | undefined;
  try {
    eku = x.keyUsage ?? undefined;
  } catch {
    eku = undefined;
  }
  return ok({
    version,
    serial: serial.value,
    subject: subject.value,
    subjectDer: encoding(subjectT!).slice(),
    issuer: issuer.value,
    notBefore: notBefore.value,
    notAfter: notAfter.value,
    subjectAltNames: ext.subjectAltNames,
    ...(eku ? { extendedKeyUsage: eku.map((oid) => (EKU_NAMES.has(oid) ? { oid, name: EKU_NAMES.get(oid)! } : { oid })) } : {}),
    ...(ext.keyUsage ? { keyUsage: ext.keyUsage } : {}),
    ca: x.ca,
    ...(ext.pathLength !== undefined ? { pathLength: ext.pathLength } : {}),
    publicKey,
    signatureAlgorithm: sigAlg.value,
    selfIssued: equalBytes(encoding(subjectT!), encoding(issuerT!)),
    ...(ext.subjectKeyId ? { subjectKeyId: ext.subjectKeyId } : {}),
    ...(ext.authorityKeyId ? { authorityKeyId: ext.authorityKeyId } : {}),
    crlUris: ext.crlUris,
    ocspUris: ext.ocspUris,
    caIssuersUris: ext.caIssuersUris,
    spkiSha1: sha('sha1', spkiDer),
    sha1Fingerprint: sha('sha1', der),
    sha256Fingerprint: sha('sha256', der),
  });
}

/** The summary of a CERT payload's certificate; undefined for encodings other than 4. */
export function certificateOf(p: CertPayload): Decoded<CertificateSummary> | undefined {
  return p.encoding === CertEncoding.X509_SIGNATURE ? decodeCertificate(p.data) : undefined;
}

/** Whether the certificate names this purpose (anyExtendedKeyUsage does not count). */
export function hasKeyPurpose(c: CertificateSummary, oid: string): boolean {
  return c.extendedKeyUsage?.some((k) => k.oid === oid) ?? false;
}

/**
 * Which of these CERTREQ CA hashes (RFC 7296 §3.7) name the key of one of these certificates:
 * the pairs of hash index and certificate.
 */
export function matchCaHashes(
  hashes: readonly Uint8Array[],
  certs: readonly CertificateSummary[],
): { readonly hash: number; readonly cert: CertificateSummary }[] {
  const out: { hash: number; cert: CertificateSummary }[] = [];
  hashes.forEach((h, hash) => {
    for (const cert of certs) if (equalBytes(h, cert.spkiSha1)) out.push({ hash, cert });
  });
  return out;
}
