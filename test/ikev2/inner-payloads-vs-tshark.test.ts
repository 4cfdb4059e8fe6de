// Decrypted SK contents of the Wireshark test captures, as tshark 4.0 decrypts them with the
// shipped key table: parseInnerPayloads reads every inner payload, agrees with tshark's types
// and AUTH data (and with the table in wireshark-tests/README.md), and re-encodes byte for byte.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PayloadType, hex, isPayload, labelPayloads, parseInnerPayloads, serializePayloads } from '../../src/ikev2/index.js';
import { WIRESHARK_TESTS, captureFiles } from './support/captures.js';
import { labRequired, tsharkAvailable, tsharkDecrypted } from './support/tshark.js';

/** wireshark-tests/README.md: decrypted AUTH payload data, in frame order. */
const README_AUTH: Record<string, string[]> = {
  'ikev2-decrypt-3des-sha1_160.pcap': ['02f7a0d5f1fdc8ea81039818c65bb9bd09af9b8917319b887ff9ba3046c344c7', 'f6bbc7b60d1502191f1c6bed6fd8dcda8c4c0f879ff5ae544b66086392959641'],
  'ikev2-decrypt-aes128ccm12-2.pcap': ['aaa281c87b4a19046c57271d557488ca413b57228cb951f5fa9640992a0285b9', 'ca9504df5c91a0ee5216148cf70759f4621edaa32ce1a2498ae56d8dba9be460'],
  'ikev2-decrypt-aes128ccm12.pcap': ['c335abf2598a6730a4c3ff3a9e3281c24f3899e1d02027f47dc065bc2c1eedca', 'c2104394299e1ffe7908ea720ad5d13717a0d454e4fa0a2128ea689411f479c4'],
  'ikev2-decrypt-aes192ctr.pcap': ['3ec23dcf9348485638407c754547aeb3085290082c49f583fdbae59263a20b4a', '37cc3de8ba560cec4ed39aae24f19e5c94cc55654c060a322ecd1e72f7f791a2'],
  'ikev2-decrypt-aes256cbc.pcapng': ['e1a8d550064201a7ec024a85758d0673c61c5c510ac13bcd225d6327f50da3d3', 'ebbc48efe986d5058f0d52a71f34986d1ab78f63c0fdde69164cd57638b1b048'],
  'ikev2-decrypt-aes256ccm16.pcapng': ['fa2e74bdc01e30fb0b3ddc9723c9449095969da51f69e560209d2c2b7940210a', 'bf368b0105a598390eeb6b230ff279cd21ba70481370b19f0d7c739c69b97999'],
  'ikev2-decrypt-aes256gcm16.pcap': ['bc404a4c66a36c59a0b3fd700bbc5597176ad2c5e5df5bba82c4a6b6b4ef8b31', '9ab71f14ab553cad873a1aa70b99df155dee77cdcf3694b3b7527acbb9712ded'],
  'ikev2-decrypt-aes256gcm8.pcap': ['4a66d822d0afbc22ad9a92a2cf4287c920ad8ac3b069a4a7e75fe0a5d499f914', 'fba50353f2535dab9804ca772fc7b2d19e85ffb48da87918a9a54bbd9975a078'],
};

if (!tsharkAvailable) {
  if (labRequired) {
    it('needs tshark (IKESCOPE_REQUIRE_LAB=1)', () => {
      throw new Error('tshark not found, and IKESCOPE_REQUIRE_LAB=1 makes that a failure');
    });
  } else {
    it.skip('tshark not installed: skipping the decrypted-payload comparison', () => {});
  }
} else {
  // tshark reads its key tables from a configuration folder; give it a private one.
  const configDir = mkdtempSync(join(tmpdir(), 'ikescope-ws-'));
  copyFileSync(join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(configDir, 'ikev2_decryption_table'));
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  describe.each(captureFiles.map((f) => [f.split('/').pop()!, f] as const))('%s', (name, file) => {
    const decrypted = tsharkDecrypted(file, configDir);

    it('tshark decrypts its SK payloads', () => {
      expect(decrypted.length).toBeGreaterThanOrEqual(2);
      expect(decrypted.filter((d) => d.inner.length > 0).length).toBeGreaterThanOrEqual(2);
    });

    it.each(decrypted.map((d) => [d.frame, d] as const))('frame %i: inner payloads agree and re-encode exactly', (_f, d) => {
      const chain = parseInnerPayloads(d.firstType, d.inner);
      expect(chain.malformed).toBeUndefined();
      expect(chain.payloads.map((p) => p.type)).toEqual(d.innerTypes);
      const again = serializePayloads(chain.payloads);
      expect(again.firstType).toBe(d.firstType);
      expect(hex(again.bytes)).toBe(hex(d.inner));
      const auth = chain.payloads.flatMap((p) => (isPayload(p, PayloadType.AUTH) ? [hex(p.data)] : []));
      expect(auth).toEqual(d.auth);
    });

    it('AUTH data matches wireshark-tests/README.md', () => {
      const auth = decrypted.flatMap((d) =>
        parseInnerPayloads(d.firstType, d.inner).payloads.flatMap((p) => (isPayload(p, PayloadType.AUTH) ? [hex(p.data)] : [])),
      );
      expect(auth).toEqual(README_AUTH[name]);
    });

    it('the IKE_AUTH request reads as IDi ... AUTH SA TSi TSr', () => {
      const first = decrypted.find((d) => d.firstType === PayloadType.IDi)!;
      const labels = labelPayloads(parseInnerPayloads(first.firstType, first.inner).payloads, { fromInitiator: true });
      expect(labels[0]).toBe('IDi');
      expect(labels).toEqual(expect.arrayContaining(['AUTH', 'SA', 'TSi', 'TSr']));
    });
  });
}
