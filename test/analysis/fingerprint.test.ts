/**
 * Client fingerprints from the IKE_SA_INIT request: Android's native client crafted as AOSP builds
 * it (test/helpers/android-init.ts), told apart from charon (every lab capture), Apple and Windows.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { makeNotify } from '../../src/ikev2/payloads/notify.js';
import { NotifyType } from '../../src/ikev2/registry/notify-types.js';
import { rekeyDhGroup } from '../../src/lint/rules/windows/rekey-dh-group.js';
import { ANDROID11_PROPOSALS, ANDROID12_PROPOSALS, androidInit, saOf, type T } from '../helpers/android-init.js';
import { CAPTURES } from '../helpers/cli.js';
import { ikeFrame, natd, nonce, sa, SPI_I, ZERO, type Hop } from '../helpers/ike.js';
import { findings, reportOf, reportOfFrames } from '../helpers/lint.js';
import { hex } from '../helpers/packets.js';
import { CLIENT_IP, GATEWAY_IP, keOf, windows10Init } from '../helpers/windows-session.js';

const C: Hop = { src: CLIENT_IP, dst: GATEWAY_IP };
const G: Hop = { src: GATEWAY_IP, dst: CLIENT_IP };
const clientOf = async (payloads: Parameters<typeof ikeFrame>[1]['payloads'], assume?: string) =>
  (await reportOfFrames([ikeFrame(C, { payloads })], assume)).ikeSas[0]!.client;
const natdC = () => natd(SPI_I, ZERO, [CLIENT_IP, 500], [GATEWAY_IP, 500]);

describe("Android's native IKEv2 client", () => {
  it('the platform VPN on Android 12 and later: notify order, PRF-last proposals, hash list and default proposals as evidence', async () => {
    const c = await clientOf(androidInit());
    expect(c).toMatchObject({ profile: 'android', version: 'Android 12 or later', vendorIds: [] });
    expect(c.assumed).toBeUndefined();
    expect(c.evidence).toEqual([
      expect.stringMatching(/^payloads in Android's IKE library order, no Vendor ID: SA KE Ni N\(NAT_DETECTION_SOURCE_IP\) N\(NAT_DETECTION_DESTINATION_IP\) N\(IKEV2_FRAGMENTATION_SUPPORTED\) N\(SIGNATURE_HASH_ALGORITHMS\) /),
      expect.stringContaining('PRFs after its KE groups'),
      expect.stringContaining('SHA1, SHA2-256, SHA2-384, SHA2-512'),
      expect.stringMatching(/platform VPN's Android 12 or later defaults .*Curve25519/),
    ]);
  });

  it('Android 11: AES-CBC/AES-GCM, no Curve25519, PRF XCBC/SHA1', async () => {
    const c = await clientOf(androidInit({ proposals: ANDROID11_PROPOSALS }));
    expect(c).toMatchObject({ profile: 'android', version: 'Android 11' });
    expect(c.evidence.at(-1)).toMatch(/Android 11 defaults/);
  });

  it('the hash list is evidence, not a condition: other hashes in the same shape are still Android, without that line', async () => {
    const other = androidInit().map((p) => ('notifyType' in p && p.notifyType === NotifyType.SIGNATURE_HASH_ALGORITHMS ? makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, hex('000200030004')) : p));
    const c = await clientOf(other);
    expect(c.profile).toBe('android');
    expect(c.evidence.join(' ')).not.toContain('SHA1, SHA2-256');
  });

  it('to an IPv6 server the library sends no NAT detection; still Android, and said why', async () => {
    const c = await clientOf(androidInit({ ipv6: true }));
    expect(c).toMatchObject({ profile: 'android', version: 'Android 12 or later' });
    expect(c.evidence[0]).toContain('SA KE Ni N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS)');
    expect(c.evidence).toContainEqual(expect.stringContaining('only to an IPv4 server'));
  });

  it('after a COOKIE the retry carries N(COOKIE) first and is still Android', async () => {
    const cookie = hex('00112233445566778899');
    const r = await reportOfFrames([
      ikeFrame(C, { payloads: androidInit() }),
      ikeFrame(G, { response: true, rspi: ZERO, payloads: [makeNotify(NotifyType.COOKIE, cookie)] }),
      ikeFrame(C, { payloads: androidInit({ cookie }) }),
    ]);
    expect(r.ikeSas[0]!.messages[2]!.payloads[0]).toBe('N(COOKIE)');
    expect(r.ikeSas[0]!.client).toMatchObject({ profile: 'android', version: 'Android 12 or later' });
  });

  it("an app's own proposals through android.net.ipsec.ike: Android without a version", async () => {
    const own: T[][] = [[[1, 12, 128], [3, 12], [4, 19], [2, 5]]];
    const c = await clientOf(androidInit({ proposals: own }));
    expect(c.profile).toBe('android');
    expect(c.version).toBeUndefined();
    expect(c.evidence.at(-1)).toMatch(/not the platform VPN profile's defaults/);
    // One proposal of the defaults dropped is not the defaults either.
    expect((await clientOf(androidInit({ proposals: [ANDROID12_PROPOSALS[0]!] }))).version).toBeUndefined();
  });

  it('the same notifies with PRF before KE (charon with follow_redirects = no) are not Android', async () => {
    // charon's order without N(REDIRECT_SUPPORTED); its proposal encodes ENCR INTEG PRF KE.
    const charon = [sa(), keOf(14, 256), nonce(), ...natdC(), makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED), makeNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS, hex('0002000300040005'))];
    const c = await clientOf(charon);
    expect(c.profile).toBe('unknown');
    expect(c.evidence[0]).toMatch(/but proposals not in the order its IKE library encodes \(ENCR, INTEG, KE, PRF\)/);
    // Android's own proposals reordered PRF-before-KE: the notify order alone does not decide.
    const reordered = ANDROID12_PROPOSALS.map((p) => [...p.filter(([k]) => k !== 2 && k !== 4), ...p.filter(([k]) => k === 2), ...p.filter(([k]) => k === 4)]);
    expect((await clientOf([saOf(reordered), ...androidInit().slice(1)])).profile).toBe('unknown');
    // A proposal without a PRF is not one the library builds (IkeSaProposal.Builder requires one).
    expect((await clientOf(androidInit({ proposals: [[[1, 20, 128], [4, 19]]] }))).profile).toBe('unknown');
    // Nor one without a KE group (buildDhGroupsOrThrow).
    expect((await clientOf(androidInit({ proposals: [[[1, 20, 128], [2, 5]]] }))).profile).toBe('unknown');
  });

  it('the request with REDIRECT_SUPPORTED added is charon, a Vendor ID added is no longer Android', async () => {
    expect((await clientOf([...androidInit(), makeNotify(NotifyType.REDIRECT_SUPPORTED)])).profile).not.toBe('android');
    expect((await clientOf([...androidInit(), { type: 43, data: hex('0102030405060708') }])).profile).toBe('unknown');
  });

  it('--assume-client android: the assumed profile keeps what was seen; Windows-only rules turn to "would break a Windows client" info', async () => {
    const c = await clientOf(androidInit(), 'android');
    expect(c).toMatchObject({ profile: 'android', assumed: true });
    expect(c.evidence[0]).toBe('assumed with --assume-client android');
    expect(c.evidence[1]).toMatch(/Android's IKE library order/);
    const lab = (name: string, assume?: string) => reportOf(join(CAPTURES, `${name}.pcap`), [join(CAPTURES, `${name}.gateway.log`)], assume);
    const f = findings(rekeyDhGroup, await lab('gw-ike-rekey-modp2048-first', 'android'));
    expect(f.map((x) => [x.severity, x.frames])).toEqual([['info', [19, 20]]]);
    expect(f[0]!.title).toContain('this one is android');
  });
});

describe('the other profiles are untouched', () => {
  it('Windows 10 by its Vendor IDs, Apple by REDIRECT_SUPPORTED first', async () => {
    expect(await clientOf(windows10Init())).toMatchObject({ profile: 'windows', version: 'Windows 10 1803 or later, or 11' });
    const apple = [sa(), keOf(14, 256), nonce(), makeNotify(NotifyType.REDIRECT_SUPPORTED), ...natdC(), makeNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)];
    expect(await clientOf(apple)).toMatchObject({ profile: 'macos', version: 'macOS or iOS' });
    // Apple's notifies around Android's proposals stay Apple: the notify order decides first.
    expect((await clientOf([saOf(ANDROID12_PROPOSALS), ...apple.slice(1)])).profile).toBe('macos');
  });

  it("every lab capture: charon's client is strongSwan, SAs without a plain IKE_SA_INIT request stay unknown, none is Android", async () => {
    const captures = readdirSync(CAPTURES).filter((f) => f.endsWith('.pcap')).sort();
    expect(captures.length).toBeGreaterThan(20);
    for (const name of captures) {
      const r: Report = await reportOf(join(CAPTURES, name));
      for (const [i, s] of r.ikeSas.entries()) {
        const init = s.messages.find((m) => m.exchange === 'IKE_SA_INIT' && !m.response);
        const charon = init?.payloads.includes('N(REDIRECT_SUPPORTED)') ?? false;
        expect([name, i, s.client.profile]).toEqual([name, i, charon ? 'strongswan' : 'unknown']);
      }
      expect(r.ikeSas[0]!.client.profile, name).toBe('strongswan');
    }
  });
});
