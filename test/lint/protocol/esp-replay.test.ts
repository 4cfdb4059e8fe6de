import { describe, expect, it } from 'vitest';
import { serializeEsp } from '../../../src/esp/header.js';
import { espReplay } from '../../../src/lint/rules/protocol/esp-replay.js';
import { findings, reportOfFrames } from '../../helpers/lint.js';
import { lab, range, spliced } from '../../helpers/lab.js';
import { ethernet, ipv4, udp } from '../../helpers/packets.js';

const esp = (seq: number) => ethernet(ipv4('198.51.100.2', '198.51.100.1', 17, udp(4500, 4500, serializeEsp(0xc0ffee01, seq, new Uint8Array(48)))));

describe('protocol/esp-replay', () => {
  it('codec: sequence 1, 2, 2, 3 on one SPI is one replay (no CHILD_SA known: no IKE_SA)', async () => {
    const f = findings(espReplay, await reportOfFrames([esp(1), esp(2), esp(2), esp(3)]));
    expect(f.map((x) => [x.rule, x.severity, x.ikeSa, x.frames])).toEqual([['protocol/esp-replay', 'warning', null, [1, 4]]]);
    expect(f[0]!.explanation).toMatch(/ESP SPI 0xc0ffee01 .*1 of 4 packets repeated/);
  });

  it('lab: the first echo sent twice (eap-mschapv2-ping frame 15 repeated) is tied to its CHILD_SA', async () => {
    const r = await spliced([['eap-mschapv2-ping', [...range(1, 15), 15, ...range(16, 22)]]]);
    const f = findings(espReplay, r);
    expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [15, 20]]]);
    expect(f[0]!.explanation).toMatch(/child-1\): 1 of 4 packets/);
  });

  it('does not fire on increasing sequence numbers', async () => {
    expect(findings(espReplay, await reportOfFrames([esp(1), esp(2), esp(3)]))).toEqual([]);
    expect(findings(espReplay, await lab('eap-mschapv2-ping'))).toEqual([]);
  });
});
