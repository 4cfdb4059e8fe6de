/**
 * Wireshark's ESP decryption capture (esp-bug-12671.pcapng.gz, AES-CBC-128 + HMAC-SHA1-96) with
 * its esp_sa table: every ESP frame verifies and decrypts to an ICMP echo whose data is the
 * octets 08 09 0a … 37 (the README's reference, tshark 4.0's `data.data`: tshark shows the
 * first 8 octets after the ICMP header as ping's timestamp, and the data after it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encrAlgorithm, integAlgorithm } from '../../src/crypto/algorithms.js';
import type { EspKeys } from '../../src/crypto/types.js';
import { EspDecryptor } from '../../src/esp/decrypt.js';
import { EncrId } from '../../src/ikev2/registry/encr.js';
import { IntegId } from '../../src/ikev2/registry/integ.js';
import { ipsecPackets, WIRESHARK_TESTS, wiresharkEspTable } from '../crypto/oracles.js';
import { toHex } from '../crypto/support.js';

const capture = join(WIRESHARK_TESTS, 'esp-bug-12671.pcapng.gz');
const table = join(WIRESHARK_TESTS, 'esp_sa');

/** The ICMP message inside an ESP payload: tunnel mode (IPv4, Next Header 4) or transport (1). */
function icmpOf(nextHeader: number, payload: Uint8Array): Uint8Array | undefined {
  if (nextHeader === 1) return payload;
  if (nextHeader === 4 && payload[0]! >> 4 === 4 && payload[9] === 1) return payload.subarray((payload[0]! & 0x0f) * 4);
  return undefined;
}

describe.skipIf(!existsSync(capture) || !existsSync(table))('esp-bug-12671 with esp_sa', () => {
  it('every ESP frame verifies and holds an ICMP echo with data 08 09 … 37', async () => {
    const rows = wiresharkEspTable(table);
    const decryptors = new Map(rows.map((row) => {
      expect(row.encrName).toMatch(/^AES-CBC/);
      expect(row.integName).toMatch(/^HMAC-SHA-1-96/);
      const keys: EspKeys = {
        encr: encrAlgorithm(EncrId.ENCR_AES_CBC, row.encrKey.length * 8)!, encrKey: row.encrKey,
        integ: integAlgorithm(IntegId.AUTH_HMAC_SHA1_96)!, integKey: row.integKey, integrity: 'check',
      };
      return [row.spi, { row, d: new EspDecryptor(keys) }] as const;
    }));
    const { esp } = await ipsecPackets(capture);
    expect(esp.length).toBeGreaterThan(0);
    const data = toHex(Uint8Array.from({ length: 0x38 - 8 }, (_, i) => i + 8));
    const spis = new Set<number>();
    for (const { frame, bytes, src, dst } of esp) {
      const spi = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
      const sa = decryptors.get(spi);
      expect(sa, `frame ${frame}: SPI ${spi.toString(16)}`).toBeDefined();
      expect([src, dst]).toEqual([sa!.row.src, sa!.row.dst]);
      spis.add(spi);
      const out = sa!.d.open(bytes);
      expect(out, `frame ${frame}`).toMatchObject({ ok: true, integrity: 'verified', padding: 'default' });
      if (!out.ok) continue;
      const icmp = icmpOf(out.nextHeader, out.payload);
      expect(icmp && [0, 8].includes(icmp[0]!), `frame ${frame}: ICMP echo`).toBe(true);
      expect(icmp!.length).toBe(8 + 8 + 48);
      expect(toHex(icmp!.subarray(16)), `frame ${frame}`).toBe(data);
      const bad = bytes.slice();
      bad[bad.length - 13] ^= 0x10; // last ciphertext octet
      expect(sa!.d.open(bad)).toMatchObject({ ok: false, reason: 'icv-mismatch' });
    }
    expect(spis).toEqual(new Set([0xc254fe64, 0x070883c2]));
  });
});
