/** `ikescope keys`: what a key source holds, and the same keys in another format. */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncrId } from '../../src/ikev2/registry/index.js';
import { encrLabel, integLabel, prfLabel } from '../../src/keys/algorithms.js';
import { toJson } from '../../src/keys/json.js';
import { FORMAT_NAMES, loadKeyFile, type ParsedKeys } from '../../src/keys/load.js';
import type { EspSaKeySet, IkeSaKeySet, KeyStore } from '../../src/keys/model.js';
import { toHex } from '../../src/keys/text.js';
import { toWiresharkTables } from '../../src/keys/wireshark.js';
import type { Problem } from '../../src/problem.js';
import { oneOf, parse } from '../args.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { WIRESHARK_PREFERENCES as PREFERENCES } from '../../src/keys/key-log.js';

const HELP = `usage: ikescope keys show SOURCE… [--show-keys] [--format text|json]
       ikescope keys convert SOURCE… --to wireshark|json --out DIR [--force]

Reads decryption keys from any source ikescope takes with --keys, telling the format from the
content (not the file name):
  - Wireshark's ikev2_decryption_table and esp_sa (Preferences › Protocols › ISAKMP / ESP), also
    as strongSwan's save-keys plugin writes them (charon.plugins.save-keys.wireshark_keys)
  - a strongSwan charon log with "ike = 4" and "chd = 4" (file logger or syslog, with or
    without time stamps and <conn|N> prefixes): SK_d … SK_pr per IKE_SA with its SPIs and
    proposal, and each CHILD_SA's keys bound to their SPIs
  - ikescope's JSON key file (schema ikescope.keys/1, see src/keys/README.md)

show     lists each source's format and key sets: SPIs, algorithms, which keys are present.
         Key bytes are never printed unless you ask with --show-keys.
convert  writes the keys of all SOURCEs into DIR: for --to wireshark the two files Wireshark
         reads from its configuration folder (ikev2_decryption_table, esp_sa) and, if DIR has
         none yet, a preferences file that turns on ESP decryption; for --to json, keys.json.
         Existing key files in DIR are not replaced without --force.

options:
  --show-keys            show: print the key bytes too (they are secrets; mind where they go)
  --format text|json     show: text (default) or JSON for scripts
  --to wireshark|json    convert: the format to write
  --out DIR              convert: the folder to write into (created if missing)
  --force                convert: replace key files already in DIR

examples:
  ikescope keys show captures/nat-t.gateway.log
  ikescope keys show ikev2_decryption_table esp_sa --format json
  ikescope keys convert captures/nat-t.gateway.log --to wireshark --out /tmp/nat-t-keys
  WIRESHARK_CONFIG_DIR=/tmp/nat-t-keys wireshark -r captures/nat-t.pcap
  WIRESHARK_CONFIG_DIR=/tmp/nat-t-keys tshark -r captures/nat-t.pcap -o esp.enable_encryption_decode:TRUE
  ikescope keys convert ikev2_decryption_table esp_sa --to json --out keys/
  ikescope analyze capture.pcap --keys keys/keys.json

Pointing Wireshark at the folder: WIRESHARK_CONFIG_DIR makes DIR Wireshark's personal
configuration folder for that run. To keep your own profile, copy the two files into it
instead (Help › About Wireshark › Folders shows where it is), or load them in Preferences ›
Protocols › ISAKMP › IKEv2 Decryption Table and ESP › ESP SAs.
`;

export async function keys(argv: string[]): Promise<number> {
  const { values, positionals } = parse('keys', argv, {
    'show-keys': { type: 'boolean' },
    format: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const [sub, ...sources] = positionals;
  if (sub === undefined) throw new UsageError("keys: show or convert? (usage: ikescope keys show SOURCE…; see 'ikescope keys --help')");
  if (sub !== 'show' && sub !== 'convert') throw new UsageError(`keys: unknown subcommand '${sub}' (show or convert; see 'ikescope keys --help')`);
  if (sources.length === 0) throw new UsageError(`keys ${sub}: which key source? (usage: ikescope keys ${sub} SOURCE…; see --help)`);
  if (sub === 'show') {
    if (values.to !== undefined || values.out !== undefined || values.force) throw new UsageError("keys show: --to, --out and --force are for 'keys convert'");
    const format = oneOf('keys show', 'format', values.format, ['text', 'json'] as const, 'text');
    const parsed = await loadAll(sources);
    process.stdout.write(format === 'json' ? showJson(sources, parsed, values['show-keys'] === true) : showText(sources, parsed, values['show-keys'] === true));
    return EXIT_OK;
  }
  if (values['show-keys'] || values.format !== undefined) throw new UsageError("keys convert: --show-keys and --format are for 'keys show'");
  if (values.to === undefined) throw new UsageError('keys convert: which format? (--to wireshark or --to json)');
  const to = oneOf('keys convert', 'to', values.to, ['wireshark', 'json'] as const, 'wireshark');
  if (values.out === undefined) throw new UsageError('keys convert: where to? (--out DIR)');
  return convert(sources, to, values.out, values.force === true);
}

/** Every source, or the one-line error of the first that cannot be read at all. */
async function loadAll(sources: string[]): Promise<ParsedKeys[]> {
  const out: ParsedKeys[] = [];
  for (const s of sources) {
    const r = await loadKeyFile(s);
    const fatal = r.problems.find((p) => p.fatal);
    if (fatal) throw new UsageError(fatal.message);
    out.push(r);
  }
  return out;
}

const spiHex = (spi: number) => `0x${spi.toString(16).padStart(8, '0')}`;

const IKE_KEYS = [['skD', 'SK_d'], ['skAi', 'SK_ai'], ['skAr', 'SK_ar'], ['skEi', 'SK_ei'], ['skEr', 'SK_er'], ['skPi', 'SK_pi'], ['skPr', 'SK_pr']] as const;

function ikeAlgorithms(s: IkeSaKeySet): string[] {
  return [s.encr && encrLabel(s.encr), s.integ && (s.integ.kind === 'transform' ? integLabel(s.integ) : `integrity ${integLabel(s.integ)}`), s.prf && prfLabel(s.prf)].filter((x): x is string => !!x);
}

function espAlgorithms(s: EspSaKeySet): string[] {
  const out = [s.encr && encrLabel(s.encr), s.integ && (s.integ.kind === 'transform' ? integLabel(s.integ) : `integrity ${integLabel(s.integ)}`)].filter((x): x is string => !!x);
  if (s.esn !== undefined) out.push(s.esn ? 'ESN' : 'no ESN');
  return out;
}

/** "file:line" without the file, which the heading already names. */
function shortSource(source: string, file: string): string {
  const rest = source.startsWith(`${file}:`) ? source.slice(file.length + 1) : source;
  return /^\d+$/.test(rest) ? `line ${rest}` : rest;
}

function showText(sources: string[], parsed: ParsedKeys[], showKeys: boolean): string {
  let out = '';
  parsed.forEach((r, i) => {
    const file = sources[i]!;
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    out += `${file}: ${FORMAT_NAMES[r.format!]}, ${count(r.ike.length, 'IKE_SA key set')}, ${count(r.esp.length, 'ESP SA key set')}\n`;
    for (const s of r.ike) {
      const spis = s.ispi || s.rspi ? `${s.ispi ?? '?'.repeat(16)}_i ${s.rspi ?? '?'.repeat(16)}_r` : 'SPIs not given';
      const algs = ikeAlgorithms(s);
      const present = IKE_KEYS.filter(([k]) => s[k] !== undefined).map(([, n]) => n);
      out += `  IKE  ${spis}  ${algs.length ? algs.join(' ') : 'algorithms not given'}  keys: ${present.join(' ') || 'none'}  (${shortSource(s.source, file)})\n`;
      if (showKeys) for (const [k, n] of IKE_KEYS) { const b = s[k]; if (b) out += `         ${n.padEnd(6)} ${toHex(b) || '(empty)'}\n`; }
    }
    for (const s of r.esp) {
      const spi = s.spi === undefined ? 'SPI not given' : `SPI ${spiHex(s.spi)}`;
      const addrs = s.src !== undefined || s.dst !== undefined ? `  ${s.src ?? '*'} → ${s.dst ?? '*'}` : '';
      const algs = espAlgorithms(s);
      const present = [s.encrKey.length ? 'encryption' : s.encr?.id === EncrId.ENCR_NULL ? 'encryption (NULL)' : 'encryption (empty)', ...(s.integKey ? ['integrity'] : [])];
      out += `  ESP  ${spi}${addrs}  ${algs.length ? algs.join(' ') : 'algorithms not given'}  keys: ${present.join(' ')}  (${shortSource(s.source, file)})\n`;
      if (showKeys) {
        out += `         encr   ${toHex(s.encrKey) || '(empty)'}\n`;
        if (s.integKey) out += `         integ  ${toHex(s.integKey)}\n`;
      }
    }
    for (const p of r.problems) out += `  ! ${p.code}: ${p.message}\n`;
  });
  return out;
}

function showJson(sources: string[], parsed: ParsedKeys[], showKeys: boolean): string {
  const hex = (b: Uint8Array | undefined) => (showKeys && b ? toHex(b) : undefined);
  const doc = {
    sources: parsed.map((r, i) => ({
      path: sources[i],
      format: r.format,
      ike: r.ike.map((s) => ({
        source: s.source, ispi: s.ispi, rspi: s.rspi,
        encr: s.encr && encrLabel(s.encr), integ: s.integ && integLabel(s.integ), prf: s.prf && prfLabel(s.prf),
        keys: IKE_KEYS.filter(([k]) => s[k] !== undefined).map(([k]) => k),
        ...(showKeys ? Object.fromEntries(IKE_KEYS.map(([k]) => [k, hex(s[k])])) : {}),
      })),
      esp: r.esp.map((s) => ({
        source: s.source, spi: s.spi === undefined ? undefined : s.spi.toString(16).padStart(8, '0'), src: s.src, dst: s.dst,
        encr: s.encr && encrLabel(s.encr), integ: s.integ && integLabel(s.integ), esn: s.esn,
        keys: ['encrKey', ...(s.integKey ? ['integKey'] : [])],
        ...(showKeys ? { encrKey: hex(s.encrKey), integKey: hex(s.integKey) } : {}),
      })),
      problems: r.problems.map((p: Problem) => ({ code: p.code, message: p.message })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}


async function convert(sources: string[], to: 'wireshark' | 'json', dir: string, force: boolean): Promise<number> {
  const parsed = await loadAll(sources);
  const store: KeyStore = { ike: parsed.flatMap((r) => r.ike), esp: parsed.flatMap((r) => r.esp), sources };
  if (store.ike.length === 0 && store.esp.length === 0) {
    const why = parsed.flatMap((r) => r.problems).find((p) => p.code === 'keys/no-keys');
    throw new UsageError(why ? `keys convert: ${why.message}` : `keys convert: no keys found in ${sources.join(', ')}`);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`keys convert: --out ${dir} is a file, not a folder`);
  const files: Array<[string, string]> = to === 'json'
    ? [['keys.json', toJson(store)]]
    : (() => { const t = toWiresharkTables(store); return [['ikev2_decryption_table', t.ikev2DecryptionTable], ['esp_sa', t.espSa]] as Array<[string, string]>; })();
  if (!force) {
    const there = files.map(([f]) => join(dir, f)).filter((p) => existsSync(p));
    if (there.length) throw new UsageError(`keys convert: ${there.join(' and ')} already exist${there.length === 1 ? 's' : ''} (--force replaces)`);
  }
  // Errors above are one line; what the sources got wrong is said once nothing stops the writing.
  for (const r of parsed) for (const p of r.problems) process.stderr.write(`ikescope: warning: ${p.code}: ${p.message}\n`);
  try {
    mkdirSync(dir, { recursive: true });
    // Key files are secrets: readable by their owner only.
    for (const [f, text] of files) writeFileSync(join(dir, f), text, { mode: 0o600 });
  } catch (e) {
    throw new UsageError(`keys convert: cannot write into ${dir}: ${(e as Error).message}`);
  }
  let prefs = false;
  if (to === 'wireshark' && !existsSync(join(dir, 'preferences'))) {
    writeFileSync(join(dir, 'preferences'), PREFERENCES);
    prefs = true;
  }
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  let msg = `wrote ${files.map(([f]) => join(dir, f)).join(', ')}${prefs ? ` and ${join(dir, 'preferences')}` : ''}: ${n(store.ike.length, 'IKE_SA key set')}, ${n(store.esp.length, 'ESP SA key set')}\n`;
  if (to === 'wireshark') {
    msg += `open a capture with them: WIRESHARK_CONFIG_DIR=${dir} wireshark -r CAPTURE\n`;
    if (!prefs) msg += `(${join(dir, 'preferences')} was there already; add -o esp.enable_encryption_decode:TRUE for ESP)\n`;
  } else {
    msg += `use it: ikescope analyze CAPTURE --keys ${join(dir, 'keys.json')}\n`;
  }
  process.stdout.write(msg);
  return EXIT_OK;
}
