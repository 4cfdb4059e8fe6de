/** `ikescope dump`: one line (or JSON record) per frame, in capture order. */
import { once } from 'node:events';
import { exactlyOneCapture, oneOf, parse } from '../args.js';
import { KEYS_HELP, keysOption } from '../keys-option.js';
import { captureEvents, ports } from '../source.js';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { frameJson, frameLine } from '../../src/report/frame-record.js';
import { messageTree } from '../../src/report/payload-tree.js';
import { EXIT_OK } from '../usage-error.js';

const HELP = `usage: ikescope dump CAPTURE [--keys FILE]… [--format text|jsonl] [-V]

Prints every frame of a pcap or pcapng capture (gzip'd or not), numbered as Wireshark numbers
them: time since the first frame, addresses and ports, then for IKE the exchange, message ID,
sender role (I = original initiator, R = original responder), request/response and the outer
payloads (SA KE Ni N(NAT_DETECTION_SOURCE_IP) …); for ESP the SPI and sequence number.
IP-fragmented messages show on the frame that completed them, naming all their frames.
Problems in the input (truncated records, malformed payloads) are printed under their frame.
With keys, encrypted IKE messages show their decrypted payloads ("SK {IDi AUTH …}") and ESP
packets what they carry; -V shows the decrypted payload tree.

options:
${KEYS_HELP}
  --format text|jsonl   text (default) or one JSON object per line, for scripts
  -V, --verbose         add the payload tree of each IKE message (proposals, notifies, IDs, …)
  --ike-port P[,P…]     UDP ports carrying plain IKE (default 500)
  --natt-port P[,P…]    UDP ports carrying NAT-T: IKE after the non-ESP marker, or ESP (default 4500)

examples:
  ikescope dump captures/eap-mschapv2-ping.pcap
  ikescope dump capture.pcapng.gz --format jsonl | jq 'select(.kind=="ike") | .ike.exchange'
`;

export async function dump(argv: string[]): Promise<number> {
  const { values, positionals } = parse('dump', argv, {
    format: { type: 'string' },
    keys: { type: 'string', multiple: true },
    verbose: { type: 'boolean', short: 'V' },
    'ike-port': { type: 'string', multiple: true },
    'natt-port': { type: 'string', multiple: true },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const format = oneOf('dump', 'format', values.format, ['text', 'jsonl'] as const, 'text');
  const path = exactlyOneCapture('dump', positionals);
  const opts = { ikePorts: ports('dump', 'ike-port', values['ike-port'], [500]), natTPorts: ports('dump', 'natt-port', values['natt-port'], [4500]) };
  const keys = await keysOption('dump', values.keys);
  for (const p of keys.problems) process.stderr.write(`ikescope: ${p.message}\n`);
  // The same pass as analyze: it binds keys to SAs and knows the CHILD_SAs ESP belongs to.
  const sessions = new SessionBuilder({ keys: keys.store });
  const out = process.stdout;
  let firstTs: number | undefined;
  let buf = '';
  const emit = async (line: string) => {
    buf += line + '\n';
    if (buf.length > 64 * 1024) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  };
  for await (const ev of captureEvents(path, 'dump', opts)) {
    if (ev.kind === 'info') continue;
    if (ev.kind === 'problem') {
      const p = ev.problem;
      await emit(format === 'jsonl'
        ? JSON.stringify({ kind: 'problem', code: p.code, message: p.message, frame: p.frame ?? null, offset: p.offset ?? null })
        : `${p.frame !== undefined ? String(p.frame).padStart(6) : '      '}  ! ${p.code}: ${p.message}`);
      continue;
    }
    const r = ev.record;
    firstTs ??= r.sec + r.nsec / 1e9;
    const notes = sessions.add(r);
    const j = frameJson(r, firstTs, notes);
    if (format === 'jsonl') {
      await emit(JSON.stringify(j));
    } else {
      await emit(frameLine(j));
      if (values.verbose && r.ike?.version === 2) await emit(messageTree(r.ike.message, notes.inner?.payloads).join('\n'));
    }
  }
  if (buf) out.write(buf);
  return EXIT_OK;
}
