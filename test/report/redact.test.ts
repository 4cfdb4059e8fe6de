/**
 * A redacted report of a lab capture contains none of the capture's identities, addresses,
 * certificate subjects, keys or MSCHAPv2 values, in any format. The values grepped for come
 * from outside the report: the addresses the lab uses, the unredacted report's own addresses,
 * the EAP identity and the gateway's certificate names from charon's log, every key from
 * `ikescope keys convert --to json`, and the MSCHAPv2 challenge, peer challenge, NT-Response and
 * authenticator response read from the decrypted EAP payloads (test-only decryption).
 */
import { isIP } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { hex } from '../../src/ikev2/bytes.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { NetDecoder } from '../../src/net/decoder.js';
import { lint } from '../../src/lint/run.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { redact, redactor } from '../../src/report/redact.js';
import { renderText } from '../../src/report/text.js';
import { CAPTURES, ikescope } from '../helpers/cli.js';
import { chainBodies, readFrames } from '../helpers/corpus.js';
import { decryptedChains } from '../helpers/ike-decrypt.js';
import { reportOf } from '../helpers/lint.js';

const LAB = readdirSync(CAPTURES).filter((f) => f.endsWith('.pcap')).map((f) => f.replace(/\.pcap$/, '')).sort();
const full = new Map<string, Report>();

const renderAll = (r: Report): Record<string, string> => ({
  json: JSON.stringify(r, null, 2), text: renderText(r, { color: false }), md: renderMarkdown(r), html: renderHtml(r), junit: renderJunit(r),
});

/** Every IPv4 and IPv6 address written anywhere in a text. */
function addressesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d{1,3}(?:\.\d{1,3}){3}/g)) if (isIP(m[0]) === 4) out.add(m[0]);
  for (const m of text.matchAll(/[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}/g)) if (isIP(m[0]) === 6 && m[0] !== '::') out.add(m[0]);
  return out;
}

/** Every key in the key file ikescope writes for a charon log (hex, 8 bytes or more). */
function keyHex(name: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-redact-'));
  const res = ikescope(['keys', 'convert', join(CAPTURES, `${name}.gateway.log`), '--to', 'json', '--out', dir]);
  // A log without keys (charon logged at a lower level) has none to leak.
  if (res.status !== 0 && /without keys/.test(res.stderr)) return [];
  expect(res.status, res.stderr).toBe(0);
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string' && /^[0-9a-f]{16,}$/i.test(v) && !/spi/i.test(key)) out.push(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')), '');
  return out;
}

/** MSCHAPv2 values (RFC 2759 §4-5) in the capture's decrypted EAP payloads, as hex. */
async function mschapValues(name: string): Promise<string[]> {
  const path = join(CAPTURES, `${name}.pcap`);
  const net = new NetDecoder();
  const messages: { frame: number; bytes: Uint8Array }[] = [];
  for (const fr of await readFrames(path)) {
    const p = net.decode(fr);
    if (p.content.kind === 'ike') messages.push({ frame: fr.number, bytes: new Uint8Array(p.content.bytes) });
  }
  const out: string[] = [];
  for (const c of decryptedChains(path, messages)) {
    for (const b of chainBodies(c.label, c.firstType, c.bytes)) {
      if (b.type !== PayloadType.EAP || b.body.length < 10 || b.body[4] !== 26) continue;
      const d = b.body.subarray(5); // MSCHAPv2 packet: OpCode, MS-CHAPv2-ID, MS-Length, …
      if (d[0] === 1 && d[4] === 16) out.push(hex(d.subarray(5, 21))); // Challenge
      if (d[0] === 2 && d[4] === 49) { out.push(hex(d.subarray(5, 21))); out.push(hex(d.subarray(29, 53))); } // Peer-Challenge, NT-Response
      if (d[0] === 3) {
        const s = /S=([0-9A-Fa-f]{40})/.exec(Buffer.from(d.subarray(4)).toString('latin1'));
        if (s) out.push(s[1]!.toLowerCase()); // Authenticator Response
      }
    }
  }
  return out;
}

/** Names in the gateway's log: EAP identities and certificate subjects/issuers, and their CN values. */
function logIdentities(name: string): string[] {
  const log = readFileSync(join(CAPTURES, `${name}.gateway.log`), 'utf8');
  const out = new Set<string>();
  for (const m of log.matchAll(/received EAP identity '([^']+)'/g)) out.add(m[1]!);
  for (const m of log.matchAll(/"((?:C|O|OU|CN)=[^"]+)"/g)) {
    out.add(m[1]!);
    for (const cn of m[1]!.matchAll(/CN=([^,"]+)/g)) out.add(cn[1]!.trim());
  }
  return [...out];
}

beforeAll(async () => {
  for (const name of LAB) full.set(name, lint(await reportOf(join(CAPTURES, `${name}.pcap`), [join(CAPTURES, `${name}.gateway.log`)])));
});

const LAB_ADDRESS = /198\.51\.100\.\d|203\.0\.113\.\d|192\.0\.2\.\d|2001:db8:/i;

describe('--redact', () => {
  it('the searches find what they look for in the unredacted reports (so their absence below means something)', async () => {
    const { junit: _junit, ...eap } = renderAll(full.get('eap-mschapv2-ping')!);
    for (const out of Object.values(eap)) {
      expect(out).toMatch(LAB_ADDRESS);
      expect(out).toContain('alice');
    }
    expect(logIdentities('eap-mschapv2-ping')).toEqual(expect.arrayContaining(['alice', 'vpn.example.net']));
    const values = await mschapValues('eap-mschapv2-ping');
    expect(values.map((v) => v.length)).toEqual([32, 32, 48, 40]);
    expect(keyHex('eap-mschapv2-ping').length).toBeGreaterThanOrEqual(6);
  });

  it('every lab capture: no address, identity, certificate name, key or MSCHAPv2 value in any format', async () => {
    for (const name of LAB) {
      const r = full.get(name)!;
      const addresses = addressesIn(JSON.stringify(r));
      expect(addresses.size, name).toBeGreaterThan(0);
      const secrets = [...keyHex(name), ...(await mschapValues(name))];
      const identities = logIdentities(name);
      for (const [format, out] of Object.entries(renderAll(redact(r)))) {
        const where = `${name} ${format}`;
        expect(out, where).not.toMatch(LAB_ADDRESS);
        for (const a of addresses) if (!['0.0.0.0', '255.255.255.255'].includes(a)) expect(out.includes(a), `${where}: ${a}`).toBe(false);
        for (const id of identities) expect(out.toLowerCase().includes(id.toLowerCase()), `${where}: ${id}`).toBe(false);
        for (const s of secrets) expect(out.toLowerCase().includes(s), `${where}: a key or MSCHAPv2 value`).toBe(false);
        expect(out, where).not.toContain('.gateway.log');
      }
    }
  });

  it('pseudonyms are stable: one address or identity, one pseudonym, everywhere in the report', () => {
    const r = redact(full.get('mobike-move')!);
    const sa = r.ikeSas[0]!;
    expect(sa.initiator.ip).toBe('ip-1');
    expect(sa.responder.ip).toBe('ip-2');
    expect(sa.addresses.map((a) => a.initiator.ip)).toEqual(['ip-1', 'ip-1', 'ip-3']);
    expect(sa.events.find((e) => e.kind === 'address-move')!.detail).toBe('initiator moved ip-1:4500 → ip-3:4500 (first used in frame 19, testing the path)');
    expect(r.esp.every((e) => /^ip-\d$/.test(e.src) && /^ip-\d$/.test(e.dst))).toBe(true);
    expect(sa.childSas[0]!.tsI).toEqual(['ip-4/32']);
    expect(sa.childSas[0]!.tsR).toEqual(['0.0.0.0/0']);
    expect(sa.eap!.identity).toBe('id-1');
    // SPIs stay, they identify an SA, not a person.
    expect([sa.ispi, sa.childSas[0]!.spiI]).toEqual([full.get('mobike-move')!.ikeSas[0]!.ispi, full.get('mobike-move')!.ikeSas[0]!.childSas[0]!.spiI]);
    // The same run twice gives the same report.
    expect(JSON.stringify(redact(full.get('mobike-move')!))).toBe(JSON.stringify(r));
  });

  it('identities and MSCHAPv2 values the model may carry in facts are pseudonymised or dropped; IPv6 too', () => {
    const base = full.get('eap-mschapv2-ping')!;
    const sa = base.ikeSas[0]!;
    const m = sa.messages[2]!;
    const facts = {
      ...m.facts,
      ids: [{ payload: 'IDi', type: 'ID_RFC822_ADDR', value: 'bob@corp.example' }],
      certs: [{ encoding: 'X.509 Certificate - Signature', bytes: 900, subject: 'C=CH, O=Corp, CN=gw.corp.example', issuer: 'CN=Corp Root CA' }],
      eap: [{ code: 'Response', type: 'MSCHAPv2', mschapv2: { opcode: 'Response', name: 'bob', peerChallenge: '00112233445566778899aabbccddeeff', ntResponse: 'ffeeddccbbaa99887766554433221100ffeeddccbbaa9988' } }],
    };
    const r: Report = {
      ...base,
      ikeSas: [{ ...sa, initiator: { ip: '2001:db8::2', port: 500 }, stateReason: 'bob@corp.example at 2001:db8::2 talked to gw.corp.example', messages: [...sa.messages.slice(0, 2), { ...m, facts } as typeof m, ...sa.messages.slice(3)] }],
    };
    const red = redactor(r);
    const outputs = Object.values(renderAll(red.report)).join('\n');
    for (const s of ['bob@corp.example', 'gw.corp.example', 'Corp Root CA', '2001:db8::2', '00112233445566778899', 'ffeeddccbbaa9988', '"bob"']) expect(outputs, s).not.toContain(s);
    const rsa = red.report.ikeSas[0]!;
    expect(rsa.initiator.ip).toBe('ip6-1');
    expect(rsa.stateReason).toMatch(/^id-\d at ip6-1 talked to id-\d$/);
    // Outside the model too, with the same pseudonyms (the MSCHAPv2 name "bob" is an identity).
    expect(red.text('ikescope analyze /home/bob/x.pcap 2001:db8::2')).toMatch(/^ikescope analyze \/home\/id-\d\/x\.pcap ip6-1$/);
    // A message's own response flag is a boolean and stays.
    expect(rsa.messages[1]!.response).toBe(true);
  });

  it('the CLI: --redact in every format, and the reproduce line keeps no key path', () => {
    const cap = join(CAPTURES, 'eap-mschapv2-ping.pcap');
    const keys = join(CAPTURES, 'eap-mschapv2-ping.gateway.log');
    for (const format of ['text', 'json', 'md', 'html', 'junit']) {
      const res = ikescope(['analyze', cap, '--keys', keys, '--format', format, '--redact', '--fail-on', 'never']);
      expect([res.status, res.stderr], format).toEqual([0, '']);
      expect(res.stdout, format).not.toMatch(LAB_ADDRESS);
      expect(res.stdout, format).not.toContain('alice');
      expect(res.stdout, format).not.toContain(keys);
    }
    const md = ikescope(['analyze', cap, '--keys', keys, '--format', 'md', '--redact']).stdout;
    expect(md).toContain(`ikescope analyze eap-mschapv2-ping.pcap --keys KEYFILE --format md --redact`);
  });
});
