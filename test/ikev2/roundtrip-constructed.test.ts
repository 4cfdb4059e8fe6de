// parse ∘ serialize = id on constructed values, for every payload type (DESIGN.md "One codec,
// both directions"): each payload alone, as a chain, and inside a whole message.
import { describe, expect, it } from 'vitest';
import {
  PayloadType,
  parseMessage,
  parsePayloadBody,
  parsePayloadChain,
  payloadName,
  serializeMessage,
  serializePayloadBody,
  serializePayloads,
  type Payload,
} from '../../src/ikev2/index.js';
import { onePayloadOfEach, windowsIkeSaInit } from './support/build.js';

const values = onePayloadOfEach();

describe('each payload value survives serialize then parse', () => {
  it.each(values.map((p, i) => [`${i}: ${payloadName(p.type)}`, p] as const))('%s', (_name, p) => {
    const body = serializePayloadBody(p);
    const nextPayload = 'innerType' in p ? p.innerType : 0;
    const back = parsePayloadBody(body, { type: p.type, nextPayload });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    // The critical flag lives in the generic header, which the body codec does not see.
    const { critical: _c, ...withoutCritical } = p as Payload & { critical?: boolean };
    expect(back.value).toEqual(withoutCritical);
    // And the bytes are stable: serialize(parse(serialize(v))) = serialize(v).
    expect(serializePayloadBody(back.value)).toEqual(body);
  });
});

it('covers every payload type the registry defines from SA to PS', () => {
  const covered = new Set(values.map((p) => p.type));
  for (const [name, type] of Object.entries(PayloadType)) {
    if (type === PayloadType.NONE || [PayloadType.IDg, PayloadType.GSA, PayloadType.KD].includes(type as 50)) continue;
    expect(covered.has(type), name).toBe(true);
  }
});

it('a chain of all of them round-trips, critical bits and raw payloads included', () => {
  // SK and SKF end a chain, so they are checked in chains of their own.
  const enc = values.filter((p) => p.type === PayloadType.SK || p.type === PayloadType.SKF);
  const plain = values.filter((p) => !enc.includes(p));
  for (const chain of [plain, ...enc.map((e) => [...plain.slice(0, 3), e])]) {
    const { firstType, bytes } = serializePayloads(chain);
    const back = parsePayloadChain(firstType, bytes);
    expect(back.malformed).toBeUndefined();
    expect(back.payloads).toEqual(chain);
  }
});

it('a constructed Windows IKE_SA_INIT request round-trips through bytes', () => {
  const init = windowsIkeSaInit();
  const bytes = serializeMessage(init);
  const m = parseMessage(bytes);
  expect(m.ok).toBe(true);
  if (!m.ok) return;
  expect(m.value.malformed).toBeUndefined();
  expect(m.value.payloads).toEqual(init.payloads);
  expect(m.value.header).toMatchObject({ ...init.header, majorVersion: 2, minorVersion: 0, length: bytes.length, nextPayload: PayloadType.SA, response: false });
  expect(serializeMessage(m.value)).toEqual(bytes);
});

it('serializing refuses an Encrypted payload that is not last', () => {
  const sk: Payload = { type: PayloadType.SK, innerType: PayloadType.IDi, data: new Uint8Array(16) };
  const nonce: Payload = { type: PayloadType.NONCE, data: new Uint8Array(16) };
  expect(() => serializePayloads([sk, nonce])).toThrow(RangeError);
});
