/**
 * Identities of the IDi/IDr payloads (RFC 7296 §3.5) as text, for every ID type: addresses and
 * names as the codec already decodes them, ID_DER_ASN1_DN as "C=CH, O=strongSwan,
 * CN=vpn.example.net" (./dn.ts), ID_DER_ASN1_GN as the GeneralName it holds
 * ("DNS:vpn.example.net"), ID_KEY_ID ("an opaque octet stream ... used to pass vendor-specific
 * information") as hex. A DN or GN that does not decode is a `Decoded` failure with the offset
 * into the Identification Data; the payload itself stays as it was read.
 */
import { ok, type Decoded } from '../problem.js';
import { hex } from './bytes.js';
import { decodeDn, type DistinguishedName } from './dn.js';
import { decodeGeneralName, formatGeneralName, type GeneralName } from './general-name.js';
import type { IdPayload } from './payloads/id.js';
import { IdType } from './registry/id-types.js';

export interface IdentityView {
  /** One line of text for the identity; "" for ID_NULL. */
  readonly text: string;
  readonly dn?: DistinguishedName;
  readonly generalName?: GeneralName;
}

/** The identity of an ID payload as text (and its structure for DN and GN). */
export function identityOf(p: Pick<IdPayload, 'idType' | 'data' | 'value'>): Decoded<IdentityView> {
  if (p.value !== undefined) return ok({ text: p.value });
  switch (p.idType) {
    case IdType.ID_DER_ASN1_DN: {
      const dn = decodeDn(p.data);
      return dn.ok ? ok({ text: dn.value.text, dn: dn.value }) : dn;
    }
    case IdType.ID_DER_ASN1_GN: {
      const g = decodeGeneralName(p.data);
      return g.ok ? ok({ text: formatGeneralName(g.value), generalName: g.value }) : g;
    }
    case IdType.ID_NULL:
      // RFC 7619: no identity; the data is expected empty (shown as hex if a peer sends some).
      return ok({ text: hex(p.data) });
    default:
      // ID_KEY_ID, ID_FC_NAME, private types: opaque octets.
      return ok({ text: hex(p.data) });
  }
}
