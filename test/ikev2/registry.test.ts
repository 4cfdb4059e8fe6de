// Spot checks of the IANA registries against the numbers IANA publishes
// (https://www.iana.org/assignments/ikev2-parameters), and the fallbacks for unnamed numbers.
import { describe, expect, it } from 'vitest';
import {
  AuthMethod,
  CfgType,
  CpAttributeType,
  EncrId,
  ExchangeType,
  KeMethod,
  NotifyType,
  PayloadType,
  TransformType,
  authMethodName,
  certEncodingName,
  cfgTypeName,
  cpAttributeName,
  dhGroupName,
  eapCodeName,
  eapTypeName,
  encrName,
  exchangeName,
  hashAlgorithmName,
  idTypeName,
  integName,
  isAeadEncr,
  isErrorNotify,
  notifyName,
  payloadName,
  prfName,
  protocolIdName,
  sequenceNumbersName,
  transformName,
  transformTypeName,
  tsTypeName,
} from '../../src/ikev2/index.js';

describe('exchange types', () => {
  it.each([
    [34, 'IKE_SA_INIT'],
    [35, 'IKE_AUTH'],
    [36, 'CREATE_CHILD_SA'],
    [37, 'INFORMATIONAL'],
    [38, 'IKE_SESSION_RESUME'],
    [39, 'GSA_AUTH'],
    [40, 'GSA_REGISTRATION'],
    [41, 'GSA_REKEY'],
    [42, 'GSA_INBAND_REKEY'],
    [43, 'IKE_INTERMEDIATE'],
    [44, 'IKE_FOLLOWUP_KE'],
  ])('%i = %s', (n, name) => expect(exchangeName(n)).toBe(name));
  it('falls back to a number', () => {
    expect(exchangeName(45)).toBe('EXCHANGE(45)');
    expect(exchangeName(2)).toBe('EXCHANGE(2)');
    expect(exchangeName(240)).toBe('PRIVATE_USE(240)');
    expect(ExchangeType.IKE_AUTH).toBe(35);
  });
});

describe('payload types', () => {
  it.each([
    [33, 'SA'],
    [40, 'NONCE'],
    [41, 'N'],
    [46, 'SK'],
    [48, 'EAP'],
    [49, 'GSPM'],
    [53, 'SKF'],
    [54, 'PS'],
  ])('%i = %s', (n, name) => expect(payloadName(n)).toBe(name));
  it('falls back to a number', () => {
    expect(payloadName(55)).toBe('PAYLOAD(55)');
    expect(payloadName(130)).toBe('PRIVATE_USE(130)');
    expect(payloadName(1)).toBe('IKEV1_PAYLOAD(1)');
    expect(PayloadType.SA).toBe(33);
  });
});

describe('notify message types', () => {
  it.each([
    [1, 'UNSUPPORTED_CRITICAL_PAYLOAD'],
    [14, 'NO_PROPOSAL_CHOSEN'],
    [17, 'INVALID_KE_PAYLOAD'],
    [24, 'AUTHENTICATION_FAILED'],
    [43, 'TEMPORARY_FAILURE'],
    [44, 'CHILD_SA_NOT_FOUND'],
    [47, 'STATE_NOT_FOUND'],
    [16384, 'INITIAL_CONTACT'],
    [16388, 'NAT_DETECTION_SOURCE_IP'],
    [16389, 'NAT_DETECTION_DESTINATION_IP'],
    [16390, 'COOKIE'],
    [16393, 'REKEY_SA'],
    [16396, 'MOBIKE_SUPPORTED'],
    [16404, 'MULTIPLE_AUTH_SUPPORTED'],
    [16407, 'REDIRECT'],
    [16430, 'IKEV2_FRAGMENTATION_SUPPORTED'],
    [16431, 'SIGNATURE_HASH_ALGORITHMS'],
    [16435, 'USE_PPK'],
    [16438, 'INTERMEDIATE_EXCHANGE_SUPPORTED'],
    [16441, 'ADDITIONAL_KEY_EXCHANGE'],
    [16442, 'USE_AGGFRAG'],
    [16443, 'SUPPORTED_AUTH_METHODS'],
    [12345, 'MS_NOTIFY_STATUS'],
  ])('%i = %s', (n, name) => expect(notifyName(n)).toBe(name));
  it('has no holes between 16384 and the last assigned status type', () => {
    for (let n = 16384; n <= NotifyType.PPK_IDENTITY_KEY; n++) expect(notifyName(n)).not.toMatch(/\(/);
  });
  it('falls back to NOTIFY(n) or PRIVATE_USE(n)', () => {
    expect(notifyName(50)).toBe('NOTIFY(50)');
    expect(notifyName(40960)).toBe('PRIVATE_USE(40960)');
    expect(notifyName(9000)).toBe('PRIVATE_USE(9000)');
    expect(notifyName(16500)).toBe('NOTIFY(16500)');
  });
  it('knows errors from status types', () => {
    expect(isErrorNotify(NotifyType.NO_PROPOSAL_CHOSEN)).toBe(true);
    expect(isErrorNotify(NotifyType.MS_NOTIFY_STATUS)).toBe(true);
    expect(isErrorNotify(NotifyType.COOKIE)).toBe(false);
  });
});

describe('transforms', () => {
  it('names transform types', () => {
    expect([1, 2, 3, 4, 5, 6, 12, 13, 14].map(transformTypeName)).toEqual([
      'ENCR', 'PRF', 'INTEG', 'KE', 'SN', 'ADDKE1', 'ADDKE7', 'KWA', 'GCAUTH',
    ]);
  });
  it.each([
    [3, 'ENCR_3DES'],
    [12, 'ENCR_AES_CBC'],
    [13, 'ENCR_AES_CTR'],
    [16, 'ENCR_AES_CCM_16'],
    [20, 'ENCR_AES_GCM_16'],
    [28, 'ENCR_CHACHA20_POLY1305'],
    [35, 'ENCR_MAGMA_MGM_MAC_KTREE'],
  ])('ENCR %i = %s', (n, name) => expect(encrName(n)).toBe(name));
  it('PRF and INTEG', () => {
    expect(prfName(2)).toBe('PRF_HMAC_SHA1');
    expect(prfName(5)).toBe('PRF_HMAC_SHA2_256');
    expect(prfName(8)).toBe('PRF_AES128_CMAC');
    expect(integName(2)).toBe('AUTH_HMAC_SHA1_96');
    expect(integName(12)).toBe('AUTH_HMAC_SHA2_256_128');
    expect(integName(14)).toBe('AUTH_HMAC_SHA2_512_256');
  });
  it.each([
    [1, 'MODP_768'],
    [2, 'MODP_1024'],
    [5, 'MODP_1536'],
    [14, 'MODP_2048'],
    [19, 'ECP_256'],
    [20, 'ECP_384'],
    [21, 'ECP_521'],
    [22, 'MODP_1024_160'],
    [24, 'MODP_2048_256'],
    [26, 'ECP_224'],
    [28, 'brainpoolP256r1'],
    [31, 'Curve25519'],
    [32, 'Curve448'],
    [36, 'ML_KEM_768'],
  ])('group %i = %s', (n, name) => expect(dhGroupName(n)).toBe(name));
  it('reserved and private groups fall back', () => {
    expect(dhGroupName(3)).toBe('GROUP(3)');
    expect(dhGroupName(40000)).toBe('PRIVATE_USE(40000)');
  });
  it('appends the key length to ENCR names only', () => {
    expect(transformName(TransformType.ENCR, EncrId.ENCR_AES_CBC, 128)).toBe('ENCR_AES_CBC_128');
    expect(transformName(TransformType.ENCR, EncrId.ENCR_AES_GCM_16, 256)).toBe('ENCR_AES_GCM_16_256');
    expect(transformName(TransformType.ENCR, EncrId.ENCR_3DES)).toBe('ENCR_3DES');
    expect(transformName(TransformType.KE, KeMethod.MODP_1024)).toBe('MODP_1024');
    expect(transformName(TransformType.ADDKE1, KeMethod.ML_KEM_768)).toBe('ML_KEM_768');
    expect(transformName(TransformType.SN, 1)).toBe('ESN');
    expect(transformName(TransformType.INTEG, 2)).toBe('AUTH_HMAC_SHA1_96');
    expect(transformName(99, 7)).toBe('TRANSFORM_TYPE(99):7');
    expect(sequenceNumbersName(0)).toBe('NO_ESN');
  });
  it('knows which ciphers are AEAD', () => {
    expect(isAeadEncr(EncrId.ENCR_AES_GCM_16)).toBe(true);
    expect(isAeadEncr(EncrId.ENCR_AES_CCM_8)).toBe(true);
    expect(isAeadEncr(EncrId.ENCR_CHACHA20_POLY1305)).toBe(true);
    expect(isAeadEncr(EncrId.ENCR_AES_CBC)).toBe(false);
    expect(isAeadEncr(17)).toBe(false);
  });
});

describe('the other registries', () => {
  it('authentication methods', () => {
    expect(authMethodName(1)).toBe('RSA_DIGITAL_SIGNATURE');
    expect(authMethodName(2)).toBe('SHARED_KEY_MIC');
    expect(authMethodName(AuthMethod.DIGITAL_SIGNATURE)).toBe('DIGITAL_SIGNATURE');
    expect(authMethodName(14)).toBe('DIGITAL_SIGNATURE');
    expect(authMethodName(201)).toBe('PRIVATE_USE(201)');
  });
  it('ID types, certificate encodings, TS types, protocols, hashes', () => {
    expect([1, 2, 3, 5, 9, 10, 11, 13].map(idTypeName)).toEqual([
      'ID_IPV4_ADDR', 'ID_FQDN', 'ID_RFC822_ADDR', 'ID_IPV6_ADDR', 'ID_DER_ASN1_DN', 'ID_DER_ASN1_GN', 'ID_KEY_ID', 'ID_NULL',
    ]);
    expect(certEncodingName(4)).toBe('X509_SIGNATURE');
    expect(certEncodingName(12)).toBe('HASH_URL_X509_CERT');
    expect(tsTypeName(7)).toBe('TS_IPV4_ADDR_RANGE');
    expect(tsTypeName(8)).toBe('TS_IPV6_ADDR_RANGE');
    expect([1, 2, 3].map(protocolIdName)).toEqual(['IKE', 'AH', 'ESP']);
    expect(hashAlgorithmName(2)).toBe('SHA2_256');
  });
  it('configuration payload types and attributes, Microsoft private ones included', () => {
    expect(cfgTypeName(CfgType.CFG_REQUEST)).toBe('CFG_REQUEST');
    expect(cfgTypeName(4)).toBe('CFG_ACK');
    expect(cpAttributeName(1)).toBe('INTERNAL_IP4_ADDRESS');
    expect(cpAttributeName(8)).toBe('INTERNAL_IP6_ADDRESS');
    expect(cpAttributeName(25)).toBe('INTERNAL_DNS_DOMAIN');
    expect(cpAttributeName(23456)).toBe('INTERNAL_IP4_SERVER');
    expect(cpAttributeName(23457)).toBe('INTERNAL_IP6_SERVER');
    expect(CpAttributeType.INTERNAL_IP4_SERVER).toBe(23456);
    expect(cpAttributeName(20000)).toBe('PRIVATE_USE(20000)');
    expect(cpAttributeName(100)).toBe('CP_ATTRIBUTE(100)');
  });
  it('EAP codes and method types', () => {
    expect([1, 2, 3, 4].map(eapCodeName)).toEqual(['Request', 'Response', 'Success', 'Failure']);
    expect([1, 2, 3, 4, 13, 21, 25, 26, 254].map(eapTypeName)).toEqual([
      'Identity', 'Notification', 'Nak', 'MD5-Challenge', 'TLS', 'TTLS', 'PEAP', 'MSCHAPv2', 'Expanded',
    ]);
    expect(eapTypeName(200)).toBe('EAP_TYPE(200)');
  });
});
