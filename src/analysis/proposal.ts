/** The chosen proposal of an SA payload, named as DESIGN.md names transforms. */
import type { Proposal as WireProposal } from '../ikev2/payloads/sa.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { TransformType } from '../ikev2/registry/transform-types.js';
import { transformName } from '../ikev2/registry/transforms.js';
import type { Proposal } from './model.js';

export function describeProposal(p: WireProposal): Proposal {
  const out: { encr?: string; integ?: string; prf?: string; dh?: string; esn?: boolean } = {};
  for (const t of p.transforms) {
    const name = transformName(t.transformType, t.transformId, keyLength(t));
    switch (t.transformType) {
      case TransformType.ENCR: out.encr ??= name; break;
      case TransformType.INTEG: out.integ ??= name; break;
      case TransformType.PRF: out.prf ??= name; break;
      case TransformType.KE: out.dh ??= name; break;
      case TransformType.SN: out.esn ??= t.transformId === 1; break;
    }
  }
  return out;
}
