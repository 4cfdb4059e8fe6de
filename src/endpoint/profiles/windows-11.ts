/**
 * The Windows 11 built-in IKEv2 client: Windows 10's (windows-10.ts) with AES-GCM added to its
 * IKE proposals ("Windows 11 adds AES-GCM-128/256", WINDOWS-INTEROP.md; that is how
 * src/analysis/fingerprint.ts tells it from Windows 10), still with MODP_1024 unless
 * NegotiateDH2048_AES256 says otherwise. Where in the list Windows 11 puts the GCM proposals
 * is not documented in the sources; here they follow the CBC ones, so a gateway preferring
 * its own order decides.
 */
import type { ClientProfile, ProfileOptions } from './profile.js';
import { windows10 } from './windows-10.js';

export const windows11: ClientProfile = {
  ...windows10,
  name: 'windows-11',
  description: 'Windows 11 built-in IKEv2 client',
  sources: ['WINDOWS-INTEROP.md', 'seed 000', 'seed 001', 'seed 002'],
  ikeProposals: (o: ProfileOptions) => {
    const group = o.negotiateDh2048Aes256 === 0 ? 'modp1024' : 'modp2048';
    return [...windows10.ikeProposals(o), `aes256gcm16-prfsha384-${group}`, `aes128gcm16-prfsha256-${group}`];
  },
};
