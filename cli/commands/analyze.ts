/** `ikescope analyze`: the IKE_SA model of a capture, as text or JSON (schema ikescope.report/1). */
import { statSync, writeFileSync } from 'node:fs';
import type { Report, Severity } from '../../src/analysis/model.js';
import { SessionBuilder } from '../../src/analysis/sessions.js';
import { ASSUMABLE } from '../../src/analysis/fingerprint.js';
import { lint } from '../../src/lint/run.js';
import { renderText } from '../../src/report/text.js';
import { exactlyOneCapture, oneOf, parse } from '../args.js';
import { KEYS_HELP, keysOption } from '../keys-option.js';
import { captureEvents, ports } from '../source.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope analyze CAPTURE [--keys FILE]… [--format text|json] [--out FILE] [--fail-on LEVEL]

Rebuilds every IKE_SA in a capture: its messages (requests paired with responses,
retransmissions marked, IKEv2 and IP fragments gathered), the chosen IKE proposal, who is
behind NAT (recomputed from the NAT_DETECTION hashes), the client's Vendor IDs and a
fingerprint, and ESP per SPI with sequence gaps, replays and reordering. With keys it opens
the encrypted payloads (integrity checked first), rebuilds the CHILD_SAs and decrypts their ESP;
without keys it says what stays open.

options:
${KEYS_HELP}
  --format text|json    text for a terminal (default), or JSON with schema ikescope.report/1
  --out FILE            write the report to FILE instead of standard output
  --assume-client P     treat every client as P (${Object.keys(ASSUMABLE).join(', ')})
                        instead of what its Vendor IDs and proposals suggest
  --fail-on LEVEL       exit 1 when a finding is at LEVEL or above: error (default), warning,
                        info, or never
  --ike-port P[,P…]     UDP ports carrying plain IKE (default 500)
  --natt-port P[,P…]    UDP ports carrying NAT-T (default 4500)

examples:
  ikescope analyze captures/nat-t.pcap
  ikescope analyze captures/aes-gcm.pcap --keys captures/aes-gcm.gateway.log
  ikescope analyze capture.pcapng --format json --out report.json --fail-on warning
`;

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export async function analyze(argv: string[]): Promise<number> {
  const { values, positionals } = parse('analyze', argv, {
    format: { type: 'string' },
    keys: { type: 'string', multiple: true },
    'assume-client': { type: 'string' },
    out: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    'ike-port': { type: 'string', multiple: true },
    'natt-port': { type: 'string', multiple: true },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const format = oneOf('analyze', 'format', values.format, ['text', 'json'] as const, 'text');
  const failOn = oneOf('analyze', 'fail-on', values['fail-on'], ['error', 'warning', 'info', 'never'] as const, 'error');
  const path = exactlyOneCapture('analyze', positionals);
  const opts = { ikePorts: ports('analyze', 'ike-port', values['ike-port'], [500]), natTPorts: ports('analyze', 'natt-port', values['natt-port'], [4500]) };
  const keys = await keysOption('analyze', values.keys);
  const assumeClient = values['assume-client'];
  if (assumeClient !== undefined && !(assumeClient in ASSUMABLE)) throw new UsageError(`analyze: --assume-client takes one of ${Object.keys(ASSUMABLE).join(', ')} (got '${assumeClient}')`);
  const builder = new SessionBuilder({ keys: keys.store, assumeClient });
  for (const p of keys.problems) builder.problem(p);
  let format_ = 'pcap';
  let compressed = false;
  const late = [];
  for await (const ev of captureEvents(path, 'analyze', opts)) {
    if (ev.kind === 'info') { format_ = ev.info.format; compressed = ev.info.compressed; }
    else if (ev.kind === 'record') builder.add(ev.record);
    else late.push(ev.problem);
  }
  const report: Report = lint(builder.finish({ path, format: format_, compressed, bytes: statSync(path).size }, late));
  const color = !values.out && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderText(report, { color });
  if (values.out) {
    try { writeFileSync(values.out, text); } catch (e) { throw new UsageError(`analyze: cannot write ${values.out}: ${(e as Error).message}`); }
  } else {
    process.stdout.write(text);
  }
  if (failOn === 'never') return EXIT_OK;
  return report.findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? EXIT_FINDINGS : EXIT_OK;
}
