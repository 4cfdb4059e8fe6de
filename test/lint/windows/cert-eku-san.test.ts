import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/analysis/model.js';
import { certEkuSan } from '../../../src/lint/rules/windows/cert-eku-san.js';
import { CAPTURES } from '../../helpers/cli.js';
import { findings, reportOf } from '../../helpers/lint.js';

const name = 'eap-mschapv2-ping';
const real = () => reportOf(join(CAPTURES, `${name}.pcap`), [join(CAPTURES, `${name}.gateway.log`)], 'windows-10');

/** The real report with the gateway certificate's facts changed (frame 6 carries it). */
function withCert(r: Report, change: Record<string, unknown>): Report {
  const sa = r.ikeSas[0]!;
  const m = sa.messages.find((x) => x.facts.certs?.length)!;
  m.facts = { ...m.facts, certs: [{ ...m.facts.certs![0]!, ...change }] };
  return r;
}

describe('windows/cert-eku-san', () => {
  it('does not fire on the lab gateway certificate (serverAuth, the address in the SAN, RSA 2048)', async () => {
    const r = await real();
    expect(r.ikeSas[0]!.messages.find((m) => m.facts.certs)!.facts.certs![0]).toMatchObject({ eku: ['serverAuth', 'ikeIntermediate'], key: 'RSA 2048' });
    expect(findings(certEkuSan, r)).toEqual([]);
  });

  it('fires on a certificate without serverAuth, without the address, with a P-521 key', async () => {
    const r = withCert(await real(), { eku: ['clientAuth'], san: ['other.example.net'], key: 'EC P-521' });
    const f = findings(certEkuSan, r);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'windows/cert-eku-san', severity: 'error', ikeSa: 'ike-1', frames: [6] });
    expect(f[0]!.explanation).toMatch(/lacks serverAuth.*does not hold 198\.51\.100\.1.*EC P-521/);
  });

  it('says it would break a Windows client when the client is not Windows', async () => {
    const r = withCert(await reportOf(join(CAPTURES, `${name}.pcap`), [join(CAPTURES, `${name}.gateway.log`)]), { eku: undefined });
    const f = findings(certEkuSan, r);
    expect(f).toMatchObject([{ severity: 'info', title: expect.stringContaining('would break a Windows client') }]);
  });

  it('claims nothing without decrypted IKE_AUTH', async () => {
    expect(findings(certEkuSan, await reportOf(join(CAPTURES, `${name}.pcap`), [], 'windows-10'))).toEqual([]);
  });
});
