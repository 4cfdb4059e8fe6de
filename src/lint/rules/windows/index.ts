/** Rules for the Windows "Agile VPN" client (../shared/WINDOWS-INTEROP.md), in catalog order. */
import type { Rule } from '../../rule.js';
import { tripleDesPreferred } from './3des-preferred.js';
import { certEkuSan } from './cert-eku-san.js';
import { certNotSent } from './cert-not-sent.js';
import { certUnrequested } from './cert-unrequested.js';
import { childRekeyBehindNat } from './child-rekey-behind-nat.js';
import { childRekeyPfsMismatch } from './child-rekey-pfs-mismatch.js';
import { dpdVsMobike } from './dpd-vs-mobike.js';
import { eapIdentityDomain } from './eap-identity-domain.js';
import { idrMissing } from './idr-missing.js';
import { ikev2FragmentationUnsupported } from './ikev2-fragmentation-unsupported.js';
import { ipFragmentedAuth } from './ip-fragmented-auth.js';
import { ipv6Route } from './ipv6-route.js';
import { multipleAuth } from './multiple-auth.js';
import { noCommonProposal } from './no-common-proposal.js';
import { notify12345 } from './notify-12345.js';
import { redirect } from './redirect.js';
import { rekeyDhGroup } from './rekey-dh-group.js';
import { splitRouting } from './split-routing.js';

export const WINDOWS_RULES: readonly Rule[] = [
  rekeyDhGroup, childRekeyBehindNat, notify12345, childRekeyPfsMismatch, certNotSent, certUnrequested, certEkuSan,
  ipFragmentedAuth, ikev2FragmentationUnsupported, tripleDesPreferred, noCommonProposal, multipleAuth, redirect,
  idrMissing, dpdVsMobike, eapIdentityDomain, splitRouting, ipv6Route,
];
