/**
 * Interop tests of the endpoint (`ikescope connect`) against a real strongSwan gateway from
 * lab/: the endpoint runs where a client would (namespace cl, or ncl behind the NAT), and its
 * results are checked against independent oracles — the gateway's charon log (its view of
 * the SAs, and its own copy of every key), `ikescope analyze` and tshark on the endpoint's own
 * capture, decrypted with the endpoint's own key log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { Lab } from '../../lab/lab.js';
import { loadKeys } from '../../src/keys/index.js';
import type { IkeSaKeySet } from '../../src/keys/model.js';
import { ikescope, ROOT } from './cli.js';
import { labSuite } from './lab-suite.js';
import { tsharkFrames, type TsharkFrame } from './tshark.js';

export const FIXTURES = resolve(ROOT, 'fixtures', 'gateways');
export const MAIN = resolve(ROOT, 'dist', 'cli', 'main.js');

const CLIENTS = join(FIXTURES, '..', 'clients');
/** The lab's client certificates (lab/make-certs auth): RSA from the RSA root CA, ECDSA from the ECDSA one. */
export const CLIENT_RSA = { cert: join(CLIENTS, 'cert-rsa', 'x509', 'alice.lab.example.net.pem'), key: join(CLIENTS, 'cert-rsa', 'private', 'alice.lab.example.net.key') };
export const CLIENT_ECDSA = { cert: join(CLIENTS, 'cert-ecdsa', 'x509', 'alice-ecdsa.lab.example.net.pem'), key: join(CLIENTS, 'cert-ecdsa', 'private', 'alice-ecdsa.lab.example.net.key') };
/** The RSA root CA: the eap-mschapv2, cert-rsa and eap-tls gateways' certificates chain to it. */
export const RSA_CA = join(FIXTURES, 'eap-mschapv2', 'x509ca', 'root-ca.pem');
/** A line from inside a PEM key file: output that contains it has leaked the key. */
export const keyLine = (file: string): string => readFileSync(file, 'utf8').split('\n')[2]!;

/** Where the lab and tshark cannot run: skip with the reason, or fail under IKESCOPE_REQUIRE_LAB=1. */
export const interopSuite = (name: string, body: () => void): void => labSuite(name, body, { tshark: true });

export interface ConnectRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly pcap: string;
  readonly keylog: string;
  /** "<ispi>_i <rspi>_r" from the summary. */
  readonly ikeSpis?: { ispi: string; rspi: string };
  /** [ours (inbound), theirs (outbound)] per CHILD_SA from the summary. */
  readonly childSpis: Array<{ in: string; out: string }>;
}

export async function connect(lab: Lab, args: string[], o: { node?: 'cl' | 'ncl'; timeoutMs?: number; gateway?: string } = {}): Promise<ConnectRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-connect-'));
  const pcap = join(dir, 'session.pcap');
  const keylog = join(dir, 'session.keys.json');
  const r = await lab.exec(o.node ?? 'cl', ['node', MAIN, 'connect', o.gateway ?? '198.51.100.1', '--pcap', pcap, '--keylog', keylog, ...args], o.timeoutMs ?? 60_000);
  const ike = /IKE_SA {4}([0-9a-f]{16})_i ([0-9a-f]{16})_r/.exec(r.stdout);
  const childSpis = [...r.stdout.matchAll(/CHILD_SA {2}([0-9a-f]{8})_i ([0-9a-f]{8})_o/g)].map((m) => ({ in: m[1]!, out: m[2]! }));
  return { ...r, pcap, keylog, ...(ike ? { ikeSpis: { ispi: ike[1]!, rspi: ike[2]! } } : {}), childSpis };
}

interface ReportJson {
  keys: { ikeSasDecrypted: number; childSasDecrypted: number };
  ikeSas: Array<{
    ispi: string; rspi: string; state: string; decrypted: boolean; proposal: Record<string, string>;
    messages: Array<{ exchange: string; mid: number; response: boolean; payloads: string[]; inner: string[] | null }>;
    childSas: Array<{ id: string; spiI: string; spiR: string; rekeyCollision: { with: string; lost: boolean } | null; esp: Record<string, { packets: number; decrypted: number; icvFailures: number }> }>;
  }>;
  findings: Array<{ rule: string }>;
}

/** `ikescope analyze --format json` on the endpoint's capture with the endpoint's key log. */
export function analyzeRun(run: ConnectRun, extra: string[] = []): ReportJson {
  const r = ikescope(['analyze', run.pcap, '--keys', run.keylog, '--format', 'json', '--fail-on', 'never', ...extra]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as ReportJson;
}

/** Every encrypted message opened, every ESP packet decrypted, no ICV failure. */
export function expectAllDecrypted(report: ReportJson): void {
  for (const sa of report.ikeSas) {
    expect(sa.decrypted).toBe(true);
    for (const m of sa.messages) if (m.payloads.includes('SK') || m.payloads.includes('SKF')) expect(m.inner, `${m.exchange} ${m.mid}`).not.toBeNull();
    for (const c of sa.childSas) {
      for (const [spi, e] of Object.entries(c.esp)) {
        expect(e.icvFailures, spi).toBe(0);
        expect(e.decrypted, spi).toBe(e.packets);
      }
    }
  }
}

/** tshark on the endpoint's capture with the Wireshark tables the endpoint wrote. */
export function tsharkRun(run: ConnectRun): TsharkFrame[] {
  return tsharkFrames(run.pcap, [], `${run.keylog}.wireshark`);
}

/** tshark opened every SK payload (ICV "correct") and every ESP packet down to its inner IP packet. */
export function expectTsharkDecrypted(frames: TsharkFrame[]): void {
  expect(frames.length).toBeGreaterThan(0);
  for (const f of frames) {
    if (f.ike && f.ike.exchangeType !== 34) {
      expect(f.ike.icv, `frame ${f.frame}`).toBe('correct');
      expect(f.ike.inner, `frame ${f.frame}`).toBeDefined();
    }
    if (f.esp) expect(f.esp.inner?.src, `frame ${f.frame}: ESP not decrypted by tshark`).toBeDefined();
  }
}

/** The gateway's own key sets (its charon log) against the endpoint's key log: same SPIs, same keys. */
export async function expectKeysAgree(gatewayLog: string, keylog: string): Promise<void> {
  const theirs = await loadKeys([gatewayLog]);
  const ours = await loadKeys([keylog]);
  const hex = (b?: Uint8Array) => (b ? Buffer.from(b).toString('hex') : undefined);
  const ike = (s: IkeSaKeySet) => [s.ispi, s.rspi, hex(s.skD), hex(s.skEi), hex(s.skEr), hex(s.skAi), hex(s.skAr), hex(s.skPi), hex(s.skPr)].join(' ');
  expect(ours.store.ike.length).toBeGreaterThan(0);
  const gw = new Set(theirs.store.ike.map(ike));
  for (const s of ours.store.ike) expect(gw.has(ike(s)), `IKE_SA ${s.ispi}/${s.rspi} keys as the gateway logged them`).toBe(true);
  const esp = (spi: number | undefined, e?: Uint8Array, a?: Uint8Array) => `${spi?.toString(16).padStart(8, '0')} ${hex(e)} ${hex(a)}`;
  const gwEsp = new Set(theirs.store.esp.map((s) => esp(s.spi, s.encrKey, s.integKey)));
  for (const s of ours.store.esp) expect(gwEsp.has(esp(s.spi, s.encrKey, s.integKey)), `ESP SA ${s.spi?.toString(16)} keys as the gateway logged them`).toBe(true);
}

export const gatewayLogText = (lab: Lab): string => readFileSync(lab.gatewayLog, 'utf8');

/** Polls `f` every 100 ms until it is true or `ms` have passed. */
export async function waitFor(f: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!f()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The analysis's view of rekeys: which IKE_SA became which, and the CHILD_SA chain. */
export interface RekeyView { ike: Array<{ ispi: string; state: string; rekeyedTo: string | null }>; children: Array<{ spiI: string; spiR: string; rekeyedTo: string | null }> }
