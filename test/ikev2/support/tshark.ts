/**
 * Test-only access to tshark 4.0 as the independent oracle. When it is missing the tests that
 * need it skip with a message, unless IKESCOPE_REQUIRE_LAB=1, where a missing oracle is a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';
export const tsharkAvailable = existsSync(TSHARK);
export const labRequired = process.env.IKESCOPE_REQUIRE_LAB === '1';

/** One row per frame that has any of the fields; each field split on ','. */
export function tsharkFields(capture: string, fields: readonly string[], filter = 'isakmp'): Map<number, string[][]> {
  const args = ['-r', capture, '-Y', filter, '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number'];
  for (const f of fields) args.push('-e', f);
  const outText = execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const rows = new Map<number, string[][]>();
  for (const line of outText.split('\n')) {
    if (!line.trim()) continue;
    const [frame, ...rest] = line.split('|');
    rows.set(Number(frame), rest.map((v) => (v === '' ? [] : v.split(','))));
  }
  return rows;
}
