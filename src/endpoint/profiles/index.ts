/** The client profiles `ikescope connect --profile` knows. See ../README.md to add one. */
import type { ClientProfile } from './profile.js';
import { strongswan } from './strongswan.js';
import { windows10 } from './windows-10.js';

export type { ClientProfile, GatewayCreateChildSa, InitItem, AuthItem, ProfileOptions } from './profile.js';

export const PROFILES: Readonly<Record<string, ClientProfile>> = {
  strongswan,
  'windows-10': windows10,
};
