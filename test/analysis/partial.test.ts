/** What a live view reads while a capture streams: `partial()` and the decrypted bytes in the notes. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../../src/analysis/packets.js';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { openCapture } from '../../src/capture/index.js';
import { GENERIC_HEADER_LENGTH, parseGenericHeader } from '../../src/ikev2/generic-header.js';
import { loadKeys } from '../../src/keys/index.js';
import { CAPTURES } from '../helpers/cli.js';

describe('SessionBuilder for a live view', () => {
  it('partial() lists the IKE_SAs known so far, the same records finish() reports', async () => {
    const path = join(CAPTURES, 'ike-rekey.pcap');
    const b = new SessionBuilder();
    const seen: number[] = [];
    for await (const ev of decodeFrames(openCapture(path))) {
      if (ev.kind !== 'record') continue;
      b.add(ev.record);
      seen.push(b.partial().ikeSas.length);
    }
    // Usable as soon as the first IKE message is read.
    expect(seen.find((n) => n > 0)).toBe(1);
    expect(b.partial().frames).toBe(seen.length);
    const partial = b.partial().ikeSas;
    const report = b.finish({ path, format: 'pcap', compressed: false, bytes: 0 });
    expect(report.ikeSas.length).toBeGreaterThan(1);
    expect(partial).toEqual(report.ikeSas);
    // The count only grows, one IKE_SA at a time as the capture reveals them.
    for (let i = 1; i < seen.length; i++) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(0);
  });

  it('gives the plaintext the inner payloads were read from: their generic headers tile it', async () => {
    const path = join(CAPTURES, 'aes-gcm.pcap');
    const { store } = await loadKeys([join(CAPTURES, 'aes-gcm.gateway.log')]);
    const b = new SessionBuilder({ keys: store });
    let opened = 0;
    for await (const ev of decodeFrames(openCapture(path))) {
      if (ev.kind !== 'record') continue;
      const notes = b.add(ev.record);
      if (!notes.inner) continue;
      opened++;
      const pt = notes.inner.plaintext!;
      let at = 0;
      for (const _ of notes.inner.payloads) {
        const h = parseGenericHeader(pt, at);
        expect(h.ok).toBe(true);
        if (h.ok) at += h.value.length;
        expect(h.ok && h.value.length).toBeGreaterThanOrEqual(GENERIC_HEADER_LENGTH);
      }
      expect(at).toBe(pt.length);
    }
    expect(opened).toBeGreaterThan(2);
  });
});
