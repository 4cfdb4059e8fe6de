// The vendor ID catalog recognises the Windows VIDs of WINDOWS-INTEROP.md, strongSwan's
// (by its MD5 rule), and the common protocol and vendor ones.
import { describe, expect, it } from 'vitest';
import {
  KnownVendorId,
  fromHex,
  hex,
  isWindowsVendorId,
  lookupVendorId,
  strongSwanVendorId,
  strongSwanVersion,
  vendorIdLabel,
} from '../../src/ikev2/index.js';
import { WINDOWS_VIDS } from './support/build.js';

describe('Windows (WINDOWS-INTEROP.md)', () => {
  it.each([
    ['1e2b516905991c7d7c96fcbfb587e46100000009', 'MS NT5 ISAKMPOAKLEY', 'Windows 8 and later (8.1, 10, 11, Server 2012 R2+)'],
    ['1e2b516905991c7d7c96fcbfb587e46100000008', 'MS NT5 ISAKMPOAKLEY', 'Windows Server 2008 R2'],
    ['1e2b516905991c7d7c96fcbfb587e46100000007', 'MS NT5 ISAKMPOAKLEY', 'Windows 7'],
    ['01528bbbc00696121849ab9a1c5b2a5100000002', 'Windows KEY_MODS', 'IKEv2'],
  ])('%s is %s (%s)', (h, name, detail) => {
    const m = lookupVendorId(fromHex(h));
    expect(m).toMatchObject({ name, detail, vendor: 'Microsoft', exact: false });
  });
  it('names the two fixed ones', () => {
    expect(lookupVendorId(fromHex('fb1de3cdf341b7ea16b7e5be0855f120'))?.name).toBe('MS-Negotiation Discovery Capable');
    expect(lookupVendorId(fromHex('26244d38eddb61b3172a36e3d0cfb819'))?.name).toBe('Microsoft Vid-Initial-Contact');
  });
  it('all four of a Windows IKE_SA_INIT are Windows vendor IDs', () => {
    expect(WINDOWS_VIDS.every(isWindowsVendorId)).toBe(true);
    expect(isWindowsVendorId(KnownVendorId.STRONGSWAN)).toBe(false);
  });
  it('labels them for reports', () => {
    expect(vendorIdLabel(WINDOWS_VIDS[0]!)).toBe('MS NT5 ISAKMPOAKLEY (Windows 8 and later (8.1, 10, 11, Server 2012 R2+))');
    expect(vendorIdLabel(fromHex('1e2b516905991c7d7c96fcbfb587e46100000007'))).toBe('MS NT5 ISAKMPOAKLEY (Windows 7)');
  });
});

describe('strongSwan', () => {
  it('MD5("strongSwan") is the charon vendor ID', () => {
    expect(hex(KnownVendorId.STRONGSWAN)).toBe('882fe56d6fd20dbc2251613b2ebe5beb');
    expect(lookupVendorId(KnownVendorId.STRONGSWAN)).toMatchObject({ name: 'strongSwan', exact: true });
  });
  it('MD5("strongSwan <version>") names the version, by rule', () => {
    // pluto vendor.c: DEC_MD5_VID(STRONGSWAN_4_3_5, "strongSwan 4.3.5"); 5.9.8 by the same rule.
    expect(strongSwanVersion(strongSwanVendorId('4.3.5'))).toBe('4.3.5');
    expect(hex(strongSwanVendorId('5.9.8'))).toBe('5cf0e60c586b849204e149b4b7ddcadc');
    expect(lookupVendorId(fromHex('5cf0e60c586b849204e149b4b7ddcadc'))).toMatchObject({ name: 'strongSwan 5.9.8', detail: '5.9.8' });
    expect(vendorIdLabel(strongSwanVendorId('2.8.11'))).toBe('strongSwan 2.8.11');
    expect(strongSwanVersion(fromHex('00'.repeat(16)))).toBeUndefined();
  });
});

describe('protocol and other vendors', () => {
  it.each([
    ['afcad71368a1f1c96b8696fc77570100', 'RFC 3706 DPD', '1.0'],
    ['4a131c81070358455c5728f20e95452f', 'RFC 3947', undefined],
    ['7d9419a65310ca6f2c179d9215529d56', 'draft-ietf-ipsec-nat-t-ike-03', undefined],
    ['90cb80913ebb696e086381b5ec427b1f', 'draft-ietf-ipsec-nat-t-ike-02\\n', undefined],
    ['4048b7d56ebce88525e7de7f00d6c2d3', 'FRAGMENTATION', undefined],
    ['4048b7d56ebce88525e7de7f00d6c2d3c0000000', 'FRAGMENTATION', 'capabilities 0xc0000000'],
    ['12f5f28c457168a9702d9fe274cc0100', 'Cisco Unity', '1.0'],
    ['1f07f70eaa6514d3b0fa96542a500306', 'Cisco VPN Concentrator', '3.0.6'],
    ['464c455856504e2d535550504f52544544', 'Cisco FlexVPN Supported', undefined],
    ['434953434f2d44454c4554452d524541534f4e', 'Cisco Delete Reason', undefined],
    ['1d6e178f6c2c0be284985465450fe9d4', 'Fortigate', undefined],
    ['fd808804df73b15150709d878044cde0ac1efcde', 'Juniper SRX', undefined],
    ['699369228741c6d4ca094c93e242c9de19e7b7c60000000500000500', 'NetScreen Technologies', 'version 0000000500000500'],
    ['f4ed19e0c114eb516faaac0ee37daf2807b4381f000000010000138d', 'Check Point', 'product 1, version 5005'],
    ['4f452d4c696272657377616e2d352e30', 'Libreswan', '5.0'],
    ['7003cbc1097dbe9c2600ba6983bc8b35', 'KAME/racoon', undefined],
    ['09002689dfd6b712', 'XAUTH', undefined],
  ])('%s is %s', (h, name, detail) => {
    const m = lookupVendorId(fromHex(h));
    expect(m?.name).toBe(name);
    expect(m?.detail).toBe(detail);
    expect(m?.source).toBeTruthy();
  });
  it('Openswan 2.x "OE" hash is recognised by its shape only', () => {
    expect(lookupVendorId(fromHex('4f45' + '41'.repeat(10)))?.vendor).toBe('Openswan');
    expect(lookupVendorId(fromHex('4f45' + '01'.repeat(10)))).toBeUndefined();
  });
  it('unknown ones are labelled by text or hex', () => {
    expect(lookupVendorId(fromHex('00112233445566778899aabbccddeeff'))).toBeUndefined();
    expect(vendorIdLabel(fromHex('00112233445566778899aabbccddeeff'))).toBe('00112233445566778899aabbccddeeff');
    expect(vendorIdLabel(new TextEncoder().encode('SomeVPN 1.2'))).toBe('"SomeVPN 1.2"');
  });
});
