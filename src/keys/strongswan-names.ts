/**
 * strongSwan's proposal keywords as charon logs them ("selected proposal:
 * IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"): proposal_printf_hook prints
 * each transform with its enum name (encryption_algorithm_names, integrity_algorithm_names,
 * pseudo_random_function_names, key_exchange_method_names, extended_sequence_numbers_names in
 * src/libstrongswan/crypto/) and appends "_<key size>" when the transform has one.
 */
import { EncrId, IntegId, PrfId } from '../ikev2/registry/index.js';
import { StrongSwanIntegId } from './algorithms.js';
import type { AlgorithmRef, IntegrityRef } from './model.js';

const ENCR_NAMES = new Map<string, number>([
  ['DES_IV64', EncrId.ENCR_DES_IV64],
  ['DES_CBC', EncrId.ENCR_DES],
  ['3DES_CBC', EncrId.ENCR_3DES],
  ['RC5_CBC', EncrId.ENCR_RC5],
  ['IDEA_CBC', EncrId.ENCR_IDEA],
  ['CAST_CBC', EncrId.ENCR_CAST],
  ['BLOWFISH_CBC', EncrId.ENCR_BLOWFISH],
  ['3IDEA', EncrId.ENCR_3IDEA],
  ['DES_IV32', EncrId.ENCR_DES_IV32],
  ['NULL', EncrId.ENCR_NULL],
  ['AES_CBC', EncrId.ENCR_AES_CBC],
  ['AES_CTR', EncrId.ENCR_AES_CTR],
  ['AES_CCM_8', EncrId.ENCR_AES_CCM_8],
  ['AES_CCM_12', EncrId.ENCR_AES_CCM_12],
  ['AES_CCM_16', EncrId.ENCR_AES_CCM_16],
  ['AES_GCM_8', EncrId.ENCR_AES_GCM_8],
  ['AES_GCM_12', EncrId.ENCR_AES_GCM_12],
  ['AES_GCM_16', EncrId.ENCR_AES_GCM_16],
  ['NULL_AES_GMAC', EncrId.ENCR_NULL_AUTH_AES_GMAC],
  ['CAMELLIA_CBC', EncrId.ENCR_CAMELLIA_CBC],
  ['CAMELLIA_CTR', EncrId.ENCR_CAMELLIA_CTR],
  ['CAMELLIA_CCM_8', EncrId.ENCR_CAMELLIA_CCM_8],
  ['CAMELLIA_CCM_12', EncrId.ENCR_CAMELLIA_CCM_12],
  ['CAMELLIA_CCM_16', EncrId.ENCR_CAMELLIA_CCM_16],
  ['CHACHA20_POLY1305', EncrId.ENCR_CHACHA20_POLY1305],
]);

const INTEG_NAMES = new Map<string, number>([
  ['HMAC_MD5_96', IntegId.AUTH_HMAC_MD5_96],
  ['HMAC_SHA1_96', IntegId.AUTH_HMAC_SHA1_96],
  ['DES_MAC', IntegId.AUTH_DES_MAC],
  ['KPDK_MD5', IntegId.AUTH_KPDK_MD5],
  ['AES_XCBC_96', IntegId.AUTH_AES_XCBC_96],
  ['HMAC_MD5_128', IntegId.AUTH_HMAC_MD5_128],
  ['HMAC_SHA1_160', IntegId.AUTH_HMAC_SHA1_160],
  ['AES_CMAC_96', IntegId.AUTH_AES_CMAC_96],
  ['AES_128_GMAC', IntegId.AUTH_AES_128_GMAC],
  ['AES_192_GMAC', IntegId.AUTH_AES_192_GMAC],
  ['AES_256_GMAC', IntegId.AUTH_AES_256_GMAC],
  ['HMAC_SHA2_256_128', IntegId.AUTH_HMAC_SHA2_256_128],
  ['HMAC_SHA2_384_192', IntegId.AUTH_HMAC_SHA2_384_192],
  ['HMAC_SHA2_512_256', IntegId.AUTH_HMAC_SHA2_512_256],
  ['HMAC_SHA1_128', StrongSwanIntegId.AUTH_HMAC_SHA1_128],
  ['HMAC_SHA2_256_96', StrongSwanIntegId.AUTH_HMAC_SHA2_256_96],
  ['HMAC_SHA2_256_256', StrongSwanIntegId.AUTH_HMAC_SHA2_256_256],
  ['HMAC_SHA2_384_384', StrongSwanIntegId.AUTH_HMAC_SHA2_384_384],
  ['HMAC_SHA2_512_512', StrongSwanIntegId.AUTH_HMAC_SHA2_512_512],
]);

/** strongSwan's PRF names are IANA's. */
const PRF_NAMES = new Map<string, number>(Object.entries(PrfId));

/** Key exchange methods: not needed for keys, recognised so they are not taken for unknowns. */
const KE = /^(KE\d_)?(KE_NONE|NONE|MODP_\w+|ECP_\w+|CURVE_\w+|GOST3410_\w+|ML_KEM_\w+|X25519|X448)$/;

export interface StrongSwanProposal {
  readonly protocol: 'IKE' | 'ESP' | 'AH';
  readonly encr?: AlgorithmRef;
  /** Absent when the proposal has none (AEAD, or ESP without integrity): then 'none'. */
  readonly integ?: IntegrityRef;
  readonly prf?: AlgorithmRef;
  readonly esn?: boolean;
  /** Keywords it did not know. */
  readonly unknown: readonly string[];
}

function encrFromKeyword(word: string): AlgorithmRef | undefined {
  const exact = ENCR_NAMES.get(word);
  if (exact !== undefined) return { id: exact };
  const m = /^(.*)_(\d+)$/.exec(word);
  if (!m) return undefined;
  const id = ENCR_NAMES.get(m[1]!);
  return id === undefined ? undefined : { id, keyLength: Number(m[2]) };
}

/** "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" → transforms. */
export function parseStrongSwanProposal(text: string): StrongSwanProposal | undefined {
  const m = /^(IKE|ESP|AH):(\S+)$/.exec(text.trim());
  if (!m) return undefined;
  let encr: AlgorithmRef | undefined;
  let integ: IntegrityRef | undefined;
  let prf: AlgorithmRef | undefined;
  let esn: boolean | undefined;
  const unknown: string[] = [];
  for (const word of m[2]!.split('/')) {
    if (word === 'NO_EXT_SEQ') { esn = false; continue; }
    if (word === 'EXT_SEQ') { esn = true; continue; }
    const p = PRF_NAMES.get(word);
    if (p !== undefined) { prf = { id: p }; continue; }
    const i = INTEG_NAMES.get(word);
    if (i !== undefined) { integ = { kind: 'transform', ref: { id: i } }; continue; }
    const e = encrFromKeyword(word);
    if (e) { encr = e; continue; }
    if (KE.test(word)) continue;
    unknown.push(word);
  }
  return {
    protocol: m[1] as 'IKE' | 'ESP' | 'AH',
    ...(encr ? { encr } : {}), ...(integ ? { integ } : {}), ...(prf ? { prf } : {}), ...(esn !== undefined ? { esn } : {}),
    unknown,
  };
}
