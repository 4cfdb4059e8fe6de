/**
 * Proposals in the words reports use: the JSON report's `proposal` object names one algorithm
 * per transform type ("ENCR_AES_CBC_128", "AUTH_HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_1024").
 */
import { keyLength, type Proposal } from './payloads/sa.js';
import { TransformType } from './registry/transform-types.js';
import { transformName } from './registry/transforms.js';
import { SequenceNumbers } from './registry/sequence-numbers.js';

export interface ProposalNames {
  readonly encr: readonly string[];
  readonly integ: readonly string[];
  readonly prf: readonly string[];
  /** Key exchange methods (D-H groups) of transform type 4. */
  readonly dh: readonly string[];
  /** Additional key exchanges (RFC 9370), ADDKE1..7 in order of type. */
  readonly addke: readonly string[];
  readonly esn: readonly string[];
}

/** Every transform of a proposal by type, named, in the order offered. */
export function proposalNames(p: Proposal): ProposalNames {
  const by = (type: number) =>
    p.transforms.filter((t) => t.transformType === type).map((t) => transformName(type, t.transformId, keyLength(t)));
  return {
    encr: by(TransformType.ENCR),
    integ: by(TransformType.INTEG),
    prf: by(TransformType.PRF),
    dh: by(TransformType.KE),
    addke: [6, 7, 8, 9, 10, 11, 12].flatMap(by),
    esn: by(TransformType.SN),
  };
}

/**
 * A chosen proposal (one transform per type, as a responder returns it) in the report's shape;
 * a type the proposal lacks is left out. `esn` is true when the ESN transform was chosen.
 */
export function chosenProposal(p: Proposal): {
  encr?: string;
  integ?: string;
  prf?: string;
  dh?: string;
  esn?: boolean;
} {
  const n = proposalNames(p);
  const out: { encr?: string; integ?: string; prf?: string; dh?: string; esn?: boolean } = {};
  if (n.encr[0]) out.encr = n.encr[0];
  if (n.integ[0]) out.integ = n.integ[0];
  if (n.prf[0]) out.prf = n.prf[0];
  if (n.dh[0]) out.dh = n.dh[0];
  const esn = p.transforms.find((t) => t.transformType === TransformType.SN);
  if (esn) out.esn = esn.transformId === SequenceNumbers.ESN;
  return out;
}
