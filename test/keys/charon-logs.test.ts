/**
 * Every lab capture's gateway and client charon logs (captures/*.gateway.log, *.client.log)
 * give the SPIs, algorithms and keys the log itself states, read here independently of the
 * parser: the "checkin … with SPIs" and "established with SPIs" lines, the "selected
 * proposal" lines, the "=> N bytes" dump headers, and the lab's rule for which keys protect
 * which SPI ("the SA whose source is the IKE initiator uses the initiator keys"). The gateway's
 * and the client's logs of one session give the same keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encrKeyBytes, encrLabel, integLabel, prfLabel } from '../../src/keys/algorithms.js';
import { loadKeys } from '../../src/keys/load.js';
import { toHex } from '../../src/keys/text.js';
import { CAPTURES } from '../helpers/cli.js';
import { comparable, labCaptures } from './helpers.js';

/** strongSwan keyword → IANA name, the simple way (enough for what the lab negotiates). */
function iana(word: string): string {
  if (word.startsWith('PRF_')) return word;
  if (/^(HMAC|AES_XCBC|AES_CMAC|AES_\d+_GMAC)/.test(word)) return `AUTH_${word}`;
  return `ENCR_${word.replace(/^3DES_CBC/, '3DES').replace(/^DES_CBC/, 'DES')}`;
}

/** The hex dump after the first line matching `label => N bytes`, read line by line. */
function dump(lines: string[], label: RegExp, nth = 0): Uint8Array {
  const at = lines.map((l, i) => (label.test(l) ? i : -1)).filter((i) => i >= 0)[nth]!;
  const n = Number(/=> (\d+) bytes/.exec(lines[at]!)![1]);
  const bytes: number[] = [];
  for (let i = at + 1; bytes.length < n; i++) {
    const hex = /\s\d+: ((?:[0-9A-F]{2} ){1,16})/.exec(lines[i]!)![1]!.trim().split(' ');
    bytes.push(...hex.slice(0, Math.min(16, n - bytes.length)).map((h) => parseInt(h, 16)));
  }
  return Uint8Array.from(bytes);
}

const captures = labCaptures();


describe('strongSwan charon logs of the lab captures', () => {
  it('there are lab captures with both logs', () => {
    expect(captures.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of captures) {
    for (const side of ['gateway', 'client'] as const) {
      const path = join(CAPTURES, `${name}.${side}.log`);
      describe(`${name}.${side}.log`, () => {
        const text = readFileSync(path, 'utf8');
        const lines = text.split('\n');

        it('gives an IKE_SA key set per key derivation, with the SPIs of the checkin lines and the selected IKE proposal', async () => {
          const { store, problems } = await loadKeys([path]);
          if (!text.includes('Sk_d secret')) {
            // Refused in IKE_SA_INIT: no keys were ever made, and the loader says so.
            expect(problems.map((p) => p.code)).toEqual(['keys/no-keys']);
            expect(store.ike).toEqual([]);
            return;
          }
          expect(problems).toEqual([]);
          const derived = lines.filter((l) => /Sk_d secret =>/.test(l)).length;
          expect(store.ike).toHaveLength(derived);
          const pairs = new Set([...text.matchAll(/checkin IKEv2 SA \S+\[\d+\] with SPIs ([0-9a-f]{16})_i ([0-9a-f]{16})_r/g)].filter((m) => !/^0+$/.test(m[2]!)).map((m) => `${m[1]} ${m[2]}`));
          expect(new Set(store.ike.map((s) => `${s.ispi} ${s.rspi}`))).toEqual(pairs);
          const proposals = [...text.matchAll(/selected proposal: IKE:(\S+)/g)].map((m) => m[1]!);
          expect(new Set(proposals).size).toBe(1); // the lab negotiates the same on a rekey
          const proposal = proposals[0]!.split('/');
          const aead = /GCM|CCM|CHACHA/.test(proposal[0]!);
          for (const s of store.ike) {
            const named = [encrLabel(s.encr!), s.integ!.kind === 'transform' ? integLabel(s.integ!) : 'none', prfLabel(s.prf!)];
            expect(named).toEqual([iana(proposal[0]!), aead ? 'none' : iana(proposal[1]!), iana(proposal.find((w) => w.startsWith('PRF_'))!)]);
          }
        });

        it('SK keys are the bytes of their dumps, of the lengths the proposal requires', async () => {
          const { store } = await loadKeys([path]);
          store.ike.forEach((s, nth) => {
            for (const [key, label] of [['skD', 'Sk_d'], ['skEi', 'Sk_ei'], ['skEr', 'Sk_er'], ['skAi', 'Sk_ai'], ['skAr', 'Sk_ar'], ['skPi', 'Sk_pi'], ['skPr', 'Sk_pr']] as const) {
              if (!new RegExp(`${label} secret =>`).test(text)) { expect(s[key]).toBeUndefined(); continue; }
              expect(toHex(s[key]!)).toBe(toHex(dump(lines, new RegExp(`${label} secret =>`), nth)));
            }
            expect(s.skEi!.length).toBe(encrKeyBytes(s.encr!));
          });
        });

        /** Each CHILD_SA's lines: from its "encryption initiator key" to the next one. */
        const blocks = (() => {
          const starts = lines.map((l, i) => (/encryption initiator key =>/.test(l) ? i : -1)).filter((i) => i >= 0);
          return starts.map((at, n) => ({ at, n, lines: lines.slice(at, starts[n + 1] ?? lines.length) }));
        })();

        it('gives both directions of each CHILD_SA with its SPI and the selected ESP proposal', async () => {
          const { store } = await loadKeys([path]);
          const established = [...text.matchAll(/CHILD_SA \S+\{\d+\} established with SPIs ([0-9a-f]{8})_i ([0-9a-f]{8})_o/g)];
          // No CHILD_SA (refused, or the session never got that far): no ESP key sets either.
          if (!text.includes('encryption initiator key')) { expect(store.esp).toEqual([]); return; }
          const spis = [...new Set(established.flatMap((m) => [parseInt(m[1]!, 16), parseInt(m[2]!, 16)]))].sort();
          expect(spis).toHaveLength(2 * blocks.length);
          expect(store.esp.map((s) => s.spi!).sort()).toEqual(spis);
          const proposal = /selected proposal: ESP:(\S+)/.exec(text)![1]!.split('/');
          const aead = /GCM|CCM|CHACHA/.test(proposal[0]!);
          for (const s of store.esp) {
            expect(encrLabel(s.encr!)).toBe(iana(proposal[0]!));
            expect(s.integ!.kind === 'transform' ? integLabel(s.integ!) : 'none').toBe(aead ? 'none' : iana(proposal[1]!));
            expect(s.esn).toBe(proposal.includes('EXT_SEQ'));
            expect(s.encrKey.length).toBe(encrKeyBytes(s.encr!));
          }
        });

        it("binds the keys of the exchange's initiator to the SA whose source is that initiator, the responder's to the other", async () => {
          const { store } = await loadKeys([path]);
          // No CHILD_SA keys in the log: nothing to bind, and no ESP key set is made up.
          if (!text.includes('encryption initiator key')) { expect(store.esp).toEqual([]); return; }
          const [, local, remote] = /IKE_SA \S+\[\d+\] established between ([0-9a-f.:]+)\[.*\]\.\.\.([0-9a-f.:]+)\[/.exec(text)!;
          for (const b of blocks) {
            // Who began the exchange that made this CHILD_SA: the latest IKE_AUTH or CREATE_CHILD_SA
            // request this side generated, or the latest it received?
            const before = lines.slice(0, b.at);
            const last = (re: RegExp) => before.map((l, i) => (re.test(l) ? i : -1)).reduce((a, x) => Math.max(a, x), -1);
            const weBegan = last(/generating (IKE_AUTH|CREATE_CHILD_SA) request/) > last(/parsed (IKE_AUTH|CREATE_CHILD_SA) request/);
            const initiator = weBegan ? local : remote;
            const blockText = b.lines.join('\n');
            const keysOf = (who: 'initiator' | 'responder') => ({
              encr: toHex(dump(b.lines, new RegExp(`encryption ${who} key =>`))),
              integ: /integrity initiator key => [1-9]/.test(blockText) ? toHex(dump(b.lines, new RegExp(`integrity ${who} key =>`))) : '',
            });
            const spiLines = [...blockText.matchAll(/SPI 0x([0-9a-f]{8}), src (\S+) dst (\S+)/g)];
            expect(spiLines.length).toBeGreaterThanOrEqual(2);
            for (const [, spi, src] of spiLines) {
              const set = store.esp.find((s) => s.spi === parseInt(spi!, 16))!;
              expect({ encr: toHex(set.encrKey), integ: set.integKey ? toHex(set.integKey) : '' }).toEqual(keysOf(src === initiator ? 'initiator' : 'responder'));
            }
          }
        });
      });
    }

    it(`${name}: the gateway's and the client's logs give the same key sets`, async () => {
      const gw = await loadKeys([join(CAPTURES, `${name}.gateway.log`)]);
      const cl = await loadKeys([join(CAPTURES, `${name}.client.log`)]);
      const bySpi = (x: ReturnType<typeof comparable>) => ({ ike: x.ike, esp: [...x.esp].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) });
      expect(bySpi(comparable(cl.store))).toEqual(bySpi(comparable(gw.store)));
    });
  }
});
