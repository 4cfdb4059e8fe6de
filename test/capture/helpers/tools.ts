/** Wireshark's command-line tools as oracles: found, or skipped unless the lab is required. */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const hasTool = (name: string): boolean => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Whether tests needing `name` should be skipped: only when it is missing and the lab is not
 * required. With IKESCOPE_REQUIRE_LAB=1 a missing tool makes those tests run and fail.
 */
export function skipWithout(name: string): boolean {
  if (hasTool(name)) return false;
  if (process.env.IKESCOPE_REQUIRE_LAB === '1') return false;
  console.warn(`skipping tests that need ${name}: it is not installed (set IKESCOPE_REQUIRE_LAB=1 to make this a failure)`);
  return true;
}

export function requireTool(name: string): void {
  if (!hasTool(name)) throw new Error(`${name} is required (IKESCOPE_REQUIRE_LAB=1) but not installed`);
}

export interface TsharkFrame {
  number: number;
  sec: number;
  nsec: number;
  len: number;
  capLen: number;
}

/** Frames as tshark reads them: number, epoch time, original and captured length. */
export async function tsharkFrames(path: string): Promise<TsharkFrame[]> {
  requireTool('tshark');
  const { stdout } = await run(
    'tshark',
    ['-r', path, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [number, epoch, len, capLen] = line.split('\t');
      const [s, frac = ''] = epoch!.split('.');
      return {
        number: Number(number),
        sec: Number(s),
        nsec: Number(frac.padEnd(9, '0').slice(0, 9)),
        len: Number(len),
        capLen: Number(capLen),
      };
    });
}

export async function editcap(args: string[]): Promise<void> {
  requireTool('editcap');
  await run('editcap', args);
}
