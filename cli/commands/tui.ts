/** `ikescope tui`: the capture in a full-screen terminal UI (src/tui), over the same model as the reports. */
import { createElement } from 'react';
import { openCapture } from '../../src/capture/index.js';
import { ASSUMABLE } from '../../src/analysis/fingerprint.js';
import { MOUSE_OFF, MOUSE_ON } from '../../src/tui/wheel.js';
import { exactlyOneCapture, parse } from '../args.js';
import { KEYS_HELP, keysOption } from '../keys-option.js';
import { ports } from '../source.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope tui CAPTURE [--keys FILE]… [--redact] [--assume-client P]

Opens the capture in a full-screen terminal UI, over the same model as 'ikescope analyze':
a sessions list (one row per IKE_SA: peers, client, state, CHILD_SAs, ESP volume, worst
finding; sort with s, filter with / by address, SPI, identity, rule id or state), and for an
IKE_SA its timeline, its messages, the payload tree of the selected message (decrypted
payloads under SK when keys opened them) and the message's bytes with the selected field
highlighted. The findings view groups findings by severity with their fix, explanation and
evidence frames (Enter jumps to them; Space and b scroll a long finding); y copies one as
Markdown (OSC 52), e writes the IKE_SA's report as Markdown or HTML. Key files can be added
inside the UI (3 or K, then a).

The first IKE_SA shows as soon as it is read; the rest streams in while you look around.
Press ? inside for every key. Needs a terminal of at least 80×24; colours follow NO_COLOR;
the mouse wheel scrolls where the terminal reports it.

options:
${KEYS_HELP}
  --redact              show identities, certificate names and addresses as pseudonyms
                        (ip-1, id-1, subject-1), as 'analyze --redact' does; the hex pane
                        masks the bytes of ID, CERT, CERTREQ, Notify, TS, CP and EAP payloads
  --assume-client P     treat every client as P (${Object.keys(ASSUMABLE).join(', ')})
  --ike-port P[,P…]     UDP ports carrying plain IKE (default 500)
  --natt-port P[,P…]    UDP ports carrying NAT-T (default 4500)

keys: ↑↓/jk move, Enter open, Esc/Backspace back, Tab next pane, / filter, 1 sessions,
      2 findings, 3 keys, ? help, q quit

examples:
  ikescope tui captures/eap-mschapv2-ping.pcap --keys captures/eap-mschapv2-ping.gateway.log
  ikescope tui captures/mobike-move.pcap
  ikescope tui capture.pcapng.gz --keys keys.json --redact
`;

export async function tui(argv: string[]): Promise<number> {
  const { values, positionals } = parse('tui', argv, {
    keys: { type: 'string', multiple: true },
    'assume-client': { type: 'string' },
    'ike-port': { type: 'string', multiple: true },
    'natt-port': { type: 'string', multiple: true },
    redact: { type: 'boolean' },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const path = exactlyOneCapture('tui', positionals);
  const ikePorts = ports('tui', 'ike-port', values['ike-port'], [500]);
  const natTPorts = ports('tui', 'natt-port', values['natt-port'], [4500]);
  const assumeClient = values['assume-client'];
  if (assumeClient !== undefined && !(assumeClient in ASSUMABLE)) throw new UsageError(`tui: --assume-client takes one of ${Object.keys(ASSUMABLE).join(', ')} (got '${assumeClient}')`);
  // Bad key files and files that are no capture are told before the screen is taken over.
  await keysOption('tui', values.keys);
  for await (const ev of openCapture(path)) {
    if (ev.kind === 'problem' && ev.problem.fatal) throw new UsageError(`${path}: ${ev.problem.message}`);
    if (ev.kind === 'info' || ev.kind === 'frame') break;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError(`tui: needs a terminal on standard input and output (for a report in a pipe use 'ikescope analyze ${path}')`);
  const { render, App } = await loadInk();
  const out = process.stdout;
  // The alternate screen keeps the user's scrollback as it was; the mouse reports the wheel.
  out.write('\x1b[?1049h' + MOUSE_ON);
  const restore = () => out.write(MOUSE_OFF + '\x1b[?1049l');
  process.once('exit', restore);
  try {
    const app = render(createElement(App, {
      path, keyFiles: values.keys ?? [], assumeClient, redact: values.redact ?? false,
      color: !process.env.NO_COLOR, ikePorts, natTPorts,
    }), { exitOnCtrlC: true, patchConsole: true, maxFps: 60 });
    await app.waitUntilExit();
  } finally {
    process.off('exit', restore);
    restore();
  }
  // The capture may still be loading: nothing else needs to finish.
  process.exit(EXIT_OK);
}

/**
 * Ink in CI mode (its is-in-ci: CI or CONTINUOUS_INTEGRATION set, read once when ink loads)
 * draws nothing until the app exits. A terminal on both ends was just checked, so someone is
 * looking at it whatever the environment says: ink is loaded with those two unset.
 */
async function loadInk() {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    const [{ render }, { App }] = await Promise.all([import('ink'), import('../../src/tui/app.js')]);
    return { render, App };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}
