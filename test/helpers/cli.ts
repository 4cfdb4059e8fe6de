/** Runs the built CLI as a user would (the tests run after `tsc`, see package.json). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = resolve(ROOT, '../shared');
export const WIRESHARK_TESTS = join(SHARED, 'wireshark-tests');
export const CAPTURES = join(ROOT, 'captures');

export interface CliResult { status: number; stdout: string; stderr: string }

export function ikescope(args: string[], opts: { input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ikescope.js'), ...args], {
    encoding: 'utf8', maxBuffer: 1 << 30, input: opts.input, env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function jsonl<T = Record<string, unknown>>(text: string): T[] {
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

const CAPTURE_FILE = /\.(pcap|pcapng)(\.gz)?$/;

/** Every capture shipped in captures/ and the Wireshark decryption test set. */
export function allCaptures(): string[] {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => CAPTURE_FILE.test(f)).sort().map((f) => join(dir, f)) : []);
  return [...list(CAPTURES), ...list(WIRESHARK_TESTS)];
}

/**
 * The CLI contract for usage and input errors (DESIGN.md): exit 2, nothing on stdout, one line
 * on stderr matching `message` and, when given, never containing `secret`.
 */
export function usageErrorTests(it: (name: string, fn: () => void) => void, cases: ReadonlyArray<readonly [string, string[], RegExp]>, secret?: string): void {
  for (const [what, args, message] of cases) {
    it(`${what}: one line on stderr, exit 2`, () => {
      const r = ikescope(args);
      if (r.status !== 2 || r.stdout !== '' || !message.test(r.stderr) || r.stderr.trim().split('\n').length !== 1 || (secret && r.stderr.includes(secret))) {
        throw new Error(`${what}: expected exit 2, no stdout and one line matching ${message}${secret ? ` without '${secret}'` : ''}; got exit ${r.status}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}, stderr ${JSON.stringify(r.stderr)}`);
      }
    });
  }
}
