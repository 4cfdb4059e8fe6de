/** `ikescope decrypt`: the traffic inside the tunnels, as a pcap Wireshark reads in the clear. */
import { statSync } from 'node:fs';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { LinkType } from '../../src/net/link.js';
import { exactlyOneCapture, parse } from '../args.js';
import { KEYS_HELP, keysOption } from '../keys-option.js';
import { captureEvents, ports } from '../source.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope decrypt CAPTURE --keys FILE [--keys FILE]… -o OUT.pcap

Decrypts every ESP packet it has keys for and writes the packets inside (tunnel mode: IPv4
and IPv6) to OUT.pcap, link type raw IP, each with its ESP packet's original timestamp, so
Wireshark or tcpdump read the plaintext directly. Keys may be ESP keys, or IKE keys alone: the
CHILD_SA keys are then derived from SK_d (RFC 7296 §2.17), which Wireshark cannot do.
Packets whose ICV fails are not written; a summary on stderr says how many there were.

options:
${KEYS_HELP}
  -o, --out OUT.pcap    where to write the decrypted packets (required)
  --ike-port P[,P…]     UDP ports carrying plain IKE (default 500)
  --natt-port P[,P…]    UDP ports carrying NAT-T (default 4500)

examples:
  ikescope decrypt captures/eap-mschapv2-ping.pcap --keys captures/eap-mschapv2-ping.gateway.log -o inner.pcap
  tshark -r inner.pcap
`;

export async function decrypt(argv: string[]): Promise<number> {
  const { values, positionals } = parse('decrypt', argv, {
    keys: { type: 'string', multiple: true },
    out: { type: 'string', short: 'o' },
    'ike-port': { type: 'string', multiple: true },
    'natt-port': { type: 'string', multiple: true },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const path = exactlyOneCapture('decrypt', positionals);
  if (!values.keys?.length) throw new UsageError('decrypt: which keys? (--keys FILE; see --help)');
  if (!values.out) throw new UsageError('decrypt: where to? (-o OUT.pcap)');
  const out = values.out;
  try { if (statSync(out).isDirectory()) throw new UsageError(`decrypt: ${out} is a folder; give a file name`); } catch (e) { if (e instanceof UsageError) throw e; }
  const keys = await keysOption('decrypt', values.keys);
  for (const p of keys.problems) process.stderr.write(`ikescope: ${p.message}\n`);
  const opts = { ikePorts: ports('decrypt', 'ike-port', values['ike-port'], [500]), natTPorts: ports('decrypt', 'natt-port', values['natt-port'], [4500]) };
  const sessions = new SessionBuilder({ keys: keys.store });
  let writer: PcapWriter | undefined;
  let esp = 0;
  let written = 0;
  let closed = 0;
  let other = 0;
  try {
    for await (const ev of captureEvents(path, 'decrypt', opts)) {
      if (ev.kind !== 'record') continue;
      // Opened lazily: a capture that fails to open leaves no empty output behind.
      writer ??= new PcapWriter(out, { linkType: LinkType.RAW, nanosecond: true });
      const r = ev.record;
      const notes = sessions.add(r);
      if (!r.esp) continue;
      esp++;
      const e = notes.esp;
      if (!e) { if (notes.closed) closed++; continue; }
      // RFC 4303 §2.6: 4 and 41 are IPv4 and IPv6; 59 is a dummy packet (TFC padding).
      if (e.nextHeader !== 4 && e.nextHeader !== 41) { other++; continue; }
      await writer.write(r.sec, r.nsec, e.payload);
      written++;
    }
  } finally {
    await writer?.close();
  }
  const notOpened = esp - written - closed - other;
  process.stderr.write(`ikescope: wrote ${written} decrypted packet(s) to ${out}; of ${esp} ESP packet(s), ${closed} failed their ICV, ${notOpened} had no keys${other ? `, ${other} were not IP (dummy or transport mode)` : ''}\n`);
  return EXIT_OK;
}
