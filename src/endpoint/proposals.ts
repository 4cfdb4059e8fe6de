/**
 * Proposals the endpoint offers, written as strongSwan's swanctl.conf writes them
 * ("aes256-sha256-modp2048", "aes128gcm16-prfsha256-ecp256"), so a user can paste a gateway's
 * proposal into `--proposal`; and the chosen proposal of a response turned into algorithms.
 *
 * Keyword semantics follow swanctl.conf's `proposals` (strongSwan's proposal_keywords): in an
 * IKE proposal an integrity keyword ("sha256") also adds the PRF of the same hash when no
 * "prf…" keyword is given; an AEAD cipher takes its PRF from a "prf…" keyword.
 */
import { dhGroupName, EncrId, IntegId, KeMethod, PrfId, ProtocolId, SequenceNumbers, TransformAttributeType, TransformType } from '../ikev2/registry/index.js';
import { keyLength, type Proposal, type Transform } from '../ikev2/payloads/sa.js';
import { encrAlgorithm, integAlgorithm, prfAlgorithm } from '../crypto/algorithms.js';
import type { EncrAlgorithm, IntegAlgorithm, PrfAlgorithm } from '../crypto/types.js';
import { isDhGroupSupported } from '../crypto/dh.js';
import { fail, ok, type Decoded } from '../problem.js';

export interface EncrChoice {
  readonly id: number;
  readonly keyLength?: number;
}

/** One proposal, transforms of each type in preference order. */
export interface ProposalSpec {
  readonly encr: readonly EncrChoice[];
  readonly integ: readonly number[];
  readonly prf: readonly number[];
  /** KE methods; for ESP, PFS groups (empty: no KE in CREATE_CHILD_SA). */
  readonly dh: readonly number[];
  /** ESP only: sequence number transforms (NO_ESN, ESN). */
  readonly esn: readonly number[];
}

const ENCR_WORDS: Record<string, EncrChoice> = {
  aes: { id: EncrId.ENCR_AES_CBC, keyLength: 128 },
  aes128: { id: EncrId.ENCR_AES_CBC, keyLength: 128 },
  aes192: { id: EncrId.ENCR_AES_CBC, keyLength: 192 },
  aes256: { id: EncrId.ENCR_AES_CBC, keyLength: 256 },
  '3des': { id: EncrId.ENCR_3DES },
  des: { id: EncrId.ENCR_DES },
  null: { id: EncrId.ENCR_NULL },
  chacha20poly1305: { id: EncrId.ENCR_CHACHA20_POLY1305 },
  aes128ctr: { id: EncrId.ENCR_AES_CTR, keyLength: 128 },
  aes192ctr: { id: EncrId.ENCR_AES_CTR, keyLength: 192 },
  aes256ctr: { id: EncrId.ENCR_AES_CTR, keyLength: 256 },
};
for (const bits of [128, 192, 256]) {
  for (const [icv, gcm, ccm] of [[8, EncrId.ENCR_AES_GCM_8, EncrId.ENCR_AES_CCM_8], [12, EncrId.ENCR_AES_GCM_12, EncrId.ENCR_AES_CCM_12], [16, EncrId.ENCR_AES_GCM_16, EncrId.ENCR_AES_CCM_16]] as const) {
    ENCR_WORDS[`aes${bits}gcm${icv}`] = { id: gcm, keyLength: bits };
    ENCR_WORDS[`aes${bits}ccm${icv}`] = { id: ccm, keyLength: bits };
  }
  ENCR_WORDS[`aes${bits}gcm`] = { id: EncrId.ENCR_AES_GCM_16, keyLength: bits };
  ENCR_WORDS[`aes${bits}gmac`] = { id: EncrId.ENCR_NULL_AUTH_AES_GMAC, keyLength: bits };
}

/** Integrity keyword → [INTEG id, the PRF of the same hash]. */
const INTEG_WORDS: Record<string, readonly [number, number | undefined]> = {
  md5: [IntegId.AUTH_HMAC_MD5_96, PrfId.PRF_HMAC_MD5],
  sha1: [IntegId.AUTH_HMAC_SHA1_96, PrfId.PRF_HMAC_SHA1],
  sha: [IntegId.AUTH_HMAC_SHA1_96, PrfId.PRF_HMAC_SHA1],
  sha256: [IntegId.AUTH_HMAC_SHA2_256_128, PrfId.PRF_HMAC_SHA2_256],
  sha2_256: [IntegId.AUTH_HMAC_SHA2_256_128, PrfId.PRF_HMAC_SHA2_256],
  sha384: [IntegId.AUTH_HMAC_SHA2_384_192, PrfId.PRF_HMAC_SHA2_384],
  sha2_384: [IntegId.AUTH_HMAC_SHA2_384_192, PrfId.PRF_HMAC_SHA2_384],
  sha512: [IntegId.AUTH_HMAC_SHA2_512_256, PrfId.PRF_HMAC_SHA2_512],
  sha2_512: [IntegId.AUTH_HMAC_SHA2_512_256, PrfId.PRF_HMAC_SHA2_512],
  aesxcbc: [IntegId.AUTH_AES_XCBC_96, PrfId.PRF_AES128_XCBC],
  aescmac: [IntegId.AUTH_AES_CMAC_96, PrfId.PRF_AES128_CMAC],
};

const PRF_WORDS: Record<string, number> = {
  prfmd5: PrfId.PRF_HMAC_MD5,
  prfsha1: PrfId.PRF_HMAC_SHA1,
  prfsha256: PrfId.PRF_HMAC_SHA2_256,
  prfsha384: PrfId.PRF_HMAC_SHA2_384,
  prfsha512: PrfId.PRF_HMAC_SHA2_512,
  prfaesxcbc: PrfId.PRF_AES128_XCBC,
  prfaescmac: PrfId.PRF_AES128_CMAC,
};

const DH_WORDS: Record<string, number> = {
  modp1024: KeMethod.MODP_1024,
  modp1536: KeMethod.MODP_1536,
  modp2048: KeMethod.MODP_2048,
  modp3072: KeMethod.MODP_3072,
  modp4096: KeMethod.MODP_4096,
  ecp256: KeMethod.ECP_256,
  ecp384: KeMethod.ECP_384,
  ecp521: KeMethod.ECP_521,
  curve25519: KeMethod.Curve25519,
  x25519: KeMethod.Curve25519,
  curve448: KeMethod.Curve448,
  x448: KeMethod.Curve448,
};

const push = <T>(list: T[], v: T): void => { if (!list.includes(v)) list.push(v); };

/**
 * Parses one swanctl-style proposal ("aes256-aes128-sha256-modp2048"). Every algorithm must be
 * one the endpoint implements: a proposal it cannot carry out is a usage error, not a surprise
 * after the gateway picked it.
 */
export function parseProposal(text: string, kind: 'ike' | 'esp'): Decoded<ProposalSpec> {
  const encr: EncrChoice[] = [];
  const integ: number[] = [];
  const prf: number[] = [];
  const impliedPrf: number[] = [];
  const dh: number[] = [];
  const esn: number[] = [];
  for (const word of text.trim().toLowerCase().split('-')) {
    const e = ENCR_WORDS[word];
    if (e) {
      if (!encrAlgorithm(e.id, e.keyLength)) return fail(0, `'${word}' is not implemented`);
      encr.push(e);
      continue;
    }
    const i = INTEG_WORDS[word];
    if (i) {
      push(integ, i[0]);
      if (i[1] !== undefined) push(impliedPrf, i[1]);
      continue;
    }
    if (PRF_WORDS[word] !== undefined) { push(prf, PRF_WORDS[word]!); continue; }
    if (DH_WORDS[word] !== undefined) {
      if (!isDhGroupSupported(DH_WORDS[word]!)) return fail(0, `'${word}' is not implemented`);
      push(dh, DH_WORDS[word]!);
      continue;
    }
    if (word === 'esn') { push(esn, SequenceNumbers.ESN); continue; }
    if (word === 'noesn') { push(esn, SequenceNumbers.NO_ESN); continue; }
    return fail(0, `unknown algorithm keyword '${word}' in '${text}'`);
  }
  if (encr.length === 0) return fail(0, `'${text}' names no encryption algorithm`);
  const aead = encr.every((e) => encrAlgorithm(e.id, e.keyLength)!.aead);
  if (!aead && integ.length === 0) return fail(0, `'${text}' needs an integrity algorithm for ${encr.length > 1 ? 'its ciphers' : 'its cipher'}`);
  if (kind === 'ike') {
    const prfs = prf.length > 0 ? prf : impliedPrf.length > 0 ? impliedPrf : [PrfId.PRF_HMAC_SHA2_256];
    if (dh.length === 0) return fail(0, `IKE proposal '${text}' needs a key exchange method (e.g. modp2048)`);
    return ok({ encr, integ: aead ? [] : integ, prf: prfs, dh, esn: [] });
  }
  return ok({ encr, integ: aead ? [] : integ, prf: [], dh, esn: esn.length > 0 ? esn : [SequenceNumbers.NO_ESN] });
}

function transform(transformType: number, transformId: number, keyLengthBits?: number): Transform {
  return {
    transformType,
    transformId,
    attributes: keyLengthBits === undefined ? [] : [{ format: 'TV', type: TransformAttributeType.KEY_LENGTH, value: keyLengthBits }],
  };
}

/**
 * The Proposal substructure (RFC 7296 §3.3.1) for one spec. `dhFirst` moves a group to the
 * front of the KE list (after INVALID_KE_PAYLOAD the retried KE must be the first group).
 */
export function toSaProposal(spec: ProposalSpec, number: number, protocolId: number, spi: Uint8Array, opts: { pfs?: boolean } = {}): Proposal {
  const t: Transform[] = [];
  // A fixed-length cipher carries no Key Length attribute (§3.3.5).
  for (const e of spec.encr) t.push(transform(TransformType.ENCR, e.id, encrNeedsLength(e) ? e.keyLength : undefined));
  if (protocolId === ProtocolId.IKE) for (const p of spec.prf) t.push(transform(TransformType.PRF, p));
  for (const i of spec.integ) t.push(transform(TransformType.INTEG, i));
  if (protocolId === ProtocolId.IKE || opts.pfs !== false) for (const d of spec.dh) t.push(transform(TransformType.KE, d));
  if (protocolId !== ProtocolId.IKE) for (const s of spec.esn) t.push(transform(TransformType.SN, s));
  return { number, protocolId, spi, transforms: t };
}

function encrNeedsLength(e: EncrChoice): boolean {
  return e.keyLength !== undefined && e.id !== EncrId.ENCR_3DES && e.id !== EncrId.ENCR_DES && e.id !== EncrId.ENCR_CHACHA20_POLY1305 && e.id !== EncrId.ENCR_NULL;
}

/** What a chosen proposal means to the crypto layer. */
export interface Negotiated {
  readonly number: number;
  readonly spi: Uint8Array;
  readonly encr: EncrAlgorithm;
  readonly integ?: IntegAlgorithm;
  readonly prf?: PrfAlgorithm;
  readonly dh?: number;
  readonly esn: boolean;
  /** "ENCR_AES_CBC_128/AUTH_HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" */
  readonly label: string;
}

/**
 * RFC 7296 §3.3.6: the responder's SA "MUST contain exactly one proposal ... with one transform
 * of each type" it accepted, and that proposal must be among those offered. A response that
 * breaks either, or picks something the endpoint cannot do, is a failure, not a guess.
 */
export function acceptChosen(offered: readonly Proposal[], chosen: readonly Proposal[], protocolId: number): Decoded<Negotiated> {
  if (chosen.length !== 1) return fail(0, `the responder's SA carries ${chosen.length} proposals, RFC 7296 §3.3.6 wants exactly one`);
  const p = chosen[0]!;
  if (p.protocolId !== protocolId) return fail(0, `the responder chose protocol ${p.protocolId}, ${protocolId} was offered`);
  const mine = offered.find((o) => o.number === p.number);
  if (!mine) return fail(0, `the responder chose proposal ${p.number}, which was not offered`);
  const byType = new Map<number, Transform>();
  for (const t of p.transforms) {
    if (byType.has(t.transformType)) return fail(0, `the chosen proposal has two transforms of type ${t.transformType}`);
    const offeredSame = mine.transforms.some((o) => o.transformType === t.transformType && o.transformId === t.transformId && keyLength(o) === keyLength(t));
    if (!offeredSame) return fail(0, `the chosen proposal has transform ${t.transformType}/${t.transformId}, which proposal ${p.number} did not offer`);
    byType.set(t.transformType, t);
  }
  const e = byType.get(TransformType.ENCR);
  if (!e) return fail(0, 'the chosen proposal has no encryption transform');
  const encr = encrAlgorithm(e.transformId, keyLength(e));
  if (!encr) return fail(0, `the chosen cipher ${e.transformId} is not implemented`);
  const i = byType.get(TransformType.INTEG);
  const integ = i && i.transformId !== IntegId.NONE ? integAlgorithm(i.transformId) : undefined;
  if (!encr.aead && !integ) return fail(0, `the chosen proposal pairs ${encr.name} with no integrity transform`);
  const pr = byType.get(TransformType.PRF);
  const prf = pr ? prfAlgorithm(pr.transformId) : undefined;
  if (protocolId === ProtocolId.IKE && !prf) return fail(0, 'the chosen IKE proposal has no PRF the endpoint implements');
  const k = byType.get(TransformType.KE);
  const dh = k && k.transformId !== KeMethod.NONE ? k.transformId : undefined;
  if (protocolId === ProtocolId.IKE && dh === undefined) return fail(0, 'the chosen IKE proposal has no key exchange method');
  const esn = byType.get(TransformType.SN)?.transformId === SequenceNumbers.ESN;
  const label = [encr.name, integ?.name, prf?.name, dh !== undefined ? dhGroupName(dh) : undefined, protocolId === ProtocolId.IKE ? undefined : esn ? 'ESN' : 'NO_ESN']
    .filter((x): x is string => x !== undefined).join('/');
  return ok({ number: p.number, spi: p.spi, encr, ...(integ ? { integ } : {}), ...(prf ? { prf } : {}), ...(dh !== undefined ? { dh } : {}), esn, label });
}

/**
 * The responder's choice (RFC 7296 §2.7) when the gateway proposes, as in a CREATE_CHILD_SA
 * it initiates: the first of its proposals that one of our specs can accept, with one
 * transform of each type it offered, in its order of preference. `ke`: the group of the KE
 * payload the request carried, which the chosen proposal must contain (§1.3).
 */
export type Selection =
  | { readonly kind: 'chosen'; readonly proposal: Proposal; readonly negotiated: Negotiated }
  /** A proposal fits, but with another group than the KE payload's: answer INVALID_KE_PAYLOAD (§1.3). */
  | { readonly kind: 'invalid-ke'; readonly group: number };

export function selectProposal(theirs: readonly Proposal[], ours: readonly ProposalSpec[], protocolId: number, ke?: number): Decoded<Selection> {
  let keMismatch: number | undefined;
  for (const p of theirs) {
    if (p.protocolId !== protocolId) continue;
    for (const spec of ours) {
      const allowed = (t: Transform): boolean => {
        switch (t.transformType) {
          case TransformType.ENCR: return spec.encr.some((e) => e.id === t.transformId && (keyLength(t) ?? e.keyLength) === e.keyLength);
          case TransformType.INTEG: return spec.integ.includes(t.transformId) || (t.transformId === IntegId.NONE && spec.integ.length === 0);
          case TransformType.PRF: return spec.prf.includes(t.transformId);
          case TransformType.KE: return t.transformId === KeMethod.NONE ? spec.dh.length === 0 || protocolId !== ProtocolId.IKE : spec.dh.includes(t.transformId);
          case TransformType.SN: return spec.esn.includes(t.transformId);
          default: return false;
        }
      };
      const types = [...new Set(p.transforms.map((t) => t.transformType))];
      const pick: Transform[] = [];
      let fits = true;
      for (const type of types) {
        const candidates = p.transforms.filter((t) => t.transformType === type && allowed(t));
        if (candidates.length === 0) { fits = false; break; }
        // With a KE payload present, the group it used is preferred if acceptable (§1.3).
        pick.push((type === TransformType.KE && ke !== undefined && candidates.find((t) => t.transformId === ke)) || candidates[0]!);
      }
      if (!fits) continue;
      const chosen: Proposal = { number: p.number, protocolId, spi: p.spi, transforms: pick };
      const n = acceptChosen([p], [chosen], protocolId);
      if (!n.ok) continue;
      if (ke !== undefined && n.value.dh !== undefined && n.value.dh !== ke) { keMismatch ??= n.value.dh; continue; }
      if (ke === undefined && n.value.dh !== undefined && protocolId === ProtocolId.ESP) continue;
      return ok({ kind: 'chosen', proposal: chosen, negotiated: n.value });
    }
  }
  if (keMismatch !== undefined) return ok({ kind: 'invalid-ke', group: keMismatch });
  return fail(0, 'none of the proposals is acceptable');
}
