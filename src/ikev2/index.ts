/**
 * ikescope's IKEv2 codec: header and payload decoding and encoding (one definition per payload,
 * both directions), IANA registries, payload notation and the vendor ID catalog.
 */
export { hex, fromHex, equalBytes, compareBytes } from './bytes.js';
export { compareLowestNonces, type Nonces } from './rekey-collision.js';
export { readSelector, within, covers, addressRange, fromAddressRange, type Selector } from './selector-text.js';
export { formatIp, formatIPv4, formatIPv6, parseIp, parseIPv4, parseIPv6 } from '../net/address.js';

export {
  Flag,
  IKE_HEADER_LENGTH,
  IKEV2_MAJOR_VERSION,
  detectIkeVersion,
  ikeVersion,
  isIkev1,
  parseHeader,
  type IkeHeader,
  type IkeHeaderInit,
} from './header.js';
export { GENERIC_HEADER_LENGTH, parseGenericHeader, type GenericHeader } from './generic-header.js';

export {
  MAX_PAYLOADS,
  parseInnerPayloads,
  parseMessage,
  parsePayloadChain,
  serializeMessage,
  serializePayloads,
  type IkeMessage,
  type IkeMessageInit,
  type Malformed,
  type PayloadChain,
} from './message.js';

export {
  isDecodedType,
  isEncryptedPayload,
  isPayload,
  isRaw,
  parsePayloadBody,
  serializePayloadBody,
  type KnownPayload,
  type Payload,
  type PayloadOf,
} from './payload.js';
export type { ParseContext, PayloadCodec, PayloadCommon } from './payloads/codec.js';
export { saCodec, keyLength, type SaPayload, type Proposal, type Transform, type TransformAttribute } from './payloads/sa.js';
export { chosenProposal, proposalNames, type ProposalNames } from './proposal.js';
export { keCodec, type KePayload } from './payloads/ke.js';
export { idCodec, makeId, type IdPayload } from './payloads/id.js';
export { certCodec, certHashAndUrl, type CertPayload } from './payloads/cert.js';
export { certReqCodec, makeCertReq, SHA1_LENGTH, type CertReqPayload } from './payloads/certreq.js';
export { authCodec, digitalSignatureParts, type AuthPayload } from './payloads/auth.js';
export { nonceCodec, type NoncePayload } from './payloads/nonce.js';
export { notifyCodec, decodeNotifyData, makeNotify, type NotifyData, type NotifyPayload } from './payloads/notify.js';
export { deleteCodec, type DeletePayload } from './payloads/delete.js';
export { vendorIdCodec, type VendorIdPayload } from './payloads/vendor-id.js';
export {
  tsCodec,
  addressRangeLabel,
  formatTrafficSelector,
  isAddressRange,
  type AddressRangeSelector,
  type OtherSelector,
  type TrafficSelector,
  type TsPayload,
} from './payloads/ts.js';
export { skCodec, type SkPayload } from './payloads/sk.js';
export { cpCodec, decodeCpValue, makeCpAttribute, type CpAttribute, type CpPayload, type CpValue } from './payloads/cp.js';
export { eapCodec, eapIdentity, eapNakTypes, type EapPayload } from './payloads/eap.js';
export { skfCodec, type SkfPayload } from './payloads/skf.js';
export { rawCodec, type RawPayload } from './payloads/raw.js';

export { labelPayloads, payloadLabel, payloadLabels, type LabelOptions } from './notation.js';
export {
  KnownVendorId,
  isWindowsVendorId,
  lookupVendorId,
  strongSwanVendorId,
  strongSwanVersion,
  vendorIdLabel,
  type VendorIdMatch,
} from './vendor-ids.js';

export * from './registry/index.js';
export * from './views.js';
