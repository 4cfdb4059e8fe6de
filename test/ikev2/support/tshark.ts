/**
 * Test-only access to tshark 4.0 as the independent oracle. When it is missing the tests that
 * need it skip with a message, unless IKESCOPE_REQUIRE_LAB=1, where a missing oracle is a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { labRequired as requireLab } from '../../helpers/tshark.js';

export const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';
export const tsharkAvailable = existsSync(TSHARK);
export const labRequired = requireLab();

/**
 * One row per frame that has any of the fields; each field split on ','. `configDir`: a
 * WIRESHARK_CONFIG_DIR, e.g. the key tables `connect --keylog` writes beside its key log.
 */
export function tsharkFields(capture: string, fields: readonly string[], filter = 'isakmp', configDir?: string): Map<number, string[][]> {
  const args = ['-r', capture, '-Y', filter, '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number'];
  for (const f of fields) args.push('-e', f);
  const env = configDir ? { ...process.env, WIRESHARK_CONFIG_DIR: configDir } : process.env;
  const outText = execFileSync(TSHARK, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] });
  const rows = new Map<number, string[][]>();
  for (const line of outText.split('\n')) {
    if (!line.trim()) continue;
    const [frame, ...rest] = line.split('|');
    rows.set(Number(frame), rest.map((v) => (v === '' ? [] : v.split(','))));
  }
  return rows;
}

/** What tshark decrypted from one frame's SK payload, using the capture set's key tables. */
export interface TsharkDecrypted {
  readonly frame: number;
  /** The SK payload's Next Payload: the first inner payload's type (0 for an empty SK). */
  readonly firstType: number;
  /** The decrypted inner payloads, padding removed; empty for an empty SK. */
  readonly inner: Uint8Array;
  /** Inner payload types in order, as tshark dissected them. */
  readonly innerTypes: number[];
  /** AUTH data as tshark shows it, lower-case hex. */
  readonly auth: string[];
}

function findAll(o: unknown, key: string, out: unknown[] = []): unknown[] {
  if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      if (k === key) out.push(v);
      findAll(v, key, out);
    }
  }
  return out;
}

const flat = (xs: unknown[]): string[] => xs.flatMap((x) => (Array.isArray(x) ? flat(x) : [String(x)]));

/**
 * Run tshark with WIRESHARK_CONFIG_DIR pointing at `configDir` (holding ikev2_decryption_table)
 * and read the decrypted SK contents of every frame that has an SK payload.
 */
export function tsharkDecrypted(capture: string, configDir: string): TsharkDecrypted[] {
  const json = execFileSync(TSHARK, ['-r', capture, '-T', 'json', '-x', '--no-duplicate-keys', '-Y', 'isakmp.typepayload == 46'], {
    encoding: 'utf8',
    env: { ...process.env, WIRESHARK_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  });
  const packets = JSON.parse(json) as { _source: { layers: Record<string, unknown> } }[];
  return packets.map((p) => {
    const layers = p._source.layers;
    const frame = Number(flat(findAll(layers.frame, 'frame.number'))[0]);
    const isakmp = layers.isakmp;
    // The header's Next Payload is SK (46); the SK header's own Next Payload comes second.
    const next = flat(findAll(isakmp, 'isakmp.nextpayload')).map(Number);
    const contained = findAll(isakmp, 'isakmp.enc.contained_raw')[0] as [string, ...unknown[]] | undefined;
    const containedTree = findAll(isakmp, 'isakmp.enc.contained')[0];
    const innerTypes = flat(findAll(containedTree, 'isakmp.typepayload')).map(Number).filter((n) => n >= 33);
    const inner = contained ? Uint8Array.from(Buffer.from(contained[0], 'hex')) : new Uint8Array(0);
    const auth = flat(findAll(isakmp, 'isakmp.auth.data')).map((s) => s.replace(/:/g, ''));
    return { frame, firstType: next[1] ?? 0, inner, innerTypes, auth };
  });
}
