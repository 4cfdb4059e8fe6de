// Every client profile against seed 002's production gateway (fixtures/gateways/production-windows)
// with EAP-MSCHAPv2: each establishes, gets a virtual IP and pings through ESP; the gateway's log
// agrees on the SPIs; and `ikescope analyze` on the endpoint's own capture recognises the client
// it stood in for, by the same fingerprint a real capture of that client would get.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { PROFILES } from '../../src/endpoint/profiles/index.js';
import { analyzeRun, connect, expectAllDecrypted, FIXTURES, gatewayLogText, interopSuite, type ConnectRun } from '../helpers/endpoint.js';

const CA = join(FIXTURES, 'production-windows', 'x509ca', 'root-ca.pem');

/** What analyze's fingerprint must say of each profile (src/analysis/fingerprint.ts). */
const EXPECTED: Record<string, { profile: string; version?: string; ike: RegExp }> = {
  strongswan: { profile: 'strongswan', ike: /^ENCR_AES_CBC_256$/ },
  'windows-7': { profile: 'windows', version: 'Windows 7', ike: /^ENCR_AES_CBC_128$/ },
  'windows-10': { profile: 'windows', version: 'Windows 10 1803 or later, or 11', ike: /^ENCR_AES_CBC_256$/ },
  'windows-11': { profile: 'windows', version: 'Windows 11', ike: /^ENCR_AES_CBC_256$/ },
  macos: { profile: 'macos', version: 'macOS or iOS', ike: /^ENCR_AES_CBC_256$/ },
};

interopSuite('every client profile against the production-windows gateway', () => {
  let lab: Lab;
  const runs = new Map<string, ConnectRun>();
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-profiles-'));
    writeFileSync(join(dir, 'pw'), 'password1\n');
    lab = await startLab({ gateway: 'production-windows' });
    // One after another: each takes the next address of the pool, and the log stays readable.
    for (const name of Object.keys(PROFILES)) {
      runs.set(name, await connect(lab, ['--profile', name, '--user', 'user1', '--password-file', join(dir, 'pw'), '--ca', CA, '--ping', '192.0.2.200']));
    }
  });
  afterAll(async () => { await lab?.stop(); });

  it('covers every profile', () => {
    expect(Object.keys(PROFILES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name}: establishes, gets a virtual IP, its pings are answered, and analyze recognises it`, () => {
      const run = runs.get(name)!;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/virtual {3}192\.0\.2\.\d+/);
      expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 3 of 3 answered/);
      // The gateway's own record of the IKE_SA (mgr = 2 logs its SPIs).
      expect(gatewayLogText(lab)).toContain(`SPIs ${run.ikeSpis!.ispi}_i ${run.ikeSpis!.rspi}_r`);
      const r = analyzeRun(run);
      expectAllDecrypted(r);
      const sa = r.ikeSas[0]!;
      const want = EXPECTED[name]!;
      expect((sa as unknown as { client: { profile: string; version?: string } }).client).toMatchObject({ profile: want.profile, ...(want.version ? { version: want.version } : {}) });
      expect(sa.proposal.encr).toMatch(want.ike);
    });
  }
});
