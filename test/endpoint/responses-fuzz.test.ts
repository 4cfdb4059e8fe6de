// Hostile and malformed gateway answers never crash or hang the initiator: a responder on
// loopback answers every request of a real session with a mutation of what strongSwan answered
// in captures/eap-mschapv2-ping.pcap (SPIs rewritten to ours, so the mutation reaches the
// decoders), or with random bytes, or not at all; connect() must resolve to a clean failure.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseProposal } from '../../src/endpoint/proposals.js';
import { Session } from '../../src/endpoint/session.js';
import { strongswan } from '../../src/endpoint/profiles/strongswan.js';
import { capturePath } from '../helpers/lab.js';
import { readFrames } from '../helpers/corpus.js';
import { fuzzAsync } from '../helpers/fuzz-harness.js';
import { int, mutate, randomBytes } from '../helpers/fuzz.js';

/** The gateway's IKE messages (UDP payloads without the non-ESP marker) of a lab capture. */
async function gatewayMessages(name: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const f of await readFrames(capturePath(name))) {
    const d = f.data;
    if (d[12] !== 0x08 || d[13] !== 0x00) continue; // Ethernet, IPv4
    const ip = d.subarray(14);
    if (ip[9] !== 17 || ip[12] !== 198 || ip[15] !== 1) continue; // UDP from 198.51.100.1
    const udp = ip.subarray((ip[0]! & 0x0f) * 4);
    const sport = (udp[0]! << 8) | udp[1]!;
    let payload = udp.subarray(8);
    if (sport === 4500) {
      if (payload.length < 4 || payload[0] !== 0 || payload[1] !== 0 || payload[2] !== 0 || payload[3] !== 0) continue;
      payload = payload.subarray(4);
    } else if (sport !== 500) continue;
    out.push(Uint8Array.from(payload));
  }
  return out;
}

const bind = (): Promise<Socket> => new Promise((resolve) => { const s = createSocket('udp4'); s.bind(0, '127.0.0.1', () => resolve(s)); });

let responses: Uint8Array[];
let ike: Socket;
let natT: Socket;
/** What the responder does with the next request: set per case. */
let answer: (request: Uint8Array) => Uint8Array | undefined = () => undefined;

beforeAll(async () => {
  responses = await gatewayMessages('eap-mschapv2-ping');
  ike = await bind();
  natT = await bind();
  for (const [s, marker] of [[ike, false], [natT, true]] as const) {
    s.on('message', (msg, rinfo) => {
      const req = marker ? msg.subarray(4) : msg;
      if (req.length < 28) return;
      const out = answer(new Uint8Array(req));
      if (!out) return;
      s.send(marker ? Buffer.concat([Buffer.alloc(4), out]) : out, rinfo.port, rinfo.address);
    });
  }
});
afterAll(() => { ike?.close(); natT?.close(); });

it('the capture gives the gateway\'s answers to mutate', () => {
  expect(responses.length).toBeGreaterThanOrEqual(6);
  expect(responses[0]![18]).toBe(34); // IKE_SA_INIT response first
});

it('every mutated, random or missing answer ends connect() with a failure value, never a throw or a hang', async () => {
  const ikeSpec = parseProposal('aes256-aes128-sha256-sha1-modp2048-modp1024', 'ike');
  const espSpec = parseProposal('aes256-aes128-sha256-sha1', 'esp');
  if (!ikeSpec.ok || !espSpec.ok) throw new Error('proposals');
  const reasons = new Map<string, number>();
  const stats = await fuzzAsync({ name: 'endpoint/responses', seed: 0xe1d90001, cases: 120 }, async (r, _i, keep) => {
    answer = (request) => {
      const k = r();
      if (k < 0.1) return undefined; // silence
      if (k < 0.2) return randomBytes(r, 600);
      // The answer strongSwan gave to this exchange type, else any of its answers.
      const same = responses.filter((m) => m[18] === request[18]);
      const base = Uint8Array.from((same.length ? same : responses)[int(r, (same.length ? same : responses).length)]!);
      base.set(request.subarray(0, 8), 0); // our SPI, so the message is taken as ours
      if (request[18] !== 34) base.set(request.subarray(8, 16), 8);
      const out = k < 0.35 ? base : mutate(r, base);
      keep(out);
      return out;
    };
    const s = new Session({
      gateway: '127.0.0.1', identity: 'fuzz.example.net', credentials: { method: 'psk', secret: new TextEncoder().encode('x') },
      profile: strongswan, ike: [ikeSpec.value], esp: [espSpec.value], virtualIp: { v4: true, v6: false }, fakeNat: true,
      retransmits: [40, 40], log: () => {},
      ports: { local: 0, localNatT: 0, remote: ike.address().port, remoteNatT: natT.address().port },
    });
    const result = await s.connect();
    // A PSK of 'x' against strongSwan's recorded answers can never authenticate.
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.length).toBeGreaterThan(0);
      expect(result.reason).not.toContain('\n');
      const key = result.reason.replace(/\d+/g, 'N').slice(0, 60);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    await s.close();
  });
  expect(stats.cases).toBeGreaterThan(0);
  // The mutations reached beyond IKE_SA_INIT: some sessions got as far as IKE_AUTH.
  if (stats.full) expect([...reasons.keys()].some((k) => /IKE_AUTH|AUTH|integrity|gateway's AUTH/.test(k))).toBe(true);
}, 120_000);
