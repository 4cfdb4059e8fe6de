/**
 * Decryption with keys that are partial, wrong or foreign, through the CLI:
 * - IKE keys alone give every ESP packet decrypted through keys derived from SK_d
 *   (RFC 7296 §2.17), equal to decrypting with the ESP keys — what tshark cannot do;
 * - wrong keys, another session's keys and truncated keys give findings and a defined exit
 *   code, never a crash and never plaintext garbage;
 * - no key byte appears in any output.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import type { FrameJson } from '../../src/report/frame-record.js';
import { CAPTURES, ikescope, jsonl } from '../helpers/cli.js';

const lab = (name: string) => join(CAPTURES, `${name}.pcap`);
const log = (name: string) => join(CAPTURES, `${name}.gateway.log`);

interface KeysJson { schema: string; ike: Array<Record<string, string | null>>; esp: Array<Record<string, string | boolean | null>> }

function keysJson(name: string): KeysJson {
  const dir = mkdtempSync(join(tmpdir(), 'ikescope-keys-'));
  expect(ikescope(['keys', 'convert', log(name), '--to', 'json', '--out', dir]).status).toBe(0);
  return JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as KeysJson;
}

function write(k: KeysJson): string {
  const p = join(mkdtempSync(join(tmpdir(), 'ikescope-keys-')), 'keys.json');
  writeFileSync(p, JSON.stringify(k));
  return p;
}

const espView = (out: string) => jsonl<FrameJson>(out).filter((j) => j.esp).map((j) => ({ frame: j.frame, spi: j.esp!.spi, decrypted: j.esp!.decrypted }));

/** Every hex key of a key file, to look for in outputs. */
const secretsOf = (k: KeysJson) => [...k.ike.flatMap((s) => Object.entries(s)), ...k.esp.flatMap((s) => Object.entries(s))]
  .filter(([f, v]) => typeof v === 'string' && /^(sk|encrKey|integKey)/.test(f) && v.length >= 16).map(([, v]) => (v as string).toLowerCase());

const derivable = ['eap-mschapv2-ping', 'nat-t', 'aes-gcm', 'chacha20-x25519', 'aes-ccm', '3des-sha1', 'child-rekey', 'ikev2-fragments', 'production-windows'].filter((n) => existsSync(lab(n)));

describe('IKE keys alone decrypt ESP through derived CHILD_SA keys', () => {
  for (const name of derivable) {
    it(name, () => {
      const full = keysJson(name);
      const ikeOnly = write({ ...full, esp: [] });
      const withEsp = ikescope(['dump', '--format', 'jsonl', '--keys', log(name), lab(name)]);
      const derived = ikescope(['dump', '--format', 'jsonl', '--keys', ikeOnly, lab(name)]);
      expect(derived.status).toBe(0);
      const a = espView(withEsp.stdout);
      const b = espView(derived.stdout);
      expect(a.length).toBeGreaterThan(0);
      expect(a.every((x) => x.decrypted?.integrity === 'verified')).toBe(true);
      expect(b).toEqual(a);
      const report = JSON.parse(ikescope(['analyze', '--format', 'json', '--keys', ikeOnly, lab(name)]).stdout) as Report;
      expect(report.keys.childSasDecrypted).toBe(report.ikeSas.flatMap((s) => s.childSas).length);
      expect(report.findings.filter((f) => f.rule.startsWith('keys/'))).toEqual([]);
    });
  }

  it('with PFS the derived keys need the DH secret: a finding says so, nothing is guessed', () => {
    const name = 'child-rekey-pfs';
    const ikeOnly = write({ ...keysJson(name), esp: [] });
    const report = JSON.parse(ikescope(['analyze', '--format', 'json', '--keys', ikeOnly, lab(name)]).stdout) as Report;
    const children = report.ikeSas[0]!.childSas;
    expect(children.length).toBe(3);
    const notDerivable = report.findings.filter((f) => f.rule === 'keys/child-not-derivable');
    expect(notDerivable.length).toBe(1);
    expect(notDerivable[0]!.title).toMatch(/PFS/);
    // The first CHILD_SA (IKE_AUTH, no KE) decrypts; the two PFS generations do not.
    const first = children[0]!;
    expect(Object.values(first.esp).every((e) => e.decrypted === e.packets && e.packets > 0)).toBe(true);
    for (const c of children.slice(1)) expect(Object.values(c.esp).every((e) => e.decrypted === 0 && e.icvFailures === 0)).toBe(true);
  });
});

describe('wrong, foreign and truncated keys', () => {
  const name = 'eap-mschapv2-ping';

  it('wrong key bytes: keys/icv-mismatch findings, no plaintext, exit code by --fail-on', () => {
    const k = keysJson(name);
    const flip = (hex: string) => (hex[0] === 'f' ? '0' : 'f') + hex.slice(1);
    const wrong = write({ ...k, ike: k.ike.map((s) => ({ ...s, skAi: flip(s.skAi as string), skAr: flip(s.skAr as string) })), esp: k.esp.map((s) => ({ ...s, integKey: flip(s.integKey as string) })) });
    const dump = ikescope(['dump', '--format', 'jsonl', '--keys', wrong, lab(name)]);
    expect(dump.status).toBe(0);
    const frames = jsonl<FrameJson>(dump.stdout);
    expect(frames.some((f) => f.inner || f.esp?.decrypted)).toBe(false);
    expect(frames.filter((f) => f.closed?.code === 'keys/icv-mismatch').length).toBe(frames.filter((f) => f.esp || f.ike?.payloads.includes('SK')).length);
    const run = ikescope(['analyze', '--format', 'json', '--keys', wrong, lab(name)]);
    expect(run.status).toBe(1); // icv-mismatch is an error finding, default --fail-on error
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ikeSas[0]!.decrypted).toBe(false);
    expect(report.findings.map((f) => f.rule).sort()).toEqual(['keys/icv-mismatch', 'keys/icv-mismatch', 'keys/icv-mismatch']);
    expect(report.esp.every((e) => e.decrypted === 0 && e.icvFailures === e.packets)).toBe(true);
  });

  it('another session\'s keys: nothing opens, nothing is claimed, exit 0', () => {
    const foreign = write(keysJson('nat-t'));
    const run = ikescope(['analyze', '--format', 'json', '--keys', foreign, lab(name)]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.keys).toMatchObject({ ikeSasDecrypted: 0, childSasDecrypted: 0 });
    expect(report.esp.every((e) => e.decrypted === 0)).toBe(true);
  });

  it('a charon log whose keys carry no SPIs is bound by trial, and only to its own session', () => {
    const k = keysJson(name);
    const anonymous = write({ ...k, ike: k.ike.map(({ ispi: _i, rspi: _r, ...rest }) => rest), esp: k.esp.map(({ spi: _s, ...rest }) => rest) });
    const mine = JSON.parse(ikescope(['analyze', '--format', 'json', '--keys', anonymous, lab(name)]).stdout) as Report;
    expect(mine.keys).toMatchObject({ ikeSasDecrypted: 1, childSasDecrypted: 1 });
    const other = JSON.parse(ikescope(['analyze', '--format', 'json', '--keys', anonymous, lab('nat-t')]).stdout) as Report;
    expect(other.keys).toMatchObject({ ikeSasDecrypted: 0, childSasDecrypted: 0 });
  });

  it('truncated keys: a problem for the key file, the capture still analysed', () => {
    const k = keysJson(name);
    const short = write({ ...k, ike: k.ike.map((s) => ({ ...s, skEi: (s.skEi as string).slice(0, 10) })), esp: [] });
    const run = ikescope(['analyze', '--format', 'json', '--keys', short, lab(name)]);
    expect([0, 1]).toContain(run.status);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ikeSas.length).toBe(1);
    expect(report.ikeSas[0]!.decrypted).toBe(false);
    expect(report.findings.some((f) => f.rule.startsWith('keys/'))).toBe(true);
  });

  it('an unreadable or unknown key file is one line and exit 2', () => {
    for (const bad of ['/nonexistent/keys', join(CAPTURES, 'README.md')]) {
      const r = ikescope(['analyze', '--keys', bad, lab(name)]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(r.stdout).toBe('');
    }
  });
});

describe('no key byte in any output', () => {
  for (const name of ['eap-mschapv2-ping', 'aes-gcm', 'child-rekey']) {
    it(name, () => {
      const secrets = secretsOf(keysJson(name));
      expect(secrets.length).toBeGreaterThan(4);
      const outputs = [
        ikescope(['analyze', '--keys', log(name), lab(name)]),
        ikescope(['analyze', '--format', 'json', '--keys', log(name), lab(name)]),
        ikescope(['dump', '-V', '--keys', log(name), lab(name)]),
        ikescope(['dump', '--format', 'jsonl', '--keys', log(name), lab(name)]),
        ikescope(['keys', 'show', log(name)]),
      ].map((r) => (r.stdout + r.stderr).toLowerCase().replace(/[^0-9a-f]/g, ''));
      for (const out of outputs) for (const s of secrets) expect(out.includes(s.slice(0, 16)), basename(name)).toBe(false);
    });
  }
});
