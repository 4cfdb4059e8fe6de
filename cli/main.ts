/**
 * ikescope entry point: dispatches to one file per command. The only place that turns an
 * error into an exit code: usage and input errors print one line and exit 2, never a stack.
 */
import { EXIT_USAGE, UsageError } from './usage-error.js';

interface Command {
  readonly summary: string;
  readonly run: (argv: string[]) => Promise<number>;
}

const commands: Record<string, Command> = {
  analyze: { summary: 'rebuild IKE_SAs and ESP per SPI; text or JSON report (schema ikescope.report/1)', run: async (a) => (await import('./commands/analyze.js')).analyze(a) },
  dump: { summary: 'one line per frame (IKE exchange, MID, payloads; ESP SPI, seq); -V for the payload tree', run: async (a) => (await import('./commands/dump.js')).dump(a) },
  decrypt: { summary: 'write the traffic inside the tunnels to a pcap (raw IP), with given or derived ESP keys', run: async (a) => (await import('./commands/decrypt.js')).decrypt(a) },
  keys: { summary: 'show key files (never the key bytes unless --show-keys), or convert them for Wireshark or to JSON', run: async (a) => (await import('./commands/keys.js')).keys(a) },
  rules: { summary: 'the interop rule catalog, or one rule explained with its source and fix', run: async (a) => (await import('./commands/rules.js')).rules(a) },
  tui: { summary: 'browse the capture in a full-screen terminal UI: sessions, timelines, payload trees, hex, findings', run: async (a) => (await import('./commands/tui.js')).tui(a) },
  connect: { summary: 'connect to an IKEv2 gateway as a client: IKE_SA, CHILD_SA, pings through userspace ESP; writes its own pcap and keys', run: async (a) => (await import('./commands/connect.js')).connect(a) },
  replay: { summary: 'do a captured session again against a gateway and compare its answers, exchange by exchange', run: async (a) => (await import('./commands/replay.js')).replay(a) },
  suite: { summary: 'run regression suites against a gateway (suites/*.yaml) and write JUnit, Markdown, HTML', run: async (a) => (await import('./commands/suite.js')).suite(a) },
};

const HELP = `ikescope — IKEv2/IPsec capture analyzer and interop test oracle

usage: ikescope COMMAND [options]

commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`).join('\n')}

Captures may be pcap or pcapng, gzip-compressed or not. Frame numbers are Wireshark's.
Run 'ikescope COMMAND --help' for a command's options and examples.

exit codes: 0 done, 1 findings at or above --fail-on, 2 usage or input error
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(HELP);
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`ikescope ${pkg.version}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(commands).join(', ')}; see 'ikescope --help')`);
  return command.run(rest);
}

// A reader that quits early (`ikescope dump x | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`ikescope: ${e.message}\n`);
    } else {
      // A bug, not bad input: still one line, with a way to get the detail.
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`ikescope: internal error: ${msg} (set IKESCOPE_DEBUG=1 for the stack)\n`);
      if (process.env.IKESCOPE_DEBUG) console.error(e);
    }
    process.exitCode = EXIT_USAGE;
  },
);
