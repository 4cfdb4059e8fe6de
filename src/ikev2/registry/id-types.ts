/** IANA "IKEv2 Identification Payload ID Types" (RFC 7296 §3.5). 249-255 Private Use. */
import { namer, reverse } from './names.js';

export const IdType = Object.freeze({
  ID_IPV4_ADDR: 1,
  ID_FQDN: 2,
  ID_RFC822_ADDR: 3,
  ID_IPV6_ADDR: 5,
  ID_DER_ASN1_DN: 9,
  ID_DER_ASN1_GN: 10,
  ID_KEY_ID: 11,
  ID_FC_NAME: 12, // RFC 4595
  ID_NULL: 13, // RFC 7619
} as const);

export const idTypeName = namer(reverse(IdType), 'ID', [{ from: 249, to: 255, label: 'PRIVATE_USE' }]);
