import { describe, expect, it } from 'vitest';
import { findings, reportOf } from '../../helpers/lint.js';
import { lab } from '../../helpers/lab.js';
import { rekeyDhGroup } from '../../../src/lint/rules/windows/rekey-dh-group.js';

describe('windows/rekey-dh-group', () => {
  it('gateway rekeys the IKE_SA leading with MODP_2048 while the client led with MODP_1024: error for Windows', async () => {
    const f = findings(rekeyDhGroup, await lab('gw-ike-rekey-modp2048-first', 'windows-10'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', ikeSa: 'ike-1', frames: [19, 20] });
    expect(f[0]!.explanation).toContain('MODP_2048');
    expect(f[0]!.explanation).toContain('INVALID_KE_PAYLOAD');
    expect(f[0]!.explanation).toContain('Sources disagree');
    expect(f[0]!.fix).toContain('rekey_time = 0');
  });
  it('on the strongSwan client it is a "would break a Windows client" info', async () => {
    const f = findings(rekeyDhGroup, await lab('gw-ike-rekey-modp2048-first'));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['info', [19, 20]]]);
  });
  it('a rekey leading with the current group (strongSwan 5.9.8 default) and client rekeys pass', async () => {
    expect(findings(rekeyDhGroup, await lab('gw-ike-rekey-current-group', 'windows-10'))).toEqual([]);
    expect(findings(rekeyDhGroup, await lab('ike-rekey', 'windows-10'))).toEqual([]);
  });
  it('claims nothing without keys', async () => {
    expect(findings(rekeyDhGroup, await reportOf('captures/gw-ike-rekey-modp2048-first.pcap', [], 'windows-10'))).toEqual([]);
  });
});
