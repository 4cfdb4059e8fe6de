/**
 * Constructed payloads and messages for tests, shaped like what Windows and strongSwan send
 * (WINDOWS-INTEROP.md). Built through the codec's own constructors, so a value and its parse
 * have the same derived fields.
 */
import {
  AuthMethod,
  CertEncoding,
  CfgType,
  CpAttributeType,
  EapCode,
  EapType,
  EncrId,
  ExchangeType,
  IdType,
  IntegId,
  KeMethod,
  KnownVendorId,
  NotifyType,
  PayloadType,
  PrfId,
  ProtocolId,
  SequenceNumbers,
  TransformType,
  TsType,
  fromHex,
  makeCertReq,
  makeCpAttribute,
  makeId,
  makeNotify,
  type IkeMessageInit,
  type Payload,
  type Proposal,
  type Transform,
} from '../../../src/ikev2/index.js';

export const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 0xff);

const t = (transformType: number, transformId: number, keyLength?: number): Transform => ({
  transformType,
  transformId,
  attributes: keyLength === undefined ? [] : [{ format: 'TV', type: 14, value: keyLength }],
});

/** Windows 10's 3DES/AES256 × SHA1/SHA256/SHA384 IKE proposals, all MODP_1024 (WINDOWS-INTEROP.md). */
export function windowsIkeProposals(): Proposal[] {
  const encrs: [number, number | undefined][] = [
    [EncrId.ENCR_3DES, undefined],
    [EncrId.ENCR_AES_CBC, 256],
  ];
  const hashes: [number, number][] = [
    [IntegId.AUTH_HMAC_SHA1_96, PrfId.PRF_HMAC_SHA1],
    [IntegId.AUTH_HMAC_SHA2_256_128, PrfId.PRF_HMAC_SHA2_256],
    [IntegId.AUTH_HMAC_SHA2_384_192, PrfId.PRF_HMAC_SHA2_384],
  ];
  const out: Proposal[] = [];
  for (const [integ, prf] of hashes) {
    for (const [encr, kl] of encrs) {
      out.push({
        number: out.length + 1,
        protocolId: ProtocolId.IKE,
        spi: new Uint8Array(0),
        transforms: [
          t(TransformType.ENCR, encr, kl),
          t(TransformType.INTEG, integ),
          t(TransformType.PRF, prf),
          t(TransformType.KE, KeMethod.MODP_1024),
        ],
      });
    }
  }
  return out;
}

export const WINDOWS_VIDS = [
  fromHex('1e2b516905991c7d7c96fcbfb587e46100000009'),
  fromHex('fb1de3cdf341b7ea16b7e5be0855f120'),
  fromHex('26244d38eddb61b3172a36e3d0cfb819'),
  fromHex('01528bbbc00696121849ab9a1c5b2a5100000002'),
];

/** A Windows 10 (1803+) IKE_SA_INIT request: SA KE Ni N(FRAG) N(NATD_S) N(NATD_D) V V V V. */
export function windowsIkeSaInit(): IkeMessageInit {
  return {
    header: {
      ispi: fromHex('36bed704d0401fd6'),
      rspi: new Uint8Array(8),
      exchangeType: ExchangeType.IKE_SA_INIT,
      messageId: 0,
      initiator: true,
    },
    payloads: [
      { type: PayloadType.SA, proposals: windowsIkeProposals() },
      { type: PayloadType.KE, group: KeMethod.MODP_1024, data: bytes(128, 2) },
      { type: PayloadType.NONCE, data: bytes(48, 3) },
      makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
      makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, bytes(20, 4)),
      makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, bytes(20, 5)),
      ...WINDOWS_VIDS.map((data): Payload => ({ type: PayloadType.V, data })),
    ],
  };
}

/** The inner payloads of a Windows EAP IKE_AUTH request: IDi CERTREQ N(MOBIKE) CP SA TSi TSr. */
export function windowsIkeAuthInner(): Payload[] {
  const a = CpAttributeType;
  return [
    makeId(PayloadType.IDi, IdType.ID_IPV4_ADDR, '203.0.113.7'),
    makeCertReq([bytes(20, 6), bytes(20, 7), bytes(20, 8)]),
    makeNotify(NotifyType.MOBIKE_SUPPORTED),
    {
      type: PayloadType.CP,
      cfgType: CfgType.CFG_REQUEST,
      attributes: [
        a.INTERNAL_IP4_ADDRESS,
        a.INTERNAL_IP4_DNS,
        a.INTERNAL_IP4_NBNS,
        a.INTERNAL_IP4_SERVER,
        a.INTERNAL_IP6_ADDRESS,
        a.INTERNAL_IP6_DNS,
        a.INTERNAL_IP6_SERVER,
      ].map((type) => makeCpAttribute(type)),
    },
    {
      type: PayloadType.SA,
      proposals: [
        {
          number: 1,
          protocolId: ProtocolId.ESP,
          spi: fromHex('a47b20ac'),
          transforms: [
            t(TransformType.ENCR, EncrId.ENCR_AES_CBC, 256),
            t(TransformType.INTEG, IntegId.AUTH_HMAC_SHA1_96),
            t(TransformType.SN, SequenceNumbers.NO_ESN),
          ],
        },
      ],
    },
    {
      type: PayloadType.TSi,
      selectors: [
        { tsType: TsType.TS_IPV4_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '0.0.0.0', endAddress: '255.255.255.255' },
        { tsType: TsType.TS_IPV6_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '::', endAddress: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' },
      ],
    },
    {
      type: PayloadType.TSr,
      selectors: [
        { tsType: TsType.TS_IPV4_ADDR_RANGE, ipProtocol: 0, startPort: 0, endPort: 65535, startAddress: '0.0.0.0', endAddress: '255.255.255.255' },
      ],
    },
  ];
}

/** One value of every payload type the codec knows, plus a raw one. */
export function onePayloadOfEach(): Payload[] {
  return [
    { type: PayloadType.SA, proposals: windowsIkeProposals() },
    {
      type: PayloadType.SA,
      proposals: [
        {
          number: 1,
          protocolId: ProtocolId.IKE,
          spi: bytes(8, 9),
          transforms: [
            { transformType: TransformType.ENCR, transformId: EncrId.ENCR_AES_GCM_16, attributes: [{ format: 'TV', type: 14, value: 256 }] },
            { transformType: TransformType.PRF, transformId: PrfId.PRF_HMAC_SHA2_256, attributes: [{ format: 'TLV', type: 0x1234, value: bytes(5) }] },
            { transformType: TransformType.KE, transformId: KeMethod.Curve25519, attributes: [] },
            { transformType: TransformType.ADDKE1, transformId: KeMethod.ML_KEM_768, attributes: [] },
          ],
        },
      ],
    },
    { type: PayloadType.KE, group: KeMethod.ECP_384, data: bytes(96) },
    makeId(PayloadType.IDi, IdType.ID_IPV4_ADDR, '192.0.2.1'),
    makeId(PayloadType.IDr, IdType.ID_IPV6_ADDR, '2001:db8::1'),
    makeId(PayloadType.IDi, IdType.ID_FQDN, 'vpn.example.com'),
    makeId(PayloadType.IDi, IdType.ID_RFC822_ADDR, 'alice@example.com'),
    makeId(PayloadType.IDr, IdType.ID_DER_ASN1_DN, fromHex('3011310f300d06035504030c0676706e2d6777')),
    makeId(PayloadType.IDr, IdType.ID_DER_ASN1_GN, bytes(12)),
    makeId(PayloadType.IDi, IdType.ID_KEY_ID, bytes(16)),
    { type: PayloadType.CERT, encoding: CertEncoding.X509_SIGNATURE, data: bytes(300) },
    makeCertReq([bytes(20, 1), bytes(20, 2)]),
    { type: PayloadType.CERTREQ, encoding: CertEncoding.X509_SIGNATURE, data: new Uint8Array(0), caHashes: [] },
    { type: PayloadType.CERTREQ, encoding: CertEncoding.PGP, data: bytes(7) },
    { type: PayloadType.AUTH, method: AuthMethod.SHARED_KEY_MIC, data: bytes(32) },
    { type: PayloadType.NONCE, data: bytes(32) },
    makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, bytes(20)),
    makeNotify(NotifyType.COOKIE, bytes(16)),
    makeNotify(NotifyType.INVALID_KE_PAYLOAD, fromHex('000e')),
    makeNotify(NotifyType.REKEY_SA, undefined, { protocolId: ProtocolId.ESP, spi: fromHex('11f6c24a') }),
    makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, fromHex('0001000200030004')),
    makeNotify(NotifyType.MS_NOTIFY_STATUS, fromHex('00003627')),
    makeNotify(40960, bytes(3)),
    { type: PayloadType.D, protocolId: ProtocolId.IKE, spiSize: 0, spis: [] },
    { type: PayloadType.D, protocolId: ProtocolId.ESP, spiSize: 4, spis: [fromHex('a47b20ac'), fromHex('11f6c24a')] },
    { type: PayloadType.V, data: KnownVendorId.STRONGSWAN },
    windowsIkeAuthInner().find((p) => p.type === PayloadType.TSi)!,
    {
      type: PayloadType.TSr,
      selectors: [
        { tsType: TsType.TS_IPV4_ADDR_RANGE, ipProtocol: 17, startPort: 1701, endPort: 1701, startAddress: '192.0.2.10', endAddress: '192.0.2.10' },
        { tsType: TsType.TS_SECLABEL, byte1: 0, data: bytes(9) },
      ],
    },
    { type: PayloadType.SK, innerType: PayloadType.IDi, data: bytes(80) },
    windowsIkeAuthInner().find((p) => p.type === PayloadType.CP)!,
    {
      type: PayloadType.CP,
      cfgType: CfgType.CFG_REPLY,
      attributes: [
        makeCpAttribute(CpAttributeType.INTERNAL_IP4_ADDRESS, fromHex('c0000201')),
        makeCpAttribute(CpAttributeType.INTERNAL_IP4_NETMASK, fromHex('ffffff00')),
        makeCpAttribute(CpAttributeType.INTERNAL_IP4_SUBNET, fromHex('c0000200ffffff00')),
        makeCpAttribute(CpAttributeType.INTERNAL_IP6_ADDRESS, fromHex('20010db8000000000000000000000001' + '40')),
        makeCpAttribute(CpAttributeType.INTERNAL_IP6_DNS, fromHex('20010db8000000000000000000000053')),
        makeCpAttribute(CpAttributeType.INTERNAL_IP4_SERVER, fromHex('c0000201')),
        makeCpAttribute(CpAttributeType.INTERNAL_IP6_SERVER, fromHex('20010db8000000000000000000000001')),
        makeCpAttribute(CpAttributeType.APPLICATION_VERSION, new TextEncoder().encode('strongSwan 5.9.8')),
        makeCpAttribute(CpAttributeType.SUPPORTED_ATTRIBUTES, fromHex('00010003')),
        makeCpAttribute(CpAttributeType.UNITY_BANNER, bytes(4)),
      ],
    },
    { type: PayloadType.EAP, code: EapCode.REQUEST, identifier: 1, eapType: EapType.IDENTITY, typeData: new Uint8Array(0) },
    { type: PayloadType.EAP, code: EapCode.RESPONSE, identifier: 1, eapType: EapType.IDENTITY, typeData: new TextEncoder().encode('CORP\\alice') },
    { type: PayloadType.EAP, code: EapCode.RESPONSE, identifier: 2, eapType: EapType.NAK, typeData: Uint8Array.of(EapType.MSCHAPV2) },
    { type: PayloadType.EAP, code: EapCode.REQUEST, identifier: 3, eapType: EapType.MSCHAPV2, typeData: bytes(26) },
    { type: PayloadType.EAP, code: EapCode.SUCCESS, identifier: 4, typeData: new Uint8Array(0) },
    { type: PayloadType.SKF, innerType: PayloadType.IDi, fragmentNumber: 1, totalFragments: 3, data: bytes(500) },
    { type: PayloadType.SKF, innerType: PayloadType.NONE, fragmentNumber: 3, totalFragments: 3, data: bytes(100) },
    { type: PayloadType.GSPM, raw: true, body: bytes(6) },
    { type: PayloadType.PS, raw: true, body: bytes(20) },
    { type: 200, raw: true, body: bytes(3), critical: true },
    { type: PayloadType.NONCE, data: bytes(16), critical: true },
  ];
}
