/**
 * Security Association payload, RFC 7296 §3.3: a list of Proposal substructures (§3.3.1), each
 * a list of Transform substructures (§3.3.2), each a list of Transform Attributes (§3.3.5).
 * All three levels carry their own length; parse walks by length and cross-checks the counts.
 */
import { fail, ok, type Decoded } from '../../problem.js';
import { concat, copy, putU16, u16 } from '../bytes.js';
import { PayloadType } from '../registry/payload-types.js';
import { TransformAttributeType } from '../registry/transform-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

/** §3.3.5: AF=1 is the short Type/Value form, AF=0 the Type/Length/Value form. */
export type TransformAttribute =
  | { readonly format: 'TV'; readonly type: number; readonly value: number }
  | { readonly format: 'TLV'; readonly type: number; readonly value: Uint8Array };

export interface Transform {
  /** Transform Type (ENCR, PRF, INTEG, KE, SN, ...). */
  readonly transformType: number;
  readonly transformId: number;
  readonly attributes: readonly TransformAttribute[];
}

export interface Proposal {
  /** Proposal Num; the responder echoes the number of the one it chose. */
  readonly number: number;
  /** Security Protocol ID: IKE, AH, ESP. */
  readonly protocolId: number;
  /** Empty for the IKE SA in IKE_SA_INIT; 8 octets when rekeying it; 4 for ESP/AH. */
  readonly spi: Uint8Array;
  readonly transforms: readonly Transform[];
}

export interface SaPayload extends PayloadCommon {
  readonly type: typeof PayloadType.SA;
  readonly proposals: readonly Proposal[];
}

const PROPOSAL_HEADER = 8;
const TRANSFORM_HEADER = 8;
const ATTRIBUTE_HEADER = 4;
// §3.3.1: "Last Substruc ... a value of 0 if this was the last Proposal Substructure, and a
// value of 2 if there are more". §3.3.2 uses 0 and 3 the same way.
const MORE_PROPOSALS = 2;
const MORE_TRANSFORMS = 3;

/** The Key Length attribute of a transform (§3.3.5), if present. */
export function keyLength(t: Transform): number | undefined {
  for (const a of t.attributes) {
    if (a.type === TransformAttributeType.KEY_LENGTH && a.format === 'TV') return a.value;
  }
  return undefined;
}

function parseAttributes(bytes: Uint8Array, start: number, end: number): Decoded<TransformAttribute[]> {
  const out: TransformAttribute[] = [];
  let at = start;
  while (at < end) {
    if (end - at < ATTRIBUTE_HEADER) return fail(at, `transform attribute truncated: ${end - at} of 4 octets`);
    const word = u16(bytes, at);
    const type = word & 0x7fff;
    if (word & 0x8000) {
      out.push({ format: 'TV', type, value: u16(bytes, at + 2) });
      at += ATTRIBUTE_HEADER;
    } else {
      const length = u16(bytes, at + 2);
      if (length > end - at - ATTRIBUTE_HEADER) {
        return fail(at + 2, `attribute length ${length} runs past its transform`);
      }
      out.push({ format: 'TLV', type, value: copy(bytes, at + 4, at + 4 + length) });
      at += ATTRIBUTE_HEADER + length;
    }
  }
  return ok(out);
}

function parseTransform(bytes: Uint8Array, at: number, end: number): Decoded<{ transform: Transform; next: number }> {
  if (end - at < TRANSFORM_HEADER) return fail(at, `transform truncated: ${end - at} of 8 octets`);
  const length = u16(bytes, at + 2);
  if (length < TRANSFORM_HEADER) return fail(at + 2, `transform length ${length} is below 8`);
  if (length > end - at) return fail(at + 2, `transform length ${length} runs past its proposal`);
  const attributes = parseAttributes(bytes, at + TRANSFORM_HEADER, at + length);
  if (!attributes.ok) return attributes;
  return ok({
    transform: { transformType: bytes[at + 4]!, transformId: u16(bytes, at + 6), attributes: attributes.value },
    next: at + length,
  });
}

function parseProposal(bytes: Uint8Array, at: number): Decoded<{ proposal: Proposal; next: number }> {
  const end = bytes.length;
  if (end - at < PROPOSAL_HEADER) return fail(at, `proposal truncated: ${end - at} of 8 octets`);
  const length = u16(bytes, at + 2);
  const spiSize = bytes[at + 6]!;
  const count = bytes[at + 7]!;
  if (length < PROPOSAL_HEADER + spiSize) {
    return fail(at + 2, `proposal length ${length} cannot hold its header and ${spiSize}-octet SPI`);
  }
  if (length > end - at) return fail(at + 2, `proposal length ${length} runs past the SA payload`);
  const proposalEnd = at + length;
  const transforms: Transform[] = [];
  let t = at + PROPOSAL_HEADER + spiSize;
  while (t < proposalEnd) {
    const r = parseTransform(bytes, t, proposalEnd);
    if (!r.ok) return r;
    transforms.push(r.value.transform);
    t = r.value.next;
  }
  // §3.3: "an implementation MUST check that the total Payload Length is consistent with the
  // payload's internal lengths and counts."
  if (transforms.length !== count) {
    return fail(at + 7, `proposal says ${count} transforms but holds ${transforms.length}`);
  }
  return ok({
    proposal: {
      number: bytes[at + 4]!,
      protocolId: bytes[at + 5]!,
      spi: copy(bytes, at + PROPOSAL_HEADER, at + PROPOSAL_HEADER + spiSize),
      transforms,
    },
    next: proposalEnd,
  });
}

function serializeAttribute(a: TransformAttribute): Uint8Array {
  if (a.format === 'TV') {
    const out = new Uint8Array(4);
    putU16(out, 0, 0x8000 | (a.type & 0x7fff));
    putU16(out, 2, a.value);
    return out;
  }
  const out = new Uint8Array(4 + a.value.length);
  putU16(out, 0, a.type & 0x7fff);
  putU16(out, 2, a.value.length);
  out.set(a.value, 4);
  return out;
}

function serializeTransform(t: Transform, last: boolean): Uint8Array {
  const attrs = concat(t.attributes.map(serializeAttribute));
  const out = new Uint8Array(TRANSFORM_HEADER + attrs.length);
  out[0] = last ? 0 : MORE_TRANSFORMS;
  putU16(out, 2, out.length);
  out[4] = t.transformType;
  putU16(out, 6, t.transformId);
  out.set(attrs, TRANSFORM_HEADER);
  return out;
}

function serializeProposal(p: Proposal, last: boolean): Uint8Array {
  if (p.transforms.length > 255) throw new RangeError('a proposal holds at most 255 transforms');
  if (p.spi.length > 255) throw new RangeError('SPI longer than 255 octets');
  const transforms = concat(p.transforms.map((t, i) => serializeTransform(t, i === p.transforms.length - 1)));
  const out = new Uint8Array(PROPOSAL_HEADER + p.spi.length + transforms.length);
  out[0] = last ? 0 : MORE_PROPOSALS;
  putU16(out, 2, out.length);
  out[4] = p.number;
  out[5] = p.protocolId;
  out[6] = p.spi.length;
  out[7] = p.transforms.length;
  out.set(p.spi, PROPOSAL_HEADER);
  out.set(transforms, PROPOSAL_HEADER + p.spi.length);
  return out;
}

export const saCodec: PayloadCodec<SaPayload> = {
  parse(body) {
    const proposals: Proposal[] = [];
    let at = 0;
    while (at < body.length) {
      const r = parseProposal(body, at);
      if (!r.ok) return r;
      proposals.push(r.value.proposal);
      at = r.value.next;
    }
    return ok({ type: PayloadType.SA, proposals });
  },
  serialize(p) {
    return concat(p.proposals.map((x, i) => serializeProposal(x, i === p.proposals.length - 1)));
  },
};
