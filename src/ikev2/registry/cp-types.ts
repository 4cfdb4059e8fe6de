/** IANA "IKEv2 Configuration Payload CFG Types" (RFC 7296 §3.15). 16384-32767 Private Use. */
import { namer, reverse } from './names.js';

export const CfgType = Object.freeze({
  CFG_REQUEST: 1,
  CFG_REPLY: 2,
  CFG_SET: 3,
  CFG_ACK: 4,
} as const);

export const cfgTypeName = namer(reverse(CfgType), 'CFG', [{ from: 128, to: 255, label: 'PRIVATE_USE' }]);
