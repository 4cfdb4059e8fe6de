/**
 * AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2), as an RFC 7427 AUTH payload and a
 * certificate carry it:
 *
 *   AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
 *
 * RSASSA-PSS parameters are read per RFC 8017 App. A.2.3 (RFC 4055 §3.1):
 *
 *   RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1,
 *     maskGenAlgorithm [1] DEFAULT mgf1SHA1, saltLength [2] INTEGER DEFAULT 20,
 *     trailerField [3] INTEGER DEFAULT 1 }
 */
import { fail, ok, type Decoded } from '../problem.js';
import {
  Tag, TagClass, children, derExplicit, derInteger, derNull, derOid, derSequence, isUniversal, readOid, readSmallInt, readWhole, type Tlv,
} from './der.js';
import { HASH_NAMES, SIGNATURE_ALGORITHMS } from './oids.js';

const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

export interface PssParameters {
  readonly hash: string;
  readonly mgf: string;
  readonly mgfHash?: string;
  readonly saltLength: number;
  readonly trailerField: number;
}

export interface SignatureAlgorithm {
  /** Dotted OID. */
  readonly oid: string;
  /** "sha256WithRSAEncryption", "RSASSA-PSS", "ecdsa-with-SHA384", "Ed25519", or the OID. */
  readonly name: string;
  /** The digest the scheme uses, where the algorithm fixes one ("SHA-256"). */
  readonly hash?: string;
  readonly pss?: PssParameters;
  /** Whether parameters were absent, an explicit NULL, or something else. */
  readonly parameters: 'absent' | 'null' | 'present';
  /** One line: the name, with the PSS parameters spelled out. */
  readonly label: string;
}

const hashName = (oid: string): string => HASH_NAMES.get(oid) ?? oid;

/** An AlgorithmIdentifier naming a hash (inside PSS parameters): its OID. */
function hashAlgorithm(t: Tlv): Decoded<string> {
  if (!isUniversal(t, Tag.SEQUENCE)) return fail(t.start, 'AlgorithmIdentifier: not a SEQUENCE');
  const parts = children(t);
  if (!parts.ok) return parts;
  if (parts.value.length < 1 || parts.value.length > 2) return fail(t.start, 'AlgorithmIdentifier: wrong number of elements');
  return readOid(parts.value[0]!);
}

/** The one element inside an EXPLICIT [n] tag. */
function explicit(t: Tlv): Decoded<Tlv> {
  const inner = children(t);
  if (!inner.ok) return inner;
  if (inner.value.length !== 1) return fail(t.start, `[${t.tag}]: not exactly one element`);
  return ok(inner.value[0]!);
}

/** RFC 4055 §3.1: absent parameters (`t` undefined) mean all defaults (SHA-1, MGF1-SHA-1, salt 20). */
function pssParameters(t: Tlv | undefined): Decoded<PssParameters> {
  if (t && !isUniversal(t, Tag.SEQUENCE)) return fail(t.start, 'RSASSA-PSS-params: not a SEQUENCE');
  const fields = t ? children(t) : ok<Tlv[]>([]);
  if (!fields.ok) return fields;
  let hash = '1.3.14.3.2.26';
  let mgf = MGF1;
  let mgfHash: string | undefined = '1.3.14.3.2.26';
  let saltLength = 20;
  let trailerField = 1;
  let last = -1;
  for (const f of fields.value) {
    if (f.tagClass !== TagClass.CONTEXT || f.tag > 3 || f.tag <= last) return fail(f.start, 'RSASSA-PSS-params: unexpected element');
    last = f.tag;
    const inner = explicit(f);
    if (!inner.ok) return inner;
    if (f.tag === 0) {
      const h = hashAlgorithm(inner.value);
      if (!h.ok) return h;
      hash = h.value;
    } else if (f.tag === 1) {
      if (!isUniversal(inner.value, Tag.SEQUENCE)) return fail(inner.value.start, 'maskGenAlgorithm: not a SEQUENCE');
      const parts = children(inner.value);
      if (!parts.ok) return parts;
      const id = parts.value[0] ? readOid(parts.value[0]) : fail<string>(inner.value.start, 'maskGenAlgorithm: empty');
      if (!id.ok) return id;
      mgf = id.value;
      mgfHash = undefined;
      if (parts.value[1]) {
        const h = hashAlgorithm(parts.value[1]);
        if (!h.ok) return h;
        mgfHash = h.value;
      }
    } else {
      const n = readSmallInt(inner.value);
      if (!n.ok) return n;
      if (f.tag === 2) saltLength = n.value;
      else trailerField = n.value;
    }
  }
  return ok({
    hash: hashName(hash),
    mgf: mgf === MGF1 ? 'MGF1' : mgf,
    ...(mgfHash !== undefined ? { mgfHash: hashName(mgfHash) } : {}),
    saltLength,
    trailerField,
  });
}

/** An AlgorithmIdentifier element already read. */
export function decodeSignatureAlgorithmTlv(t: Tlv): Decoded<SignatureAlgorithm> {
  if (!isUniversal(t, Tag.SEQUENCE)) return fail(t.start, 'AlgorithmIdentifier: not a SEQUENCE');
  const parts = children(t);
  if (!parts.ok) return parts;
  if (parts.value.length < 1 || parts.value.length > 2) {
    return fail(t.start, `AlgorithmIdentifier has ${parts.value.length} elements, not 1 or 2`);
  }
  const oid = readOid(parts.value[0]!);
  if (!oid.ok) return oid;
  const p = parts.value[1];
  const parameters = !p ? 'absent' : isUniversal(p, Tag.NULL) && p.end === p.valueStart ? 'null' : 'present';
  const known = SIGNATURE_ALGORITHMS.get(oid.value);
  const name = known?.name ?? oid.value;
  if (oid.value === RSASSA_PSS) {
    const pss = parameters === 'null' ? fail<PssParameters>(p!.start, 'RSASSA-PSS: NULL parameters') : pssParameters(p);
    if (!pss.ok) return pss;
    const v = pss.value;
    const mgf = v.mgf === 'MGF1' ? `MGF1 with ${v.mgfHash ?? '?'}` : v.mgf;
    return ok({
      oid: oid.value, name, hash: v.hash, pss: v, parameters,
      label: `${name} (${v.hash}, ${mgf}, salt ${v.saltLength}${v.trailerField !== 1 ? `, trailer ${v.trailerField}` : ''})`,
    });
  }
  return ok({ oid: oid.value, name, ...(known?.hash ? { hash: known.hash } : {}), parameters, label: name });
}

/** An AlgorithmIdentifier filling `der` exactly (the RFC 7427 AUTH payload's). */
export function decodeSignatureAlgorithm(der: Uint8Array): Decoded<SignatureAlgorithm> {
  const t = readWhole(der);
  return t.ok ? decodeSignatureAlgorithmTlv(t.value) : t;
}

const oidByName = (map: ReadonlyMap<string, { readonly name: string } | string>, name: string): string | undefined => {
  for (const [oid, v] of map) if ((typeof v === 'string' ? v : v.name) === name) return oid;
  return undefined;
};

/** The AlgorithmIdentifier of a hash ("SHA-256"), with NULL parameters as RFC 7427 A.4.3 writes it. */
function hashIdentifier(hash: string): Uint8Array {
  const oid = oidByName(HASH_NAMES, hash);
  if (!oid) throw new RangeError(`no OID known for hash ${hash}`);
  return derSequence(derOid(oid), derNull());
}

/**
 * Encode a signature AlgorithmIdentifier (the inverse of decodeSignatureAlgorithm):
 *  - "sha256WithRSAEncryption" … with NULL parameters (RFC 8017 App. A.2.4, RFC 7427 A.1);
 *  - "ecdsa-with-SHA256" …, "Ed25519", "Ed448" with parameters absent (RFC 5758 §3.2, RFC 8410 §3);
 *  - "RSASSA-PSS" with its parameters, the defaults (SHA-1, MGF1-SHA-1, salt 20, trailer 1)
 *    omitted as DER requires; `explicitTrailer` writes trailerField 1 anyway, as RFC 7427
 *    A.4.3 does (strongSwan does so only with `rsa_pss_trailerfield = yes`).
 */
export function encodeSignatureAlgorithm(
  name: string,
  pss?: { readonly hash: string; readonly saltLength: number; readonly explicitTrailer?: boolean },
): Uint8Array {
  if (name === 'RSASSA-PSS') {
    if (!pss) throw new RangeError('RSASSA-PSS needs its parameters');
    const sha1 = pss.hash === 'SHA-1';
    const fields = [
      ...(sha1 ? [] : [derExplicit(0, hashIdentifier(pss.hash))]),
      // RFC 4055 §3.1 / RFC 8017 A.2.3: MGF1 with the message hash (what node:crypto supports).
      ...(sha1 ? [] : [derExplicit(1, derSequence(derOid(MGF1), hashIdentifier(pss.hash)))]),
      ...(pss.saltLength === 20 ? [] : [derExplicit(2, derInteger(pss.saltLength))]),
      ...(pss.explicitTrailer ? [derExplicit(3, derInteger(1))] : []),
    ];
    return derSequence(derOid(RSASSA_PSS), derSequence(...fields));
  }
  const oid = oidByName(SIGNATURE_ALGORITHMS, name);
  if (!oid) throw new RangeError(`no OID known for signature algorithm ${name}`);
  return /WithRSAEncryption$/.test(name) ? derSequence(derOid(oid), derNull()) : derSequence(derOid(oid));
}
