import { describe, expect, it } from 'vitest';
import { findings, reportOf } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { ipFragmentedAuth } from '../../../src/lint/rules/windows/ip-fragmented-auth.js';

describe('windows/ip-fragmented-auth', () => {
  it('the RSA-4096 chain in one IP-fragmented IKE_AUTH response (frames 6-8), with or without keys', async () => {
    for (const r of [await lab('ip-fragmented-auth'), await reportOf('captures/ip-fragmented-auth.pcap')]) {
      const f = findings(ipFragmentedAuth, r);
      expect(f.map((x) => [x.severity, x.ikeSa, x.frames])).toEqual([['warning', 'ike-1', [6, 7, 8]]]);
      expect(f[0]!.fix).toContain('fragmentation = yes');
    }
  });
  it('IKEv2 fragments (SKF, one frame each) are not IP fragments', async () => {
    expect(findings(ipFragmentedAuth, await lab('production-windows'))).toEqual([]);
    expect(findings(ipFragmentedAuth, await lab('ikev2-fragments'))).toEqual([]);
  });
});
