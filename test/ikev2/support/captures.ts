/**
 * The Wireshark test captures (shared, read-only) and the IKE messages in them, pulled out with
 * the project's own reader and network decoder: those are tested against tshark on their own
 * (test/integration), so the codec tests can lean on them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture } from '../../../src/capture/index.js';
import { NetDecoder } from '../../../src/net/decoder.js';
import { WIRESHARK_TESTS } from '../../helpers/cli.js';

export { WIRESHARK_TESTS };

export interface UdpDatagram {
  /** 1-based, as Wireshark numbers frames. */
  readonly frame: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** The IKE message; on port 4500 without the 4-octet non-ESP marker. */
  readonly payload: Uint8Array;
  /** True when the datagram came on port 4500 with a non-ESP marker. */
  readonly natt: boolean;
}

export const captureFiles: string[] = existsSync(WIRESHARK_TESTS)
  ? readdirSync(WIRESHARK_TESTS).filter((n) => /^ikev2-.*\.pcap(ng)?$/.test(n)).sort().map((n) => join(WIRESHARK_TESTS, n))
  : [];

async function load(path: string): Promise<UdpDatagram[]> {
  const net = new NetDecoder();
  const out: UdpDatagram[] = [];
  for await (const ev of openCapture(path)) {
    if (ev.kind !== 'frame') continue;
    const p = net.decode(ev.frame);
    if (p.content.kind !== 'ike') continue;
    out.push({ frame: p.frame, srcPort: p.src!.port!, dstPort: p.dst!.port!, payload: p.content.bytes, natt: p.content.nonEspMarker });
  }
  return out;
}

// Loaded once per test file, before any test is defined (tests are generated per message).
const loaded = new Map(await Promise.all(captureFiles.map(async (f) => [f, await load(f)] as const)));

/** IKE datagrams (ports 500/4500) of one capture. */
export function ikeDatagrams(path: string): UdpDatagram[] {
  return loaded.get(path) ?? [];
}

/** Every IKE message of every capture, labelled "file#frame" for test names. */
export function allMessages(): { name: string; bytes: Uint8Array }[] {
  return captureFiles.flatMap((f) => ikeDatagrams(f).map((d) => ({ name: `${f.split('/').pop()}#${d.frame}`, bytes: d.payload })));
}
