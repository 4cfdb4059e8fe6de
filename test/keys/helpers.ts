/** Test helpers for the key sources: the `keys` command, tshark's view of decryption. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES, ROOT, ikescope, type CliResult } from '../helpers/cli.js';
import { keys } from '../../cli/commands/keys.js';
import { UsageError } from '../../cli/usage-error.js';
import type { EspSaKeySet, IkeSaKeySet, KeyStore } from '../../src/keys/model.js';
import { toHex } from '../../src/keys/text.js';

/** Whether the built CLI dispatches `keys` (cli/main.ts registers it). */
export function cliHasKeys(): boolean {
  const main = join(ROOT, 'dist/cli/main.js');
  return existsSync(main) && readFileSync(main, 'utf8').includes('commands/keys.js');
}

/**
 * `ikescope keys ARGS`: through the built binary once cli/main.ts dispatches `keys`; until then
 * the command's own function, with the entry point's error handling (one line, exit 2).
 */
export async function keysCli(args: string[]): Promise<CliResult> {
  if (cliHasKeys()) {
    assertBuilt();
    return ikescope(['keys', ...args]);
  }
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => { out.push(typeof c === 'string' ? c : Buffer.from(c).toString()); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => { err.push(typeof c === 'string' ? c : Buffer.from(c).toString()); return true; }) as typeof process.stderr.write;
  let status: number;
  try {
    status = await keys(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.push(`ikescope: ${e.message}\n`);
    status = 2;
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** The built CLI must be newer than the key sources it is tested against. */
function assertBuilt(): void {
  const built = statSync(join(ROOT, 'dist/cli/commands/keys.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = [join(ROOT, 'cli/commands/keys.ts'), ...readdirSync(join(ROOT, 'src/keys')).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, 'src/keys', f))];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (built < newest) throw new Error('dist/ is older than src/keys or cli/commands/keys.ts: run `npx tsc -p tsconfig.json` before the CLI tests');
}

/** The lab captures that have a gateway log beside them. */
/**
 * Lab captures by name; with `need`, only those whose gateway log holds IKE keys ('ike') — a
 * session refused in IKE_SA_INIT never had any.
 */
export function labCaptures(need?: 'ike'): string[] {
  return readdirSync(CAPTURES).filter((f) => f.endsWith('.gateway.log'))
    .filter((f) => !need || readFileSync(join(CAPTURES, f), 'utf8').includes('Sk_ei secret'))
    .map((f) => f.slice(0, -'.gateway.log'.length)).sort();
}

/** A key set without where it came from, keys as hex: for comparing stores across sources. */
export function comparable(store: Pick<KeyStore, 'ike' | 'esp'>): { ike: unknown[]; esp: unknown[] } {
  const hex = (b: Uint8Array | undefined) => (b === undefined ? undefined : toHex(b));
  const ike = store.ike.map((s: IkeSaKeySet) => ({
    ispi: s.ispi, rspi: s.rspi, encr: s.encr, integ: s.integ, prf: s.prf,
    skD: hex(s.skD), skEi: hex(s.skEi), skEr: hex(s.skEr), skAi: hex(s.skAi), skAr: hex(s.skAr), skPi: hex(s.skPi), skPr: hex(s.skPr),
  }));
  const esp = store.esp.map((s: EspSaKeySet) => ({
    spi: s.spi, src: s.src, dst: s.dst, encr: s.encr, integ: s.integ, encrKey: hex(s.encrKey), integKey: hex(s.integKey), esn: s.esn,
  }));
  return { ike: JSON.parse(JSON.stringify(ike)), esp: JSON.parse(JSON.stringify(esp)) };
}

export interface DecryptView {
  frame: number;
  /** SK (46) and SKF (53) payloads in the frame's own IKE message. */
  skPayloads: number;
  decrypted: number;
  /** "Integrity Checksum Data … [correct]" count; unchecked shows "[not validated]". */
  icdCorrect: number;
  icdUnchecked: number;
  authData: string[];
  esp: boolean;
  espIcvGood: boolean;
  icmp: boolean;
  data: string[];
}

const attr = (line: string, name: string): string | undefined => new RegExp(` ${name}="([^"]*)"`).exec(line)?.[1];

/** tshark's decryption of a capture with WIRESHARK_CONFIG_DIR = dir, per frame. */
export function tsharkDecrypt(capture: string, dir: string, prefs: string[] = []): DecryptView[] {
  const pdml = execFileSync('tshark', ['-r', capture, '-T', 'pdml', ...prefs.flatMap((p) => ['-o', p])], {
    encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, WIRESHARK_CONFIG_DIR: dir }, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const frames: DecryptView[] = [];
  let cur: DecryptView | undefined;
  let outerDepth = -1;
  for (const line of pdml.split('\n')) {
    const t = line.trimStart();
    const depth = line.length - t.length;
    if (t.startsWith('<packet>')) {
      cur = { frame: 0, skPayloads: 0, decrypted: 0, icdCorrect: 0, icdUnchecked: 0, authData: [], esp: false, espIcvGood: false, icmp: false, data: [] };
      frames.push(cur);
      outerDepth = -1;
      continue;
    }
    if (!cur) continue;
    if (t.startsWith('<proto name="isakmp"') && outerDepth < 0) outerDepth = depth;
    if (t.startsWith('<proto name="esp"')) cur.esp = true;
    if (t.startsWith('<proto name="icmp"') || t.startsWith('<proto name="icmpv6"')) cur.icmp = true;
    if (!t.startsWith('<field ')) continue;
    const name = attr(t, 'name');
    const show = attr(t, 'show') ?? '';
    const showname = attr(t, 'showname') ?? '';
    switch (name) {
      case 'frame.number': cur.frame = Number(show); break;
      case 'isakmp.typepayload':
        // The message's own payloads sit two levels under the isakmp tree.
        if (depth === outerDepth + 2 && (show === '46' || show === '53')) cur.skPayloads++;
        break;
      case 'isakmp.enc.decrypted': cur.decrypted++; break;
      case 'isakmp.enc.icd':
        if (showname.endsWith('[correct]')) cur.icdCorrect++;
        if (showname.endsWith('[not validated]')) cur.icdUnchecked++;
        break;
      case 'isakmp.auth.data': cur.authData.push(attr(t, 'value') ?? ''); break;
      case 'esp.icv_good': if (show === '1' || show === 'True') cur.espIcvGood = true; break;
      case 'data.data': cur.data.push(attr(t, 'value') ?? ''); break;
    }
  }
  return frames;
}
