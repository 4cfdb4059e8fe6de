// Additional CHILD_SAs the endpoint asks for (RFC 7296 §1.3.1: CREATE_CHILD_SA without
// N(REKEY_SA)), against the psk-subnets gateway: two subnets behind it, each its own CHILD_SA
// configuration (service 192.0.2.200/32, subnet-b 192.0.2.128/28), nothing else allowed.
// Oracles: the gateway's charon log and `swanctl --list-sas` (its SPIs and traffic selectors),
// its own copy of every key, ping answered from inside subnet-b, `ikescope analyze` and tshark
// on the endpoint's capture with the endpoint's key log; `ikescope replay` of a recording with
// new CHILD_SAs against the same gateway, and against the `psk` gateway, which allows any subnet.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { ROOT } from '../helpers/cli.js';
import {
  analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, MAIN, tsharkRun, waitFor, type ConnectRun,
} from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk-subnets', 'psk.secret');
const BASE = ['--psk-file', PSK, '--id', 'client.example.net'];
/** A host inside subnet-b (192.0.2.128/28) on the gateway's lo, which answers ping. */
const SUBNET_B_HOST = '192.0.2.129';
/**
 * A host in 192.0.2.240/28, which psk-subnets does not allow. charon with kernel-libipsec can
 * only install the route of a CHILD_SA whose local TS holds one of its addresses ("error
 * installing route", then TS_UNACCEPTABLE), so both gateways get one: a refusal is then the
 * configuration's alone.
 */
const REFUSED_HOST = '192.0.2.241';

interface ReplayJson { exchanges: Array<{ verdict: string; exchange: string; kind: string; requester: string; differences: string[] }>; failure?: string }

/** `ikescope replay` of our own recording from the client's namespace, as JSON. */
function replayIn(lab: Lab, pcap: string, keylog: string, out: string): { code: number | null; json: ReplayJson; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', lab.namespaces.cl, process.execPath, MAIN, 'replay', pcap, '--keys', keylog, '--gateway', '198.51.100.1', ...BASE, '--format', 'json', '--out', out],
    { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  return { code: r.status, stderr: r.stderr, json: JSON.parse(r.stdout || '{}') as ReplayJson };
}

const established = (lab: Lab, run: ConnectRun, k: number, ts: string) =>
  new RegExp(`CHILD_SA subnet-b\\{\\d+\\} established with SPIs ${run.childSpis[k]!.out}_i ${run.childSpis[k]!.in}_o and TS ${ts.replace(/\./g, '\\.')} === 192\\.0\\.2\\.1/32`).test(gatewayLogText(lab));

/** The gateway's CHILD_SA of our k-th ("service{3}") ended with the IKE_SA: charon destroys it from INSTALLED. */
function destroyedWithIkeSa(lab: Lab, run: ConnectRun, k: number): boolean {
  const log = gatewayLogText(lab);
  const name = new RegExp(`CHILD_SA (\\S+\\{\\d+\\}) established with SPIs ${run.childSpis[k]!.out}_i`).exec(log)?.[1];
  return name !== undefined && log.includes(`CHILD_SA ${name} state change: INSTALLED => DESTROYING`);
}

interopSuite('additional CHILD_SAs created by the endpoint (CREATE_CHILD_SA without REKEY_SA)', () => {
  let lab: Lab;
  let anySubnet: Lab;
  let plain: ConnectRun;
  let listSas: string;
  let pfs: ConnectRun;
  let refused: ConnectRun;
  let noProposal: ConnectRun;
  let recorded: ConnectRun;
  let same: ReturnType<typeof replayIn>;
  let other: ReturnType<typeof replayIn>;
  beforeAll(async () => {
    [lab, anySubnet] = await Promise.all([startLab({ gateway: 'psk-subnets' }), startLab({ gateway: 'psk' })]);
    for (const l of [lab, anySubnet]) {
      for (const host of [SUBNET_B_HOST, REFUSED_HOST]) {
        const a = await l.exec('gw', ['ip', 'addr', 'add', `${host}/32`, 'dev', 'lo']);
        expect(a.code, a.stderr).toBe(0);
      }
    }
    // Without PFS, a wider TSr than subnet-b (narrowed by the gateway), pings through it, its
    // rekey; the gateway's --list-sas is read while the session holds, before the rekey.
    const running = connect(lab, [...BASE, '--add-child', '192.0.2.128/27', '--ping', SUBNET_B_HOST, '--count', '2', '--hold', '3', '--rekey-child-after', '2']);
    await waitFor(() => /CHILD_SA subnet-b\{\d+\} established/.test(gatewayLogText(lab)), 20_000, 'the gateway to establish subnet-b');
    listSas = (await lab.swanctl('gateway', ['--list-sas'])).stdout;
    plain = await running;
    // PFS, first with ECP_384, which the gateway's PFS proposal lacks: INVALID_KE_PAYLOAD, then MODP_2048.
    pfs = await connect(lab, [...BASE, '--esp-proposal', 'aes128-sha256-ecp384-modp2048', '--add-child', '192.0.2.128/28', '--ping', SUBNET_B_HOST, '--count', '2']);
    refused = await connect(lab, [...BASE, '--add-child', '192.0.2.240/28', '--ping', '192.0.2.200', '--count', '2']);
    // MODP_3072 is in none of the gateway's ESP proposals (IKE_AUTH's CHILD_SA takes no group).
    noProposal = await connect(lab, [...BASE, '--esp-proposal', 'aes128-sha256-modp3072', '--add-child', '192.0.2.128/28', '--ping', '192.0.2.200', '--count', '1']);
    // A recording with an accepted (narrowed, PFS) and a refused new CHILD_SA, replayed.
    recorded = await connect(lab, [...BASE, '--esp-proposal', 'aes128-sha256-modp2048', '--add-child', '192.0.2.128/27', '--add-child', '192.0.2.240/28', '--ping', SUBNET_B_HOST, '--count', '1']);
    const dir = mkdtempSync(join(tmpdir(), 'ikescope-create-child-'));
    same = replayIn(lab, recorded.pcap, recorded.keylog, join(dir, 'same'));
    other = replayIn(anySubnet, recorded.pcap, recorded.keylog, join(dir, 'other'));
  }, 240_000);
  afterAll(async () => { await Promise.all([lab?.stop(), anySubnet?.stop()]); });

  it('without PFS: SA Ni TSi TSr, no REKEY_SA and no KE; narrowed to subnet-b; pings answered through it', () => {
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/> CREATE_CHILD_SA request 2 \[ SA Ni TSi TSr \]/);
    expect(plain.stdout).toMatch(/< CREATE_CHILD_SA response 2 \[ SA Nr TSi TSr \]/);
    const [first, added] = plain.childSpis;
    expect(plain.stdout).toMatch(new RegExp(`CHILD_SA {2}${first!.in}_i ${first!.out}_o .* TS 192\\.0\\.2\\.1/32 === 192\\.0\\.2\\.200/32`));
    expect(plain.stdout).toMatch(new RegExp(`CHILD_SA {2}${added!.in}_i ${added!.out}_o .* TS 192\\.0\\.2\\.1/32 === 192\\.0\\.2\\.128/28`));
    expect(plain.stdout).toContain(`added     CHILD_SA ${added!.in}_i, narrowed from TS 192.0.2.1/32 === 192.0.2.128/27`);
    expect(plain.stdout).toMatch(new RegExp(`seq 1: reply in [0-9.]+ ms \\(CHILD_SA ${added!.in}_i\\)`));
    expect(plain.stdout).toMatch(/ping {6}192\.0\.2\.129: 4 of 4 answered/);
  });

  it('the gateway logs and lists subnet-b with our SPIs and the narrowed TS', () => {
    expect(established(lab, plain, 1, '192.0.2.128/28')).toBe(true);
    const added = plain.childSpis[1]!;
    // swanctl --list-sas: the CHILD_SA's config name, its SPIs (in: the gateway's, out: ours) and TS.
    expect(listSas).toMatch(new RegExp(`subnet-b: #\\d+, reqid \\d+, INSTALLED[^\\n]*\\n(?:.*\\n)*?\\s+in {2}${added.out},[^\\n]*\\n\\s+out ${added.in},[^\\n]*\\n\\s+local {2}192\\.0\\.2\\.128/28\\n\\s+remote 192\\.0\\.2\\.1/32`));
    expect(listSas).toMatch(new RegExp(`service: #\\d+, reqid \\d+, INSTALLED[^\\n]*\\n(?:.*\\n)*?\\s+in {2}${plain.childSpis[0]!.out},`));
  });

  it('the new CHILD_SA is rekeyed like the first (REKEY_SA), pings go through its successor, and all is deleted at the end', () => {
    const [, added, next] = plain.childSpis;
    expect(plain.stdout).toMatch(/> CREATE_CHILD_SA request 3 \[ N\(REKEY_SA\) SA Ni TSi TSr \]/);
    expect(plain.stdout).toContain(`rekey     CHILD_SA ${added!.in}_i -> ${next!.in}_i (ours)`);
    expect(established(lab, plain, 2, '192.0.2.128/28')).toBe(true);
    expect(plain.stdout).toMatch(new RegExp(`seq 4: reply in [0-9.]+ ms \\(CHILD_SA ${next!.in}_i\\)`));
    const log = gatewayLogText(lab);
    expect(log).toContain(`received DELETE for ESP CHILD_SA with SPI ${added!.in}`);
    // §1.4.1: our DELETE of the IKE_SA closes its CHILD_SAs, the new one included.
    expect(destroyedWithIkeSa(lab, plain, 2)).toBe(true);
    expect(destroyedWithIkeSa(lab, plain, 0)).toBe(true);
  });

  it('our key log holds the keys the gateway logged for every SA, the new CHILD_SAs included', async () => {
    for (const r of [plain, pfs]) await expectKeysAgree(lab.gatewayLog, r.keylog);
  });

  it('ikescope analyze shows the new CHILD_SA with its ESP decrypted', () => {
    const r = analyzeRun(plain);
    expectAllDecrypted(r);
    const children = r.ikeSas.flatMap((s) => s.childSas);
    expect(children.map((c) => c.spiI).sort()).toEqual(plain.childSpis.map((c) => c.in).sort());
    const added = children.find((c) => c.spiI === plain.childSpis[1]!.in)!;
    expect(added.esp[plain.childSpis[1]!.out]).toMatchObject({ packets: 2, decrypted: 2, icvFailures: 0 });
    expect(added.esp[plain.childSpis[1]!.in]).toMatchObject({ packets: 2, decrypted: 2, icvFailures: 0 });
  });

  it('tshark decrypts the new CHILD_SA\'s ESP with our Wireshark tables: echo requests to subnet-b out, replies in', () => {
    const frames = tsharkRun(plain);
    expectTsharkDecrypted(frames);
    const added = plain.childSpis[1]!;
    const esp = frames.filter((f) => f.esp && (f.esp.spi === added.in || f.esp.spi === added.out));
    expect(esp.map((f) => [f.esp!.spi, f.esp!.inner!.icmpType, f.esp!.inner!.seq])).toEqual([
      [added.out, 8, 1], [added.in, 0, 1], [added.out, 8, 2], [added.in, 0, 2],
    ]);
    expect(esp[0]!.esp!.inner!.dst).toBe(SUBNET_B_HOST);
  });

  it('with PFS: a KE, INVALID_KE_PAYLOAD answered by one retry in MODP_2048, keys with g^ir as the gateway has them, ping through it', async () => {
    expect(pfs.stderr).toBe('');
    expect(pfs.code).toBe(0);
    expect(pfs.stdout).toMatch(/> CREATE_CHILD_SA request 2 \[ SA Ni KE TSi TSr \]\n.*< CREATE_CHILD_SA response 2 \[ N\(INVALID_KE_PAYLOAD\) \]\n.*> CREATE_CHILD_SA request 3 \[ SA Ni KE TSi TSr \]\n.*< CREATE_CHILD_SA response 3 \[ SA Nr KE TSi TSr \]/);
    expect(pfs.stdout).toContain('new CHILD_SA: INVALID_KE_PAYLOAD -> MODP_2048');
    expect(pfs.stdout).toMatch(/added {5}CHILD_SA [0-9a-f]{8}_i \(PFS\)\n/);
    const log = gatewayLogText(lab);
    expect(log).toMatch(/DH group ECP_384 unacceptable, requesting MODP_2048/);
    expect(log).toMatch(/selected proposal: ESP:AES_CBC_128\/HMAC_SHA2_256_128\/MODP_2048\/NO_EXT_SEQ/);
    expect(established(lab, pfs, 1, '192.0.2.128/28')).toBe(true);
    expect(pfs.stdout).toMatch(/ping {6}192\.0\.2\.129: 2 of 2 answered/);
    expectAllDecrypted(analyzeRun(pfs));
    expectTsharkDecrypted(tsharkRun(pfs));
  });

  it('TS_UNACCEPTABLE: exit 1 with one line naming it, the IKE_SA stays up (pings through the first CHILD_SA) and is deleted in order', () => {
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('ikescope: connect: new CHILD_SA refused: TS_UNACCEPTABLE (asked for TS 192.0.2.1/32 === 192.0.2.240/28)\n');
    expect(refused.stdout).toMatch(/< CREATE_CHILD_SA response 2 \[ N\(TS_UNACCEPTABLE\) \]/);
    expect(refused.stdout).toMatch(/ping {6}192\.0\.2\.200: 2 of 2 answered/);
    expect(refused.stdout).toMatch(/> INFORMATIONAL request 3 \[ D \]\n.*< INFORMATIONAL response 3 \[ {2}\]/);
    expect(refused.childSpis).toHaveLength(1);
    const log = gatewayLogText(lab);
    expect(log).toMatch(/traffic selectors 192\.0\.2\.240\/28 === 192\.0\.2\.1\/32 unacceptable/);
    expect(destroyedWithIkeSa(lab, refused, 0)).toBe(true);
  });

  it('NO_PROPOSAL_CHOSEN: exit 1 with one line naming it, the IKE_SA stays up', () => {
    expect(noProposal.code).toBe(1);
    expect(noProposal.stderr).toBe('ikescope: connect: new CHILD_SA refused: NO_PROPOSAL_CHOSEN (asked for TS 192.0.2.1/32 === 192.0.2.128/28)\n');
    expect(noProposal.stdout).toMatch(/ping {6}192\.0\.2\.200: 1 of 1 answered/);
  });

  it('replay of a recording with new CHILD_SAs against the same gateway: both new-child exchanges the same', () => {
    expect(recorded.code).toBe(1);
    expect(same.code, same.stderr).toBe(0);
    expect(same.json.failure).toBeUndefined();
    expect(same.json.exchanges.map((e) => `${e.verdict}: ${e.requester} ${e.kind}`)).toEqual([
      'same: initiator IKE_SA_INIT', 'same: initiator IKE_AUTH', 'same: initiator new-child', 'same: initiator new-child', 'same: initiator delete-ike',
    ]);
  });

  it('the same recording against a gateway that allows any subnet: the narrowed one changed, the refused one fixed', () => {
    const kinds = other.json.exchanges.filter((e) => e.kind === 'new-child');
    expect(kinds.map((e) => e.verdict)).toEqual(['changed', 'fixed']);
    expect(kinds[0]!.differences).toContain('tsr 192.0.2.128/28 → 192.0.2.128/27');
  });
});
