/**
 * strongSwan's save-keys plugin output (charon.plugins.save-keys, save_keys_listener.c), made
 * here from the lab logs' keys exactly as its fprintf lines and name maps write them, including
 * the names Wireshark 4 itself would not take ("AES-GCM [RFC4106]" with "ANY 128 bit
 * authentication [no checking]" and an empty "0x" key): it reads as the same keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncrId, IntegId } from '../../src/ikev2/registry/index.js';
import { loadKeys, parseKeyText } from '../../src/keys/load.js';
import type { EspSaKeySet, IkeSaKeySet } from '../../src/keys/model.js';
import { toHex } from '../../src/keys/text.js';
import { CAPTURES } from '../helpers/cli.js';
import { comparable } from './helpers.js';

// save_keys_listener.c: ike_encr[], ike_integ[], esp_encr[], esp_integ[]
const IKE_ENCR = (id: number, bits?: number): string | undefined => {
  if (id === EncrId.ENCR_3DES) return '3DES [RFC2451]';
  if (id === EncrId.ENCR_AES_CBC) return `AES-CBC-${bits} [RFC3602]`;
  if (id === EncrId.ENCR_AES_CTR) return `AES-CTR-${bits} [RFC5930]`;
  const aead = { 18: ['GCM', 8], 19: ['GCM', 12], 20: ['GCM', 16], 14: ['CCM', 8], 15: ['CCM', 12], 16: ['CCM', 16] }[id];
  return aead ? `AES-${aead[0]}-${bits} with ${aead[1]} octet ICV [RFC5282]` : undefined;
};
const IKE_INTEG: Record<number, string> = {
  [IntegId.AUTH_HMAC_MD5_96]: 'HMAC_MD5_96 [RFC2403]', [IntegId.AUTH_HMAC_SHA1_96]: 'HMAC_SHA1_96 [RFC2404]',
  [IntegId.AUTH_HMAC_SHA2_256_128]: 'HMAC_SHA2_256_128 [RFC4868]', [IntegId.AUTH_HMAC_SHA2_384_192]: 'HMAC_SHA2_384_192 [RFC4868]',
  [IntegId.AUTH_HMAC_SHA2_512_256]: 'HMAC_SHA2_512_256 [RFC4868]',
};
const ESP_ENCR: Record<number, string> = {
  [EncrId.ENCR_NULL]: 'NULL', [EncrId.ENCR_3DES]: 'TripleDES-CBC [RFC2451]', [EncrId.ENCR_AES_CBC]: 'AES-CBC [RFC3602]',
  [EncrId.ENCR_AES_CTR]: 'AES-CTR [RFC3686]', [EncrId.ENCR_AES_GCM_8]: 'AES-GCM [RFC4106]', [EncrId.ENCR_AES_GCM_12]: 'AES-GCM [RFC4106]',
  [EncrId.ENCR_AES_GCM_16]: 'AES-GCM [RFC4106]',
};
const ESP_INTEG: Record<number, string> = {
  [IntegId.AUTH_HMAC_SHA1_96]: 'HMAC-SHA-1-96 [RFC2404]', [IntegId.AUTH_HMAC_MD5_96]: 'HMAC-MD5-96 [RFC2403]',
  [IntegId.AUTH_HMAC_SHA2_256_128]: 'HMAC-SHA-256-128 [RFC4868]', [IntegId.AUTH_HMAC_SHA2_384_192]: 'HMAC-SHA-384-192 [RFC4868]',
  [IntegId.AUTH_HMAC_SHA2_512_256]: 'HMAC-SHA-512-256 [RFC4868]',
};
/** esp_names() with no integrity transform: the GCM ICV length as "ANY n bit". */
const GCM_ANY: Record<number, string> = { 18: 'ANY 64 bit authentication [no checking]', 19: 'ANY 96 bit authentication [no checking]', 20: 'ANY 128 bit authentication [no checking]' };

/** ike_derived_keys(): "%.16"PRIx64",%.16"PRIx64",%+B,%+B,\"%s\",%+B,%+B,\"%s\"\n", only when both names exist. */
function ikeLine(s: IkeSaKeySet): string {
  const enc = IKE_ENCR(s.encr!.id, s.encr!.keyLength);
  const integ = s.integ!.kind === 'none' ? 'NONE [RFC4306]' : s.integ!.kind === 'transform' ? IKE_INTEG[s.integ!.ref.id] : undefined;
  if (!enc || !integ) return '';
  const h = (b?: Uint8Array) => (b ? toHex(b) : '');
  return `${s.ispi},${s.rspi},${h(s.skEi)},${h(s.skEr)},"${enc}",${h(s.skAi)},${h(s.skAr)},"${integ}"\n`;
}

/** child_derived_keys(): "\"%s\",\"%H\",\"%H\",\"0x%.8x\",\"%s\",\"0x%+B\",\"%s\",\"0x%+B\"\n". */
function espLine(s: EspSaKeySet, src: string, dst: string): string {
  const enc = ESP_ENCR[s.encr!.id];
  const integ = s.integ!.kind === 'transform' ? ESP_INTEG[s.integ!.ref.id] : GCM_ANY[s.encr!.id] ?? 'NULL';
  if (!enc || !integ) return '';
  const family = src.includes(':') ? 'IPv6' : 'IPv4';
  return `"${family}","${src}","${dst}","0x${s.spi!.toString(16).padStart(8, '0')}","${enc}","0x${toHex(s.encrKey)}","${integ}","0x${s.integKey ? toHex(s.integKey) : ''}"\n`;
}

describe("strongSwan save-keys output", () => {
  for (const name of ['eap-mschapv2-ping', '3des-sha1', 'aes-gcm', 'production-windows', 'child-rekey']) {
    it(`${name}: the save-keys tables read as the log's keys, with the addresses they name`, async () => {
      const log = join(CAPTURES, `${name}.gateway.log`);
      const text = readFileSync(log, 'utf8');
      const { store } = await loadKeys([log]);
      // the addresses of each SPI, as the plugin prints them
      const addr = new Map([...text.matchAll(/SPI 0x([0-9a-f]{8}), src (\S+) dst (\S+)/g)].map((m) => [parseInt(m[1]!, 16), [m[2]!, m[3]!] as const]));
      const ikeTable = store.ike.map(ikeLine).join('');
      const espTable = store.esp.map((s) => espLine(s, ...addr.get(s.spi!)!)).join('');
      expect(ikeTable).not.toBe('');
      expect(espTable).not.toBe('');
      const ike = parseKeyText(ikeTable, 'ikev2_decryption_table');
      const esp = parseKeyText(espTable, 'esp_sa');
      expect([ike.format, esp.format]).toEqual(['ikev2_decryption_table', 'esp_sa']);
      expect([...ike.problems, ...esp.problems]).toEqual([]);
      const want = comparable(store);
      const strip = (x: Record<string, unknown>) => ({ ...x, skD: undefined, skPi: undefined, skPr: undefined, prf: undefined });
      expect(comparable(ike).ike).toEqual(want.ike.map((x) => strip(x as Record<string, unknown>)).map((x) => JSON.parse(JSON.stringify(x))));
      expect(comparable(esp).esp).toEqual(want.esp.map((x) => {
        const s = x as Record<string, unknown>;
        const [src, dst] = addr.get(s.spi as number)!;
        return JSON.parse(JSON.stringify({ ...s, src, dst, esn: undefined }));
      }));
    });
  }

  it('takes the names in any case ("TripleDes-CBC") and the draft HMAC-SHA-256-96', () => {
    const r = parseKeyText([
      `"IPv4","198.51.100.1","198.51.100.2","0x0000abcd","TripleDes-CBC","0x${'11'.repeat(24)}","hmac-sha-1-96","0x${'22'.repeat(20)}"`,
      `"IPv4","198.51.100.2","198.51.100.1","0x0000abce","aes-cbc","0x${'11'.repeat(16)}","HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]","0x${'22'.repeat(32)}"`,
    ].join('\n'), 'esp_sa');
    expect(r.problems).toEqual([]);
    expect(r.esp.map((s) => [s.encr, s.integ])).toEqual([
      [{ id: EncrId.ENCR_3DES }, { kind: 'transform', ref: { id: IntegId.AUTH_HMAC_SHA1_96 } }],
      [{ id: EncrId.ENCR_AES_CBC, keyLength: 128 }, { kind: 'transform', ref: { id: 1026 } }],
    ]);
    const ike = parseKeyText(`0123456789abcdef,fedcba9876543210,${'11'.repeat(16)},${'22'.repeat(16)},"AES-CBC-128 [RFC3602]",${'33'.repeat(32)},${'44'.repeat(32)},"HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]"\n`, 't');
    expect(ike.problems).toEqual([]);
    expect(ike.ike[0]!.integ).toEqual({ kind: 'transform', ref: { id: 1026 } });
  });

  it('says ikescope reads no IKEv1 table (save-keys writes ikev1_decryption_table beside them)', () => {
    const r = parseKeyText(`0123456789abcdef,${'ab'.repeat(32)}\n`, 'ikev1_decryption_table');
    expect(r.format).toBeUndefined();
    expect(r.problems).toEqual([{ code: 'keys/unsupported-format', message: 'ikev1_decryption_table: a Wireshark/strongSwan ikev1_decryption_table; ikescope reads IKEv2 only', fatal: true }]);
  });
});
