/** Rules for the Windows "Agile VPN" client (../shared/WINDOWS-INTEROP.md), in catalog order. */
import type { Rule } from '../../rule.js';
import { notify12345 } from './notify-12345.js';

export const WINDOWS_RULES: readonly Rule[] = [notify12345];
