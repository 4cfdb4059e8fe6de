// Every view decoder under seeded mutations of real inputs (the lab's decrypted EAP, ID, AUTH
// payloads and certificate names) and random bytes: a value every time, never an exception,
// and a failure's offset inside the input it was given.
import { describe, expect, it } from 'vitest';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import {
  authenticationOf, decodeDn, decodeGeneralName, decodePublicKey, decodeSignatureAlgorithm, eapMethodOf, identityOf,
} from '../../src/ikev2/views.js';
import type { Decoded } from '../../src/problem.js';
import { int, mutate, randomBytes, rng } from '../helpers/fuzz.js';
import { innerOfType } from './support/decrypted.js';

const EAP_TYPES = [1, 2, 3, 4, 5, 6, 13, 21, 25, 26, 43, 55, 254, 255, 99];
const ROUNDS = 1500;

function check<T>(label: string, input: Uint8Array, run: () => Decoded<T> | undefined, base = 0): void {
  let r: Decoded<T> | undefined;
  expect(() => { r = run(); }, label).not.toThrow();
  if (r && !r.ok) {
    expect(r.offset, label).toBeGreaterThanOrEqual(0);
    expect(r.offset, label).toBeLessThanOrEqual(base + input.length);
    expect(r.reason, label).toMatch(/\S/);
  }
}

describe('views never throw', () => {
  it('EAP method data: mutations of the lab messages under every method type and code', async () => {
    const seeds = (await innerOfType('eap-mschapv2-ping', PayloadType.EAP)).map((e) => e.payload.typeData);
    const r = rng(3748);
    for (let i = 0; i < ROUNDS * 4; i++) {
      const typeData = i % 5 === 0 ? randomBytes(r, 80) : mutate(r, seeds[int(r, seeds.length)]!);
      const m = { code: 1 + int(r, 2), identifier: 0, eapType: EAP_TYPES[int(r, EAP_TYPES.length)]!, typeData };
      check(`case ${i} type ${m.eapType}`, typeData, () => eapMethodOf(m), 5);
    }
  });

  it('identities: mutated DER names and general names', async () => {
    const [dnId] = (await innerOfType('production-windows', PayloadType.IDr)).map((x) => x.payload).filter((p) => p.idType === 9);
    const r = rng(7296);
    for (let i = 0; i < ROUNDS; i++) {
      const data = mutate(r, dnId!.data);
      check(`dn ${i}`, data, () => decodeDn(data));
      check(`gn ${i}`, data, () => decodeGeneralName(data));
      for (const idType of [9, 10, 11, 13, 12, 200]) check(`id ${idType} ${i}`, data, () => identityOf({ idType, data }));
    }
  });

  it('AUTH: mutated RFC 7427 data, and AlgorithmIdentifiers alone', async () => {
    const [signed] = (await innerOfType('eap-mschapv2-ping', PayloadType.AUTH)).map((a) => a.payload).filter((p) => p.method === 14);
    const r = rng(7427);
    for (let i = 0; i < ROUNDS; i++) {
      const data = mutate(r, signed!.data.subarray(0, 40));
      let a: ReturnType<typeof authenticationOf> | undefined;
      expect(() => { a = authenticationOf({ method: 14, data }); }, `auth ${i}`).not.toThrow();
      if (a!.signature && !a!.signature.ok) expect(a!.signature.offset).toBeLessThanOrEqual(data.length);
      const alg = data.subarray(1);
      check(`alg ${i}`, alg, () => decodeSignatureAlgorithm(alg));
    }
  });

  it('raw public keys (CERT encoding 15): random and mutated SubjectPublicKeyInfo', () => {
    // An RSA-2048 SPKI header followed by a short fake key, then mutated.
    const spki = Uint8Array.from(Buffer.from('30819f300d06092a864886f70d010101050003818d0030818902818100' + 'c5'.repeat(128) + '0203010001', 'hex'));
    expect(decodePublicKey(spki)).toMatchObject({ ok: true, value: { algorithm: 'RSA', bits: 1024 } });
    const r = rng(7670);
    for (let i = 0; i < ROUNDS; i++) {
      const data = i % 4 === 0 ? randomBytes(r, 64) : mutate(r, spki);
      check(`spki ${i}`, data, () => decodePublicKey(data));
    }
  });
});
