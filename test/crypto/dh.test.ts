// DH groups of the KE payload against published vectors: RFC 5903 §8.1/§8.2 (ECP, x|y encoding
// and x-only shared secret), RFC 7748 §6.1/§6.2 (X25519, X448); MODP by agreement and padding.
import { describe, expect, it } from 'vitest';
import { DH_GROUPS, generateDh } from '../../src/crypto/dh.js';
import { KeMethod } from '../../src/ikev2/registry/ke-methods.js';

const h = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const secret = (r: ReturnType<NonNullable<ReturnType<typeof generateDh>>['computeSecret']>): string => {
  if (!r.ok) throw new Error(r.reason);
  return hex(r.value);
};

describe('ECP groups, RFC 5903 §8', () => {
  it('ECP_256 (§8.1): public values are x | y, the shared secret is girx', () => {
    const i = generateDh(KeMethod.ECP_256, h('C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433'))!;
    const r = generateDh(KeMethod.ECP_256, h('C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53'))!;
    expect(hex(i.publicValue)).toBe(
      'dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180' + '5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3');
    expect(hex(r.publicValue)).toBe(
      'd12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63' + '56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab');
    const girx = 'd6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de';
    expect(secret(i.computeSecret(r.publicValue))).toBe(girx);
    expect(secret(r.computeSecret(i.publicValue))).toBe(girx);
  });

  it('ECP_384 (§8.2)', () => {
    const i = generateDh(KeMethod.ECP_384, h('099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194'))!;
    const r = generateDh(KeMethod.ECP_384, h('41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC'))!;
    expect(hex(i.publicValue)).toBe(
      '667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa' +
      '9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c');
    expect(hex(r.publicValue)).toBe(
      'e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571' +
      'dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c');
    const girx = '11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746';
    expect(secret(i.computeSecret(r.publicValue))).toBe(girx);
  });

  it('ECP_521: 132-octet public value, 66-octet x-only secret, both sides agree', () => {
    const a = generateDh(KeMethod.ECP_521)!;
    const b = generateDh(KeMethod.ECP_521)!;
    expect(a.publicValue.length).toBe(132);
    const s = secret(a.computeSecret(b.publicValue));
    expect(s.length).toBe(132);
    expect(secret(b.computeSecret(a.publicValue))).toBe(s);
  });

  it('refuses a point not on the curve and a wrong length, without throwing', () => {
    const a = generateDh(KeMethod.ECP_256)!;
    const bad = a.publicValue.slice();
    bad[63] ^= 1;
    expect(a.computeSecret(bad).ok).toBe(false);
    expect(a.computeSecret(a.publicValue.subarray(1)).ok).toBe(false);
  });
});

describe('Curve25519 and Curve448, RFC 7748 §6 (RFC 8031 §2)', () => {
  it('X25519 (§6.1)', () => {
    const alice = generateDh(KeMethod.Curve25519, h('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'))!;
    const bob = generateDh(KeMethod.Curve25519, h('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))!;
    expect(hex(alice.publicValue)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(hex(bob.publicValue)).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const k = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(secret(alice.computeSecret(bob.publicValue))).toBe(k);
    expect(secret(bob.computeSecret(alice.publicValue))).toBe(k);
  });

  it('X448 (§6.2)', () => {
    const alice = generateDh(KeMethod.Curve448, h('9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b'))!;
    const bob = generateDh(KeMethod.Curve448, h('1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d'))!;
    expect(hex(alice.publicValue)).toBe('9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0');
    expect(hex(bob.publicValue)).toBe('3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609');
    expect(secret(alice.computeSecret(bob.publicValue))).toBe(
      '07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d');
  });

  it('refuses the all-zero (small-order) public value (RFC 8031 §2.3)', () => {
    const a = generateDh(KeMethod.Curve25519)!;
    expect(a.computeSecret(new Uint8Array(32)).ok).toBe(false);
  });
});

describe('MODP groups, RFC 2409 §6.2 / RFC 3526', () => {
  for (const [group, bytes] of [[KeMethod.MODP_1024, 128], [KeMethod.MODP_1536, 192], [KeMethod.MODP_2048, 256], [KeMethod.MODP_3072, 384], [KeMethod.MODP_4096, 512]] as const) {
    it(`group ${group}: ${bytes}-octet public values and secrets (padded to the prime), both sides agree`, () => {
      const a = generateDh(group)!;
      const b = generateDh(group)!;
      expect(a.publicValue.length).toBe(bytes);
      const s = a.computeSecret(b.publicValue);
      const t = b.computeSecret(a.publicValue);
      expect(s.ok && t.ok && s.value.length === bytes && hex(s.value) === hex(t.value)).toBe(true);
    });
  }

  it('a given private value x gives g^x mod p, padded to the prime (x = 2: 4)', () => {
    const a = generateDh(KeMethod.MODP_1024, h('02'))!;
    // 2^2 mod p = 4 for any MODP prime: left-padded to 128 octets.
    expect(hex(a.publicValue)).toBe('00'.repeat(127) + '04');
  });

  it('refuses 1 and a wrong length without throwing', () => {
    const a = generateDh(KeMethod.MODP_2048)!;
    const one = new Uint8Array(256);
    one[255] = 1;
    expect(a.computeSecret(one).ok).toBe(false);
    expect(a.computeSecret(new Uint8Array(10)).ok).toBe(false);
  });

  it('knows every group of the issue and nothing it cannot do', () => {
    expect([...DH_GROUPS].sort((x, y) => x - y)).toEqual([2, 5, 14, 15, 16, 19, 20, 21, 31, 32]);
    expect(generateDh(KeMethod.MODP_768)).toBeUndefined();
  });
});
