/** The client profiles `ikescope connect --profile` knows. See ../README.md to add one. */
import type { ClientProfile } from './profile.js';
import { macos } from './macos.js';
import { strongswan } from './strongswan.js';
import { windows10 } from './windows-10.js';
import { windows11 } from './windows-11.js';
import { windows7 } from './windows-7.js';

export type { ClientProfile, GatewayCreateChildSa, InitItem, AuthItem, ProfileOptions } from './profile.js';

export const PROFILES: Readonly<Record<string, ClientProfile>> = {
  strongswan,
  'windows-7': windows7,
  'windows-10': windows10,
  'windows-11': windows11,
  macos,
};
