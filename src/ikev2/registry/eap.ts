/**
 * EAP Codes (RFC 3748 §4, IANA "Extensible Authentication Protocol (EAP) Registry" - Codes)
 * and Method Types (same registry, "Method Types"). Display names are the short forms users
 * know ("MSCHAPv2" for 26, "TLS" for 13); the constants are identifier forms of the same.
 */

export const EapCode = Object.freeze({
  REQUEST: 1,
  RESPONSE: 2,
  SUCCESS: 3,
  FAILURE: 4,
  INITIATE: 5, // RFC 6696 (ERP)
  FINISH: 6, // RFC 6696
} as const);

const CODE_NAMES = new Map<number, string>([
  [1, 'Request'],
  [2, 'Response'],
  [3, 'Success'],
  [4, 'Failure'],
  [5, 'Initiate'],
  [6, 'Finish'],
]);

export function eapCodeName(code: number): string {
  return CODE_NAMES.get(code) ?? `EAP_CODE(${code})`;
}

export const EapType = Object.freeze({
  IDENTITY: 1, // RFC 3748
  NOTIFICATION: 2, // RFC 3748
  NAK: 3, // RFC 3748 (Legacy Nak, Response only)
  MD5_CHALLENGE: 4, // RFC 3748
  OTP: 5, // RFC 3748 One-Time Password
  GTC: 6, // RFC 3748 Generic Token Card
  RSA_PUBLIC_KEY: 9,
  DSS_UNILATERAL: 10,
  KEA: 11,
  KEA_VALIDATE: 12,
  TLS: 13, // RFC 5216
  DEFENDER_TOKEN: 14,
  RSA_SECURID: 15,
  ARCOT: 16,
  LEAP: 17, // Cisco
  SIM: 18, // RFC 4186
  SRP_SHA1: 19,
  TTLS: 21, // RFC 5281
  RAS: 22,
  AKA: 23, // RFC 4187
  THREE_COM_WIRELESS: 24,
  PEAP: 25, // draft-josefsson-pppext-eap-tls-eap
  /** IANA "MS-EAP-Authentication"; what Windows uses for EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2). */
  MSCHAPV2: 26,
  MAKE: 27,
  CRYPTOCARD: 28,
  EAP_MSCHAP_V2: 29, // a different, rarely seen method
  DYNAMID: 30,
  ROB: 31,
  POTP: 32, // RFC 4793
  MS_AUTH_TLV: 33,
  SENTRINET: 34,
  ACTIONTEC: 35,
  COGENT_BIOMETRICS: 36,
  AIRFORTRESS: 37,
  HTTP_DIGEST: 38,
  SECURESUITE: 39,
  DEVICECONNECT: 40,
  SPEKE: 41,
  MOBAC: 42,
  FAST: 43, // RFC 4851
  ZLXEAP: 44,
  LINK: 45,
  PAX: 46, // RFC 4746
  PSK: 47, // RFC 4764
  SAKE: 48, // RFC 4763
  IKEV2: 49, // RFC 5106
  AKA_PRIME: 50, // RFC 9048
  GPSK: 51, // RFC 5433
  PWD: 52, // RFC 5931
  EKE: 53, // RFC 6124
  PT_EAP: 54, // RFC 7171
  TEAP: 55, // RFC 7170
  NOOB: 56, // RFC 9140
  EXPANDED: 254, // RFC 3748 §5.7
  EXPERIMENTAL: 255, // RFC 3748 §5.8
} as const);

/** How users write the method, where that differs from the constant. */
const DISPLAY: Partial<Record<keyof typeof EapType, string>> = {
  IDENTITY: 'Identity',
  NOTIFICATION: 'Notification',
  NAK: 'Nak',
  MD5_CHALLENGE: 'MD5-Challenge',
  RSA_PUBLIC_KEY: 'RSA-Public-Key',
  DSS_UNILATERAL: 'DSS-Unilateral',
  KEA_VALIDATE: 'KEA-VALIDATE',
  DEFENDER_TOKEN: 'Defender-Token',
  RSA_SECURID: 'RSA-SecurID',
  ARCOT: 'Arcot',
  SRP_SHA1: 'SRP-SHA1',
  RAS: 'Remote-Access-Service',
  THREE_COM_WIRELESS: '3Com-Wireless',
  MSCHAPV2: 'MSCHAPv2',
  CRYPTOCARD: 'CRYPTOCard',
  EAP_MSCHAP_V2: 'EAP-MSCHAP-V2',
  DYNAMID: 'DynamID',
  ROB: 'Rob-EAP',
  MS_AUTH_TLV: 'MS-Authentication-TLV',
  SENTRINET: 'SentriNET',
  ACTIONTEC: 'Actiontec-Wireless',
  COGENT_BIOMETRICS: 'Cogent-Biometrics',
  AIRFORTRESS: 'AirFortress',
  HTTP_DIGEST: 'HTTP-Digest',
  SECURESUITE: 'SecureSuite',
  DEVICECONNECT: 'DeviceConnect',
  LINK: 'Link',
  IKEV2: 'IKEv2',
  AKA_PRIME: "AKA'",
  PWD: 'pwd',
  PT_EAP: 'PT-EAP',
  EXPANDED: 'Expanded',
  EXPERIMENTAL: 'Experimental',
};

const TYPE_NAMES = new Map<number, string>(
  (Object.entries(EapType) as [keyof typeof EapType, number][]).map(([k, v]) => [v, DISPLAY[k] ?? k]),
);

export function eapTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `EAP_TYPE(${type})`;
}
