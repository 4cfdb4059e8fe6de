// IKE_SA_INIT when the gateway does not answer the first request as sent: INVALID_KE_PAYLOAD
// (retry with the group it names, RFC 7296 §1.3), a lost request (retransmitted, §2.1, the
// same octets), and a COOKIE (retry with the cookie first, §2.6) when the gateway is under
// its cookie threshold (charon.cookie_threshold = 1 and one half-open IKE_SA already there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/lab.js';
import { analyzeRun, connect, expectAllDecrypted, expectKeysAgree, FIXTURES, gatewayLogText, interopSuite, MAIN, type ConnectRun } from '../helpers/endpoint.js';

const PSK = join(FIXTURES, 'psk', 'psk.secret');
const BASE = ['--psk-file', PSK, '--id', 'client.example.net'];

/** IKE messages (UDP payloads, marker removed) of a raw-IP pcap, in order. */
function ikeDatagrams(pcap: string): Uint8Array[] {
  const b = readFileSync(pcap);
  const out: Uint8Array[] = [];
  for (let o = 24; o + 16 <= b.length;) {
    const len = b.readUInt32LE(o + 8);
    const ip = b.subarray(o + 16, o + 16 + len);
    const udp = ip.subarray((ip[0]! & 0x0f) * 4);
    const dport = udp.readUInt16BE(2);
    const payload = udp.subarray(8);
    if (dport === 500 || udp.readUInt16BE(0) === 500) out.push(Uint8Array.from(payload));
    o += 16 + len;
  }
  return out;
}

interopSuite('IKE_SA_INIT retries', () => {
  let lab: Lab;
  let invalidKe: ConnectRun;
  let lost: ConnectRun;
  let cookie: ConnectRun;
  beforeAll(async () => {
    lab = await startLab({ gateway: 'psk', gatewaySettings: { 'charon.cookie_threshold': '1' } });
    // The gateway's first proposal has MODP_2048 and no ECP_384: our first KE is refused.
    invalidKe = await connect(lab, [...BASE, '--proposal', 'aes128-sha256-ecp384-modp2048']);
    // The first IKE_SA_INIT request is dropped on its way in; the retransmission after 1 s passes.
    await lab.exec('gw', ['iptables', '-I', 'INPUT', '-p', 'udp', '--dport', '500', '-j', 'DROP']);
    const session = connect(lab, BASE);
    await new Promise((r) => setTimeout(r, 700));
    await lab.exec('gw', ['iptables', '-D', 'INPUT', '-p', 'udp', '--dport', '500', '-j', 'DROP']);
    lost = await session;
    // A half-open IKE_SA: IKE_AUTH (port 4500) never arrives, the client gives up after 1.5 s.
    await lab.exec('gw', ['iptables', '-I', 'INPUT', '-p', 'udp', '--dport', '4500', '-j', 'DROP']);
    await lab.exec('cl', ['node', MAIN, 'connect', '198.51.100.1', ...BASE], 1500);
    await lab.exec('gw', ['iptables', '-D', 'INPUT', '-p', 'udp', '--dport', '4500', '-j', 'DROP']);
    cookie = await connect(lab, BASE);
  });
  afterAll(async () => { await lab?.stop(); });

  it('INVALID_KE_PAYLOAD: the retry carries the named group and the session is established', async () => {
    expect(invalidKe.code).toBe(0);
    expect(invalidKe.stdout).toMatch(/> IKE_SA_INIT request 0 \[[^\]]*\] ECP_384\n.*< IKE_SA_INIT response 0 \[ N\(INVALID_KE_PAYLOAD\) \]\n.*> IKE_SA_INIT request 0 \[[^\]]*\] MODP_2048/);
    expect(invalidKe.stdout).toContain('retries   INVALID_KE_PAYLOAD -> MODP_2048');
    expect(gatewayLogText(lab)).toMatch(/DH group ECP_384 unacceptable, requesting MODP_2048/);
    await expectKeysAgree(lab.gatewayLog, invalidKe.keylog);
  });

  it('a lost request is retransmitted unchanged after 1 s, and analyze marks the retransmission', () => {
    expect(lost.code).toBe(0);
    expect(lost.stdout).toMatch(/retransmit IKE_SA_INIT \(#1\)/);
    const [first, second] = ikeDatagrams(lost.pcap);
    expect(Buffer.from(second!).equals(Buffer.from(first!))).toBe(true);
    const r = analyzeRun(lost);
    expect(r.ikeSas[0]!.messages.filter((m) => m.exchange === 'IKE_SA_INIT' && !m.response)).toHaveLength(2);
    expectAllDecrypted(r);
  });

  it('COOKIE: the retry carries N(COOKIE) first, and the gateway accepts it', async () => {
    expect(cookie.stderr).toBe('');
    expect(cookie.code).toBe(0);
    expect(cookie.stdout).toMatch(/< IKE_SA_INIT response 0 \[ N\(COOKIE\) \]\n.*> IKE_SA_INIT request 0 \[ N\(COOKIE\) SA KE Ni/);
    expect(cookie.stdout).toContain('retries   COOKIE');
    expect(gatewayLogText(lab)).toMatch(/sending COOKIE notify|generating IKE_SA_INIT response 0 \[ N\(COOKIE\) \]/);
    await expectKeysAgree(lab.gatewayLog, cookie.keylog);
  });
});
