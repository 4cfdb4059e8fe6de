/**
 * `ikescope dump --format jsonl` agrees with tshark on every frame of every shipped capture:
 * frame number, addresses, ports, IKE SPIs, exchange, message ID, flags, outer payload list,
 * ESP SPI and sequence number. tshark runs here, on the same file; nothing is pasted.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameJson } from '../../src/report/frame-record.js';
import { allCaptures, ikescope, jsonl } from '../helpers/cli.js';
import { labRequired, tsharkAvailable, tsharkFrames, type TsharkFrame } from '../helpers/tshark.js';

const missing = tsharkAvailable();
const captures = allCaptures();

/** The part of a frame both tools can speak to, in the same shape. */
function fromTshark(t: TsharkFrame) {
  return {
    frame: t.frame, src: t.src, dst: t.dst, sport: t.sport, dport: t.dport,
    ike: t.ike && { ispi: t.ike.ispi, rspi: t.ike.rspi, exchangeType: t.ike.exchangeType, mid: t.ike.mid, flags: t.ike.flags, payloadTypes: t.ike.version === 2 ? t.ike.payloadTypes : undefined },
    esp: t.esp, keepalive: t.keepalive ?? false,
  };
}

function fromIkescope(j: FrameJson) {
  const ike = j.ike && (j.kind === 'ike' || j.kind === 'ikev1');
  return {
    frame: j.frame, src: j.src, dst: j.dst, sport: j.sport, dport: j.dport,
    ike: ike ? { ispi: j.ike!.ispi, rspi: j.ike!.rspi, exchangeType: j.ike!.exchangeType, mid: j.ike!.mid, flags: j.kind === 'ike' ? j.ike!.flags : undefined, payloadTypes: j.kind === 'ike' ? j.ike!.payloadTypes : undefined } : undefined,
    esp: j.esp && { spi: j.esp.spi, seq: j.esp.seq }, keepalive: j.kind === 'nat-keepalive',
  };
}

describe.skipIf(missing && !labRequired())('dump agrees with tshark frame by frame', () => {
  it('has tshark', () => expect(missing).toBeUndefined());
  it('has captures to compare', () => {
    expect(captures.filter((c) => c.includes('wireshark-tests')).length).toBe(9);
    expect(captures.filter((c) => !c.includes('wireshark-tests')).length).toBeGreaterThanOrEqual(3);
  });
  for (const capture of captures) {
    it(basename(capture), () => {
      const run = ikescope(['dump', '--format', 'jsonl', capture]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const ours = jsonl<FrameJson>(run.stdout).filter((j) => j.frame !== undefined).map(fromIkescope);
      const theirs = tsharkFrames(capture).map(fromTshark);
      expect(ours.length).toBe(theirs.length);
      // IKEv1 flags mean something else; tshark and ikescope both keep the header fields.
      for (let i = 0; i < theirs.length; i++) {
        const t = theirs[i]!;
        const o = ours[i]!;
        if (o.ike && o.ike.flags === undefined && t.ike) { t.ike.flags = undefined as unknown as number; t.ike.payloadTypes = undefined; }
        expect(o, `frame ${t.frame}`).toEqual(t);
      }
      // The comparison must have covered IKE or ESP in every capture.
      expect(ours.some((o) => o.ike || o.esp)).toBe(true);
    });
  }
});
