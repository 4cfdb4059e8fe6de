/** `ikescope analyze`: the IKE_SA model of a capture, as text, JSON (schema ikescope.report/1), Markdown, HTML or JUnit. */
import { writeFileSync } from 'node:fs';
import type { Report, Severity } from '../../src/analysis/model.js';
import { ASSUMABLE } from '../../src/analysis/fingerprint.js';
import { analyzeCapture } from '../../src/pipeline.js';
import { renderText } from '../../src/report/text.js';
import { reproduceCommand } from '../../src/report/common.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { redactor } from '../../src/report/redact.js';
import { exactlyOneCapture, oneOf, parse } from '../args.js';
import { KEYS_HELP, keysOption } from '../keys-option.js';
import { progressOnStderr } from '../progress.js';
import { ports } from '../source.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope analyze CAPTURE [--keys FILE]… [--format F] [--out FILE] [--redact] [--fail-on LEVEL]

Rebuilds every IKE_SA in a capture: its messages (requests paired with responses,
retransmissions marked, IKEv2 and IP fragments gathered), the chosen IKE proposal, who is
behind NAT (recomputed from the NAT_DETECTION hashes), the client's Vendor IDs and a
fingerprint, and ESP per SPI with sequence gaps, replays and reordering. With keys it opens
the encrypted payloads (integrity checked first), rebuilds the CHILD_SAs and decrypts their ESP;
without keys it says what stays open.

options:
${KEYS_HELP}
  --format F            text for a terminal (default); json (schema ikescope.report/1);
                        md (Markdown for a GitHub/GitLab ticket: summary, SA table, timeline,
                        findings with fixes, how to reproduce); html (one self-contained file
                        with an SVG timeline); junit (JUnit XML for CI: one testcase per rule
                        per IKE_SA)
  --out FILE            write the report to FILE instead of standard output
  --redact              replace identities (IDi/IDr, EAP user names), certificate subjects and
                        all addresses by stable pseudonyms (ip-1, ip6-1, id-1, subject-1) and
                        drop MSCHAPv2 challenge/response values, so the report can go on a
                        public ticket; in every format. Keys are never printed in any format.
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
  ikescope analyze captures/mobike-move.pcap --keys captures/mobike-move.gateway.log --format html --out report.html
  ikescope analyze captures/eap-mschapv2-ping.pcap --keys captures/eap-mschapv2-ping.gateway.log --format md --redact
  ikescope analyze capture.pcap --format junit --out ikescope-junit.xml --fail-on never
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
    redact: { type: 'boolean' },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const format = oneOf('analyze', 'format', values.format, ['text', 'json', 'md', 'html', 'junit'] as const, 'text');
  const failOn = oneOf('analyze', 'fail-on', values['fail-on'], ['error', 'warning', 'info', 'never'] as const, 'error');
  const path = exactlyOneCapture('analyze', positionals);
  const opts = { ikePorts: ports('analyze', 'ike-port', values['ike-port'], [500]), natTPorts: ports('analyze', 'natt-port', values['natt-port'], [4500]) };
  const keys = await keysOption('analyze', values.keys);
  const assumeClient = values['assume-client'];
  if (assumeClient !== undefined && !(assumeClient in ASSUMABLE)) throw new UsageError(`analyze: --assume-client takes one of ${Object.keys(ASSUMABLE).join(', ')} (got '${assumeClient}')`);
  const progress = progressOnStderr('analyze');
  const res = await analyzeCapture(path, { ...opts, keys: keys.store, keyProblems: keys.problems, assumeClient, onProgress: (b, t, f) => progress.update(b, t, f) });
  progress.done();
  if (!res.ok) throw new UsageError(`${path}: ${res.problem.message}`);
  const full: Report = res.report;
  // Redaction is one pass over the model, before any renderer sees it.
  const red = values.redact ? redactor(full) : undefined;
  const report = red ? red.report : full;
  const command = reproduceCommand(argv, red?.text);
  const color = !values.out && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n'
    : format === 'md' ? renderMarkdown(report, { command })
    : format === 'html' ? renderHtml(report, { command })
    : format === 'junit' ? renderJunit(report)
    : renderText(report, { color });
  if (values.out) {
    try { writeFileSync(values.out, text); } catch (e) { throw new UsageError(`analyze: cannot write ${values.out}: ${(e as Error).message}`); }
  } else {
    process.stdout.write(text);
  }
  if (failOn === 'never') return EXIT_OK;
  return report.findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? EXIT_FINDINGS : EXIT_OK;
}
