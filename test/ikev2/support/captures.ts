/** The Wireshark test captures (shared, read-only) and the IKE messages in them. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { udpDatagrams, type UdpDatagram } from './udp-from-capture.js';

export const WIRESHARK_TESTS = process.env.IKESCOPE_WIRESHARK_TESTS ?? '/work/shared/wireshark-tests';

export const captureFiles: string[] = existsSync(WIRESHARK_TESTS)
  ? readdirSync(WIRESHARK_TESTS)
      .filter((n) => /^ikev2-.*\.pcap(ng)?$/.test(n))
      .sort()
      .map((n) => join(WIRESHARK_TESTS, n))
  : [];

/** IKE datagrams (ports 500/4500) of one capture. */
export function ikeDatagrams(path: string): UdpDatagram[] {
  return udpDatagrams(path).filter((d) => [500, 4500].includes(d.srcPort) || [500, 4500].includes(d.dstPort));
}

/** Every IKE message of every capture, labelled "file#frame" for test names. */
export function allMessages(): { name: string; bytes: Uint8Array }[] {
  return captureFiles.flatMap((f) =>
    ikeDatagrams(f).map((d) => ({ name: `${f.split('/').pop()}#${d.frame}`, bytes: d.payload })),
  );
}
