/** IANA "IKEv2 Traffic Selector Types" (RFC 7296 §3.13.1). 241-255 Private Use. */
import { namer, reverse } from './names.js';

export const TsType = Object.freeze({
  TS_IPV4_ADDR_RANGE: 7,
  TS_IPV6_ADDR_RANGE: 8,
  TS_FC_ADDR_RANGE: 9, // RFC 4595
  TS_SECLABEL: 10, // RFC 9478
} as const);

export const tsTypeName = namer(reverse(TsType), 'TS', [{ from: 241, to: 255, label: 'PRIVATE_USE' }]);
