import { describe, expect, it } from 'vitest';
import { serializeEsp } from '../../../src/esp/header.js';
import { espSequenceGap } from '../../../src/lint/rules/protocol/esp-sequence-gap.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { lab, range, spliced } from '../../helpers/lab.js';
import { ethernet, ipv4, udp } from '../../helpers/packets.js';

const esp = (seq: number) => ethernet(ipv4('198.51.100.2', '198.51.100.1', 17, udp(4500, 4500, serializeEsp(0xc0ffee01, seq, new Uint8Array(48)))));

describe('protocol/esp-sequence-gap', () => {
  it('codec: 1, 2, 5 misses two numbers (info)', async () => {
    const f = findings(espSequenceGap, await reportOfFrames([esp(1), esp(2), esp(5)]));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/esp-sequence-gap', 'info', null, [1, 3]]]);
    expect(f[0]!.explanation).toMatch(/2 sequence numbers missing among 3 packets up to 5/);
  });

  it('lab: the client\'s second echo dropped (eap-mschapv2-ping without frame 17)', async () => {
    const f = findings(espSequenceGap, await spliced([['eap-mschapv2-ping', [...range(1, 16), ...range(18, 22)]]]));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [15, 18]]]);
    expect(f[0]!.explanation).toMatch(/child-1\): 1 sequence number missing among 2 packets up to 3/);
  });

  it('lab: a CHILD_SA made in the capture whose first packet is not number 1 (frame 15 dropped)', async () => {
    const f = findings(espSequenceGap, await spliced([['eap-mschapv2-ping', [...range(1, 14), ...range(16, 22)]]]));
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['info', 'ike-1', [16, 18]]]);
    expect(f[0]!.explanation).toMatch(/1 before the first seen, number 2/);
  });

  it('does not fire without loss, nor for an SA seen mid-life starting above 1', async () => {
    expect(findings(espSequenceGap, await lab('eap-mschapv2-ping'))).toEqual([]);
    expect(findings(espSequenceGap, await reportOfFrames([esp(7), esp(8), esp(9)]))).toEqual([]);
  });
});
