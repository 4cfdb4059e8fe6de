/**
 * Wireshark's own IKEv2/ESP decryption tests (../shared/wireshark-tests), through the path a
 * user takes: the key tables loaded as given (`--keys ikev2_decryption_table --keys esp_sa`)
 * and the analysis pass. The expected values are those of the set's README, which records what
 * tshark 4.0 decrypts; the README is read here, not copied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../src/analysis/packets.js';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { openCapture } from '../../src/capture/index.js';
import { hex } from '../../src/ikev2/bytes.js';
import { isRaw } from '../../src/ikev2/payload.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { loadKeys } from '../../src/keys/index.js';
import { WIRESHARK_TESTS } from '../helpers/cli.js';

const readme = readFileSync(join(WIRESHARK_TESTS, 'README.md'), 'utf8');
/** | capture | AUTH data, AUTH data | rows of the README's table. */
const expected = [...readme.matchAll(/^\| (ikev2-decrypt-\S+) \| ([0-9a-f]+), ([0-9a-f]+) \|$/gm)].map((m) => ({ capture: m[1]!, auth: [m[2]!, m[3]!] }));
const tables = [join(WIRESHARK_TESTS, 'ikev2_decryption_table'), join(WIRESHARK_TESTS, 'esp_sa')];

async function pass(capture: string) {
  const { store, problems } = await loadKeys(tables);
  const sessions = new SessionBuilder({ keys: store });
  const frames = [];
  for await (const ev of decodeFrames(openCapture(join(WIRESHARK_TESTS, capture)))) {
    if (ev.kind === 'record') frames.push({ record: ev.record, notes: sessions.add(ev.record) });
  }
  return { frames, problems };
}

describe('Wireshark decryption test set', () => {
  it('the README names eight IKEv2 captures', () => expect(expected.length).toBe(8));

  it('the key tables load as given, the odd rows included, without problems', async () => {
    const { store, problems } = await loadKeys(tables);
    expect(problems).toEqual([]);
    expect(store.ike.length).toBe(9);
    expect(store.esp.length).toBe(2);
  });

  for (const { capture, auth } of expected) {
    it(`${capture}: decrypted AUTH data in frame order`, async () => {
      const { frames } = await pass(capture);
      const got = frames.flatMap(({ notes }) => (notes.inner?.payloads ?? []).filter((p) => p.type === PayloadType.AUTH && !isRaw(p)).map((p) => hex((p as { data: Uint8Array }).data)));
      expect(got).toEqual(auth);
      // The row that names AES-CTR with "No Checking" for a CCM session is honoured as written.
      const integrity = frames.map(({ notes }) => notes.inner?.integrity).filter(Boolean);
      expect(integrity.length).toBeGreaterThanOrEqual(2);
      expect(new Set(integrity)).toEqual(new Set([capture === 'ikev2-decrypt-aes128ccm12-2.pcap' ? 'unchecked' : 'verified']));
    });
  }

  it('esp-bug-12671.pcapng.gz: every ESP frame verifies and carries the ICMP echo 08 09 0a … 37', async () => {
    const { frames } = await pass('esp-bug-12671.pcapng.gz');
    const esp = frames.filter(({ record }) => record.esp);
    expect(esp.length).toBe(6);
    const data = Uint8Array.from({ length: 0x37 - 0x08 + 1 }, (_, i) => 0x08 + i);
    for (const { notes } of esp) {
      expect(notes.esp?.integrity).toBe('verified');
      expect(notes.esp?.inner?.summary).toMatch(/^ICMP echo (request|reply)/);
      const p = notes.esp!.payload;
      // IPv4 header (20) + ICMP header (8) + ping's 8-octet timestamp, then the pattern.
      expect(hex(p.subarray(p.length - data.length))).toBe(hex(data));
    }
  });
});
