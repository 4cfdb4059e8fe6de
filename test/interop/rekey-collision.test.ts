// A CHILD_SA rekey collision (RFC 7296 §2.8.1) with a real strongSwan, made by real packet loss:
// in the client's namespace iptables drops the gateway's IKE messages while the gateway's rekey
// request (swanctl --rekey) and then ours cross; the gateway answers ours and sees the
// collision; the drop of its requests is lifted, so its retransmitted request reaches us while
// ours is still outstanding and we see it too; then the drop of its responses is lifted and our
// retransmission gets its answer. Each side then compares the four nonces: the new CHILD_SA made
// with the lowest is deleted by its creator, the old one by the other side, and one survives.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, expectTsharkDecrypted, FIXTURES, gatewayLogText, interopSuite, tsharkRun, waitFor, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');

// u32 (iptables): from the UDP header (IP header length from the first word), a zero non-ESP
// marker (an IKE message, not ESP, RFC 3948 §2.2) and the Response flag of the IKE header's
// flags octet (RFC 7296 §3.1: UDP 8 + marker 4 + offset 19 = 31, the last octet of word 28).
const IKE = '0>>22&0x3C@8=0';
const RESPONSES = `${IKE} && 0>>22&0x3C@28&0x20=0x20`;
const REQUESTS = `${IKE} && 0>>22&0x3C@28&0x20=0`;
// Requests other than CREATE_CHILD_SA (36): the exchange type is the octet before the flags.
const OTHER_REQUESTS = `${REQUESTS} && 0>>22&0x3C@28>>8&0xFF=37`;
const dropRule = (op: '-I' | '-D', u32: string) => ['iptables', op, 'INPUT', '-p', 'udp', '--sport', '4500', '-m', 'u32', '--u32', u32, '-j', 'DROP'];

interface ListedChild { state: string; in: string; out: string }
interface ListedIke { state: string; ispi: string; rspi: string }

/** The gateway's IKE_SAs from `swanctl --list-sas`: "rw-psk: #3, ESTABLISHED, IKEv2, <ispi>_i <rspi>_r*". */
async function gatewayIkeSas(lab: Lab): Promise<ListedIke[]> {
  const r = await lab.swanctl('gateway', ['--list-sas']);
  return [...r.stdout.matchAll(/^\S+: #\d+, (\w+), IKEv2, ([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r/gm)].map((m) => ({ state: m[1]!, ispi: m[2]!, rspi: m[3]! }));
}

/** The gateway's CHILD_SAs from `swanctl --list-sas`: state and SPIs (its inbound, its outbound). */
async function gatewayChildren(lab: Lab): Promise<ListedChild[]> {
  const r = await lab.swanctl('gateway', ['--list-sas']);
  const out: ListedChild[] = [];
  for (const m of r.stdout.matchAll(/^ {2}\S+: #\d+, reqid \d+, (\w+),[^\n]*\n(?:(?! {2}\S+: #)[^\n]*\n)*?\s+in {2}([0-9a-f]{8})[^\n]*\n\s+out ([0-9a-f]{8})/gm)) {
    out.push({ state: m[1]!, in: m[2]!, out: m[3]! });
  }
  return out;
}

const count = (text: string, re: RegExp) => [...text.matchAll(new RegExp(re.source, 'g'))].length;

interopSuite('CHILD_SA rekey collision with the gateway (RFC 7296 §2.8.1)', () => {
  let lab: Lab;
  let run: ConnectRun;
  let survivors: ListedChild[] = [];
  let log = '';
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    const session = connect(lab, ['--psk-file', PSK, '--id', 'client.example.net', '--ping', '192.0.2.200', '--count', '2',
      '--hold', '16', '--rekey-child-after', '3']);
    try {
      await waitFor(() => /CHILD_SA rw-psk\{1\} established/.test(gatewayLogText(lab)), 10_000, 'the first CHILD_SA');
      for (const u32 of [REQUESTS, RESPONSES]) expect((await lab.exec('cl', dropRule('-I', u32))).code).toBe(0);
      // The gateway's rekey request is lost; ours (3 s into --hold) reaches it while its own is outstanding.
      expect((await lab.swanctl('gateway', ['--rekey', '--child', 'rw-psk'])).code).toBe(0);
      await waitFor(() => /detected CHILD_REKEY collision with CHILD_REKEY/.test(gatewayLogText(lab)), 10_000, 'the gateway to see our rekey cross its own');
      // Its retransmitted request now reaches us while our request is still unanswered.
      expect((await lab.exec('cl', dropRule('-D', REQUESTS))).code).toBe(0);
      await waitFor(() => /CHILD_SA rekey collision (won|lost)/.test(gatewayLogText(lab)), 15_000, 'the gateway to settle the collision');
      expect((await lab.exec('cl', dropRule('-D', RESPONSES))).code).toBe(0);
      // Both DELETEs done: the gateway has closed two of the three CHILD_SAs; it lists a
      // deleted one (state DELETED) for 5 s more, until it destroys it.
      await waitFor(() => count(gatewayLogText(lab), /closing CHILD_SA rw-psk\{\d+\}/) >= 2, 15_000, 'two CHILD_SAs closed on the gateway');
      await waitFor(() => count(gatewayLogText(lab), /CHILD_SA rw-psk\{\d+\} state change: DELETED => DESTROYING/) >= 2, 10_000, 'the deleted CHILD_SAs destroyed on the gateway');
      survivors = await gatewayChildren(lab);
    } finally {
      run = await session;
      await lab.exec('cl', ['iptables', '-F', 'INPUT']);
    }
    log = gatewayLogText(lab);
  }, 90_000);
  afterAll(async () => { await lab?.stop(); });

  it('both sides saw the collision, and the endpoint settled it as the gateway did', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CHILD_SA rekey collision: the gateway rekeys [0-9a-f]{8}_i as we do/);
    const gw = /CHILD_SA rekey collision (won|lost)/.exec(log)![1];
    const ours = /CHILD_SA rekey collision (won|lost):/.exec(run.stdout)?.[1];
    // The gateway's SA survives exactly when ours is redundant.
    expect(ours).toBe(gw === 'won' ? 'lost' : 'won');
  });

  it('exactly one CHILD_SA survives, the same on both sides, and ESP flows through it', () => {
    expect(survivors).toHaveLength(1);
    const [only] = survivors;
    expect(only!.state).toBe('INSTALLED');
    // Our pings after the rekey went through the CHILD_SA whose inbound SPI is the gateway's outbound one.
    expect(run.stdout).toMatch(new RegExp(`seq 4: reply in [0-9.]+ ms \\(CHILD_SA ${only!.out}_i\\)`));
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 4 of 4 answered/);
    expect(run.stdout).toContain(`CHILD_SA  ${only!.out}_i ${only!.in}_o`);
  });

  it('no extra DELETE: one from each side, for the SA the RFC gives it', () => {
    // Ours: one INFORMATIONAL request with D(ESP) after the collision; the gateway's: one.
    expect(count(run.stdout, /> INFORMATIONAL request \d+ \[ D \]/)).toBe(2); // ours + the final D(IKE)
    expect(count(run.stdout, /< INFORMATIONAL request \d+ \[ D \]/)).toBe(1);
    // The gateway: one DELETE request of its own; two of ours (the CHILD_SA's, then the IKE_SA's at the end).
    expect(count(log, /generating INFORMATIONAL request \d+ \[ D \]/)).toBe(1);
    expect(count(log, /parsed INFORMATIONAL request \d+ \[ D \]/)).toBe(2);
    const gwLost = /CHILD_SA rekey collision lost, deleting redundant child rw-psk\{(\d+)\}/.exec(log);
    const gwWon = /CHILD_SA rekey collision won, deleting old child rw-psk\{(\d+)\}/.exec(log);
    expect(Boolean(gwLost) !== Boolean(gwWon)).toBe(true);
    // The old CHILD_SA is {1}; the winner deletes it, the loser its own redundant one.
    if (gwWon) expect(gwWon[1]).toBe('1');
    else expect(gwLost![1]).not.toBe('1');
  });

  it('the four nonces in our capture make the same SA redundant, and analyze agrees', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    expectTsharkDecrypted(tsharkRun(run));
    const children = r.ikeSas.flatMap((s) => s.childSas);
    const collided = children.filter((c) => c.rekeyCollision);
    expect(collided).toHaveLength(2);
    const loser = collided.find((c) => c.rekeyCollision!.lost)!;
    const winner = collided.find((c) => !c.rekeyCollision!.lost)!;
    const [only] = survivors;
    // The SA analyze calls the survivor is the one left on the gateway (spiI/spiR of the pair).
    expect([winner.spiI, winner.spiR].sort()).toEqual([only!.in, only!.out].sort());
    expect(loser.rekeyCollision!.with).toBe(winner.id);
  });
});

// §2.8.2 with the same losses, but the old IKE_SA must outlive both exchanges: the winner's
// DELETE of it would leave the other side's request unanswered, so the gateway's INFORMATIONAL
// requests stay dropped until our response has come.
interopSuite('IKE_SA rekey collision with the gateway (RFC 7296 §2.8.2)', () => {
  let lab: Lab;
  let run: ConnectRun;
  let ikeSas: ListedIke[] = [];
  let children: ListedChild[] = [];
  let log = '';
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk' });
    const session = connect(lab, ['--psk-file', PSK, '--id', 'client.example.net', '--ping', '192.0.2.200', '--count', '2',
      '--hold', '24', '--rekey-ike-after', '3']);
    try {
      await waitFor(() => /CHILD_SA rw-psk\{1\} established/.test(gatewayLogText(lab)), 10_000, 'the first CHILD_SA');
      for (const u32 of [REQUESTS, RESPONSES]) expect((await lab.exec('cl', dropRule('-I', u32))).code).toBe(0);
      expect((await lab.swanctl('gateway', ['--rekey', '--ike', 'rw-psk'])).code).toBe(0);
      await waitFor(() => /detected IKE_REKEY collision with IKE_REKEY/.test(gatewayLogText(lab)), 10_000, 'the gateway to see our IKE_SA rekey cross its own');
      // Its retransmitted CREATE_CHILD_SA reaches us; its DELETEs do not yet.
      expect((await lab.exec('cl', dropRule('-I', OTHER_REQUESTS))).code).toBe(0);
      expect((await lab.exec('cl', dropRule('-D', REQUESTS))).code).toBe(0);
      await waitFor(() => /IKE_SA rekey collision (won|lost)/.test(gatewayLogText(lab)), 15_000, 'the gateway to settle the collision');
      // Our retransmission gets the gateway's response: we settle and send our DELETE.
      expect((await lab.exec('cl', dropRule('-D', RESPONSES))).code).toBe(0);
      await waitFor(() => /received DELETE for IKE_SA/.test(gatewayLogText(lab)), 20_000, 'our DELETE at the gateway');
      expect((await lab.exec('cl', dropRule('-D', OTHER_REQUESTS))).code).toBe(0);
      await waitFor(() => count(gatewayLogText(lab), /IKE_SA rw-psk\[\d+\] state change: \w+ => DESTROYING/) >= 2, 20_000, 'two IKE_SAs destroyed on the gateway');
      ikeSas = await gatewayIkeSas(lab);
      children = await gatewayChildren(lab);
    } finally {
      run = await session;
      await lab.exec('cl', ['iptables', '-F', 'INPUT']);
    }
    log = gatewayLogText(lab);
  }, 120_000);
  afterAll(async () => { await lab?.stop(); });

  it('both sides saw the collision, and the endpoint settled it as the gateway did', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/IKE_SA rekey collision: the gateway rekeys [0-9a-f]{16}_i as we do/);
    const gw = /IKE_SA rekey collision (won|lost)/.exec(log)![1];
    const ours = /IKE_SA rekey collision (won|lost):/.exec(run.stdout)?.[1];
    expect(ours).toBe(gw === 'won' ? 'lost' : 'won');
  });

  it('exactly one IKE_SA survives on both sides with the same SPIs, it carries the CHILD_SA, and ESP flows', () => {
    expect(ikeSas).toHaveLength(1);
    expect(ikeSas[0]!.state).toBe('ESTABLISHED');
    const survivor = /IKE_SA collision: \S+ \(\w+\) has the lowest nonce and is redundant, ([0-9a-f]{16})_i survives/.exec(run.stdout)?.[1];
    expect(survivor).toBe(ikeSas[0]!.ispi);
    // Our orderly close at the end went to the survivor: the gateway logs its DELETE there.
    expect(run.stdout).toMatch(new RegExp(`IKE_SA ${ikeSas[0]!.ispi}_i ${ikeSas[0]!.rspi}_r deleted`));
    expect(children.filter((c) => c.state === 'INSTALLED')).toHaveLength(1);
    expect(run.stdout).toMatch(/ping {6}192\.0\.2\.200: 4 of 4 answered/);
  });

  it('no extra DELETE: the winner deletes the old IKE_SA, the loser its redundant one', () => {
    const gwWon = /IKE_SA rekey collision won/.test(log);
    // The gateway: one DELETE request of its own; two of ours (an IKE_SA in the collision, the survivor at the end).
    expect(count(log, /generating INFORMATIONAL request \d+ \[ D \]/)).toBe(1);
    expect(count(log, /parsed INFORMATIONAL request \d+ \[ D \]/)).toBe(2);
    expect(count(run.stdout, /< INFORMATIONAL request \d+ \[ D \]/)).toBe(1);
    expect(count(run.stdout, /> INFORMATIONAL request \d+ \[ D \]/)).toBe(2);
    if (gwWon) expect(log).toMatch(/deleting IKE_SA rw-psk\[1\]|sending DELETE for IKE_SA rw-psk\[1\]/);
    else expect(log).toMatch(/received DELETE for IKE_SA rw-psk\[1\]/);
  });

  it('our key log holds the gateway\'s keys of all three IKE_SAs, and analyze and tshark decrypt our capture', async () => {
    await expectKeysAgree(lab.gatewayLog, run.keylog);
    const r = analyzeRun(run);
    expectAllDecrypted(r);
    expect(r.keys.ikeSasDecrypted).toBe(3);
    expectTsharkDecrypted(tsharkRun(run));
    // analyze settles the collision from the nonces in our capture as both peers did: the old
    // IKE_SA's successor is the one left on the gateway, the other one is called redundant.
    const sas = r.ikeSas as unknown as Array<{ id: string; ispi: string; rekeyedTo: string | null; events: Array<{ kind: string; detail: string }> }>;
    const [old] = sas;
    const survivor = sas.find((x) => x.id === old!.rekeyedTo);
    expect(survivor?.ispi).toBe(ikeSas[0]!.ispi);
    const redundant = sas.find((x) => x !== old && x !== survivor)!;
    expect(old!.events.map((e) => e.detail).join('\n')).toContain(`${redundant.id} has the lowest nonce and is redundant (RFC 7296 §2.8.2)`);
  });
});
