/**
 * `ikescope analyze --format json` on the lab's captures, checked against what the strongSwan
 * peers logged for the same session: IKE SPIs, the selected IKE proposal, each side's NAT
 * verdict, the CHILD_SA's ESP SPIs, the delete.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { allCaptures, ikescope } from '../helpers/cli.js';

const logOf = (c: string) => c.replace(/\.pcap(ng)?(\.gz)?$/, '.gateway.log');
/** Sessions that came up: refused ones (no-proposal-chosen, …) have their own tests. */
const labCaptures = allCaptures().filter((c) => !c.includes('wireshark-tests') && existsSync(logOf(c)) && /IKE_SA \S+ established between/.test(readFileSync(logOf(c), 'utf8')));

/** strongSwan's algorithm names (proposal_keywords) to IANA's, as the report writes them. */
function ianaProposal(strongswan: string) {
  const parts = strongswan.replace(/^IKE:/, '').split('/');
  const aead = parts.length === 3; // AEAD: no integrity transform
  const [encr, integ, prf, dh] = aead ? [parts[0], undefined, parts[1], parts[2]] : parts;
  const e = encr === '3DES_CBC' ? 'ENCR_3DES' : encr === 'CHACHA20_POLY1305' ? 'ENCR_CHACHA20_POLY1305' : `ENCR_${encr}`;
  const d = dh === 'CURVE_25519' ? 'Curve25519' : dh;
  return aead ? { encr: e, prf, dh: d } : { encr: e, integ: `AUTH_${integ}`, prf, dh };
}

describe('analyze agrees with the strongSwan peers\' own logs', () => {
  it('has lab captures with logs', () => expect(labCaptures.length).toBeGreaterThanOrEqual(3));
  for (const capture of labCaptures) {
    it(basename(capture), () => {
      const gw = readFileSync(capture.replace(/\.pcap$/, '.gateway.log'), 'utf8');
      const client = readFileSync(capture.replace(/\.pcap$/, '.client.log'), 'utf8');
      const run = ikescope(['analyze', '--format', 'json', capture]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.schema).toBe('ikescope.report/1');
      // One record per IKE_SA the gateway checked in with both SPIs (rekeys and redirects add some).
      const pairs = new Set([...gw.matchAll(/with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r/g)].filter((m) => !/^0+$/.test(m[2]!)).map((m) => m[1]! + m[2]!));
      expect(report.ikeSas.length).toBe(pairs.size);
      const sa = report.ikeSas[0]!;

      // charon checks the SA in before and after it has a responder SPI; take the full pair.
      const spis = [...gw.matchAll(/with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r/g)].find((m) => !/^0+$/.test(m[2]!))!;
      expect([sa.ispi, sa.rspi]).toEqual([spis[1], spis[2]]);
      const proposal = /selected proposal: (IKE:\S+)/.exec(gw)![1]!;
      expect(sa.proposal).toEqual(ianaProposal(proposal));
      // Each peer logs "remote host is behind NAT" when the other's source hash failed.
      expect(sa.nat.initiatorBehindNat).toBe(gw.includes('remote host is behind NAT'));
      expect(sa.nat.responderBehindNat).toBe(client.includes('remote host is behind NAT'));
      const children = [...gw.matchAll(/CHILD_SA \S+ established with SPIs ([0-9a-f]{8})_i ([0-9a-f]{8})_o/g)].map((c) => [c[1]!, c[2]!]);
      const logged = new Set(children.flat());
      // Every SPI on the wire is one the gateway set up, and the IKE_AUTH CHILD_SA carried traffic;
      // strongSwan may log SAs that never carry a packet (after a MOBIKE move, for one).
      for (const e of report.esp) expect(logged.has(e.spi), e.spi).toBe(true);
      if (!children.length) expect(report.esp).toEqual([]); // IKE up, CHILD_SA refused: no ESP at all
      else if (report.esp.length) expect(report.esp.map((e) => e.spi)).toEqual(expect.arrayContaining(children[0]!));
      for (const e of report.esp) expect(e).toMatchObject({ missing: 0, replays: 0, udpEncapsulated: true });
      expect(report.ikeSas.at(-1)!.state).toBe('established');
      expect(sa.client.vendorIds).toEqual([]); // strongSwan sends none unless send_vendor_id
      // Every request of the session is answered, and nothing was retransmitted.
      const requests = sa.messages.filter((m) => !m.response && !m.retransmission);
      expect(requests.every((m) => m.pairedFrame !== null)).toBe(true);
      // Retransmissions exactly where the client logged them (its requests were dropped).
      expect(sa.messages.some((m) => m.retransmission)).toBe(/retransmit \d+ of request/.test(client));
      expect(sa.messages.at(-1)!.exchange).toBe('INFORMATIONAL');
      expect(gw).toMatch(/received DELETE for IKE_SA|sending DELETE for IKE_SA/);
    });
  }

  it('gathers the IP fragments of the large IKE_AUTH response into one message', () => {
    const capture = labCaptures.find((c) => c.endsWith('ip-fragmented-auth.pcap'))!;
    const report = JSON.parse(ikescope(['analyze', '--format', 'json', capture]).stdout) as Report;
    const big = report.ikeSas[0]!.messages.find((m) => m.frames.length > 1)!;
    expect(big).toMatchObject({ exchange: 'IKE_AUTH', mid: 1, response: true, frames: [6, 7, 8] });
  });

  it('gathers IKEv2 fragments (RFC 7383) of one message, listing every frame', () => {
    const capture = labCaptures.find((c) => c.endsWith('production-windows.pcap'))!;
    const report = JSON.parse(ikescope(['analyze', '--format', 'json', capture]).stdout) as Report;
    const frag = report.ikeSas[0]!.messages.find((m) => m.payloads.includes('SKF'))!;
    expect(frag).toMatchObject({ exchange: 'IKE_AUTH', response: true, retransmission: false });
    expect(frag.frames.length).toBeGreaterThanOrEqual(2);
  });
});
