// The windows-10 profile behind the lab's NAT (namespace ncl) against seed 002's gateway:
// it looks like Windows to the gateway and to ikescope's fingerprint (its four Vendor IDs,
// MODP_1024 proposals, no IDr, CP with 23456/23457), and it refuses, as the seeds describe, a
// gateway-initiated CHILD_SA rekey with N(12345) carrying 13863 ERROR_IPSEC_IKE_INVALID_SITUATION
// (seed 000, seed 001) and an IKE_SA rekey in another group than the negotiated one, without
// INVALID_KE_PAYLOAD (the gateway leads with MODP_3072 here: charon.prefer_previous_dh_group = no).
// ikescope analyze on the endpoint's own capture reports both rules.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, waitFor, type ConnectRun } from '../helpers/endpoint.js';

const CA = join(FIXTURES, 'production-windows', 'x509ca', 'root-ca.pem');

interopSuite('windows-10 profile behind NAT', () => {
  let lab: Lab;
  let run: ConnectRun;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-win-'));
    writeFileSync(join(dir, 'pw'), 'password1\n');
    lab = await startLab({ gateway: 'production-windows', gatewaySettings: { 'charon.prefer_previous_dh_group': 'no' } });
    const session = connect(lab, ['--profile', 'windows-10', '--user', 'user1', '--password-file', join(dir, 'pw'), '--ca', CA, '--ping', '192.0.2.200', '--count', '1', '--hold', '3'], { node: 'ncl' });
    await waitFor(() => /CHILD_SA myvpn\{1\} established/.test(gatewayLogText(lab)), 10_000, 'the CHILD_SA');
    await lab.swanctl('gateway', ['--rekey', '--child', 'myvpn']);
    await waitFor(() => /received MS_NOTIFY_STATUS notify error/.test(gatewayLogText(lab)), 5_000, 'the refused CHILD_SA rekey');
    await lab.swanctl('gateway', ['--rekey', '--ike', 'myvpn']);
    run = await session;
  });
  afterAll(async () => { await lab?.stop(); });

  it('shapes IKE_SA_INIT and IKE_AUTH as Windows 10 does, and establishes from behind the NAT', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/> IKE_SA_INIT request 0 \[ SA KE Ni N\(IKEV2_FRAGMENTATION_SUPPORTED\) N\(NAT_DETECTION_SOURCE_IP\) N\(NAT_DETECTION_DESTINATION_IP\) V V V V \] MODP_1024/);
    expect(run.stdout).toMatch(/> IKE_AUTH request 1 \[ IDi N\(MOBIKE_SUPPORTED\) CP SA TSi TSr \]/);
    expect(run.stdout).toContain('NAT: we are behind a NAT');
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 1 of 1 answered/);
    const log = gatewayLogText(lab);
    // the gateway sees the NAT's address, and took Windows' AES-256/SHA1/MODP_1024 proposal
    expect(log).toMatch(/IKE_SA myvpn\[1\] established between 198\.51\.100\.1\[C=XX, O=ikescope lab, CN=vpn\.example\.net\]\.\.\.198\.51\.100\.3\[203\.0\.113\.2\]/);
    expect(log).toMatch(/selected proposal: IKE:AES_CBC_256\/HMAC_SHA1_96\/PRF_HMAC_SHA1\/MODP_1024/);
    expect(log).toMatch(/received Vid-Initial-Contact vendor ID|received MS NT5 ISAKMPOAKLEY vendor ID/);
  });

  it('refuses the gateway\'s CHILD_SA rekey with N(12345) 13863 and its IKE_SA rekey in MODP_3072 without INVALID_KE_PAYLOAD', () => {
    expect(run.stdout).toMatch(/< CREATE_CHILD_SA request 0 \[ N\(REKEY_SA\) SA Ni TSi TSr \]\n.*\n.*> CREATE_CHILD_SA response 0 \[ N\(MS_NOTIFY_STATUS\) \]/);
    expect(run.stdout).toMatch(/< CREATE_CHILD_SA request 1 \[ SA Ni KE \]\n.*\n.*> CREATE_CHILD_SA response 1 \[ N\(NO_PROPOSAL_CHOSEN\) \]/);
    const log = gatewayLogText(lab);
    expect(log).toContain('CHILD_SA rekeying failed');
    expect(log).toContain('received NO_PROPOSAL_CHOSEN notify error');
    expect(log).toContain('IKE_SA rekeying failed');
  });

  it('ikescope analyze on our capture: a Windows client, windows/child-rekey-behind-nat and windows/rekey-dh-group, N(12345) decoded as 13863', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    const rules = r.findings.map((f) => f.rule);
    expect(rules).toContain('windows/child-rekey-behind-nat');
    expect(rules).toContain('windows/rekey-dh-group');
    const full = analyzeRun(run) as unknown as { ikeSas: Array<{ client: { profile: string } }>; findings: Array<{ rule: string; severity: string; explanation: string }> };
    expect(full.ikeSas[0]!.client.profile).toBe('windows');
    // refused, not just predicted: the rule sees the 13863 answer and says error
    expect(full.findings.find((f) => f.rule === 'windows/child-rekey-behind-nat')!.severity).toBe('error');
    expectTsharkDecrypted(tsharkRun(run));
  });
});
