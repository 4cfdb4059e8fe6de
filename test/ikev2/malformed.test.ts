// Malformed input never throws: a message with a usable header comes back with the payloads
// before the defect and `malformed` saying where and why (DESIGN.md "Errors are values").
import { describe, expect, it } from 'vitest';
import {
  GENERIC_HEADER_LENGTH,
  IKE_HEADER_LENGTH,
  MAX_PAYLOADS,
  PayloadType,
  fromHex,
  isPayload,
  parseGenericHeader,
  parseInnerPayloads,
  parseMessage,
  serializeMessage,
  serializePayloads,
  type IkeMessage,
  type Payload,
} from '../../src/ikev2/index.js';
import { allMessages } from './support/captures.js';
import { bytes, onePayloadOfEach, windowsIkeAuthInner, windowsIkeSaInit } from './support/build.js';

const real = allMessages();

function full(b: Uint8Array): IkeMessage {
  const m = parseMessage(b);
  if (!m.ok) throw new Error(m.reason);
  return m.value;
}

/** Offsets of each payload's generic header in a message. */
function payloadOffsets(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = IKE_HEADER_LENGTH; at < b.length; ) {
    const h = parseGenericHeader(b, at);
    if (!h.ok) break;
    out.push(at);
    at += h.value.length;
  }
  return out;
}

describe('truncation at every offset of every real message', () => {
  it.each(real)('$name', ({ bytes: b }) => {
    const whole = full(b);
    for (let n = 0; n < b.length; n++) {
      const m = parseMessage(b.subarray(0, n));
      if (n < IKE_HEADER_LENGTH) {
        expect(m.ok).toBe(false);
        continue;
      }
      expect(m.ok).toBe(true);
      if (!m.ok) continue;
      expect(m.value.malformed?.reason).toMatch(/truncated/);
      // What was decoded is exactly what the whole message starts with.
      expect(whole.payloads.slice(0, m.value.payloads.length)).toEqual(m.value.payloads);
    }
  });
});

describe('each payload length lying, in every real message', () => {
  it.each(real)('$name', ({ bytes: b }) => {
    const whole = full(b);
    payloadOffsets(b).forEach((at, index) => {
      const actual = (b[at + 2]! << 8) | b[at + 3]!;
      for (const lie of [0, 1, 3, actual - 1, actual + 1, 0xffff]) {
        if (lie === actual || lie < 0) continue;
        const mutated = b.slice();
        mutated[at + 2] = lie >> 8;
        mutated[at + 3] = lie & 0xff;
        const m = parseMessage(mutated);
        expect(m.ok).toBe(true);
        if (!m.ok) continue;
        // Everything before the lying payload is intact.
        expect(m.value.payloads.slice(0, index)).toEqual(whole.payloads.slice(0, index));
        if (lie < GENERIC_HEADER_LENGTH || lie > b.length - at) {
          expect(m.value.malformed).toBeDefined();
          expect(m.value.payloads.length).toBe(index);
        }
      }
    });
  });

  it.each(real.slice(0, 6))('$name: header Length lying', ({ bytes: b }) => {
    for (const lie of [0, 27]) {
      const mutated = b.slice();
      new DataView(mutated.buffer).setUint32(24, lie);
      const m = parseMessage(mutated);
      expect(m.ok).toBe(false);
      if (!m.ok) expect(m.offset).toBe(24);
    }
    for (const lie of [b.length + 1, 0xffffffff]) {
      const mutated = b.slice();
      new DataView(mutated.buffer).setUint32(24, lie);
      const m = parseMessage(mutated);
      expect(m.ok && m.value.malformed?.offset).toBe(b.length);
    }
    const shorter = b.slice();
    new DataView(shorter.buffer).setUint32(24, b.length - 1);
    const s = parseMessage(shorter);
    expect(s.ok && s.value.malformed).toBeTruthy();
  });
});

/** Serialize a message, then patch octets at an offset into one payload's body. */
function patched(payloads: Payload[], which: number, patch: (body: Uint8Array, dv: DataView) => void): ReturnType<typeof parseMessage> {
  const b = serializeMessage({ header: windowsIkeSaInit().header, payloads });
  const at = payloadOffsets(b)[which]! + GENERIC_HEADER_LENGTH;
  const body = b.subarray(at);
  patch(body, new DataView(b.buffer, b.byteOffset + at));
  return parseMessage(b);
}

function expectMalformedAt(r: ReturnType<typeof parseMessage>, kept: number, reason: RegExp): void {
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value.payloads.length).toBe(kept);
  expect(r.value.malformed?.reason).toMatch(reason);
}

describe('inner lengths and counts lying', () => {
  const sa = windowsIkeSaInit().payloads[0]!;
  const nonce: Payload = { type: PayloadType.NONCE, data: bytes(16) };
  const inner = windowsIkeAuthInner();
  const cp = inner.find((p) => p.type === PayloadType.CP)!;
  const ts = inner.find((p) => p.type === PayloadType.TSi)!;

  it('SA: proposal length past the payload', () => {
    expectMalformedAt(patched([nonce, sa], 1, (_b, dv) => dv.setUint16(2, 0x7fff)), 1, /proposal length/);
  });
  it('SA: proposal length too short for its SPI', () => {
    expectMalformedAt(patched([nonce, sa], 1, (_b, dv) => dv.setUint16(2, 7)), 1, /proposal length 7/);
  });
  it('SA: transform count disagrees with the transforms present', () => {
    expectMalformedAt(patched([nonce, sa], 1, (b) => (b[7] = 5)), 1, /says 5 transforms but holds 4/);
  });
  it('SA: transform length zero', () => {
    expectMalformedAt(patched([nonce, sa], 1, (_b, dv) => dv.setUint16(8 + 2, 0)), 1, /transform length 0/);
  });
  it('SA: TLV attribute length past its transform', () => {
    // First transform of the first proposal is ENCR_3DES with no attributes; the second
    // proposal's ENCR carries the TV key length: turn it into a TLV claiming 200 octets.
    expectMalformedAt(
      patched([nonce, sa], 1, (b, dv) => {
        const p2 = dv.getUint16(2);
        dv.setUint16(p2 + 8 + 8, 0x000e);
        dv.setUint16(p2 + 8 + 10, 200);
        void b;
      }),
      1,
      /attribute length 200/,
    );
  });
  it('TS: selector length not 16 for IPv4', () => {
    expectMalformedAt(patched([nonce, ts], 1, (_b, dv) => dv.setUint16(4 + 2, 17)), 1, /selector length 17/);
  });
  it('TS: count disagrees', () => {
    expectMalformedAt(patched([nonce, ts], 1, (b) => (b[0] = 9)), 1, /says 9 selectors/);
  });
  it('CP: attribute length past the payload', () => {
    expectMalformedAt(patched([nonce, cp], 1, (_b, dv) => dv.setUint16(4 + 2, 1000)), 1, /attribute length 1000/);
  });
  it('Notify: SPI size past the payload', () => {
    const n = onePayloadOfEach().find((p) => p.type === PayloadType.N)!;
    expectMalformedAt(patched([nonce, n], 1, (b) => (b[1] = 200)), 1, /SPI size 200/);
  });
  it('Delete: SPI count times size does not fill the payload', () => {
    const d = onePayloadOfEach().find((p) => isPayload(p, PayloadType.D) && p.spiSize === 4)!;
    expectMalformedAt(patched([nonce, d], 1, (_b, dv) => dv.setUint16(2, 3)), 1, /3 SPIs of 4 octets/);
  });
  it('ID: an IPv4 address that is not four octets', () => {
    const id = inner[0]!;
    expectMalformedAt(patched([nonce, id], 1, (b) => (b[0] = 5)), 1, /needs a 16-octet address/);
  });
  it('EAP: length beyond the payload, and a Request without Type', () => {
    const eap = onePayloadOfEach().find((p) => p.type === PayloadType.EAP)!;
    expectMalformedAt(patched([nonce, eap], 1, (_b, dv) => dv.setUint16(2, 99)), 1, /EAP length 99/);
    expectMalformedAt(patched([nonce, eap], 1, (_b, dv) => dv.setUint16(2, 4)), 1, /has no Type/);
  });
  it('SKF: fragment number zero and above the total', () => {
    const skf = onePayloadOfEach().find((p) => p.type === PayloadType.SKF)!;
    expectMalformedAt(patched([nonce, skf], 1, (_b, dv) => dv.setUint16(0, 0)), 1, /starts at 1/);
    expectMalformedAt(patched([nonce, skf], 1, (_b, dv) => dv.setUint16(0, 4)), 1, /below Fragment Number 4/);
  });
});

describe('chain-level defects', () => {
  const header = windowsIkeSaInit().header;

  it('a zero payload length stops the walk instead of looping', () => {
    const b = serializeMessage({ header, payloads: [{ type: PayloadType.V, data: new Uint8Array(0) }] });
    b[IKE_HEADER_LENGTH + 2] = 0;
    b[IKE_HEADER_LENGTH + 3] = 0;
    b[IKE_HEADER_LENGTH] = PayloadType.V; // and it claims another one follows
    const m = parseMessage(b);
    expect(m.ok && m.value.malformed?.offset).toBe(IKE_HEADER_LENGTH + 2);
  });

  it(`at most ${MAX_PAYLOADS} payloads are decoded`, () => {
    const many: Payload[] = Array.from({ length: MAX_PAYLOADS + 50 }, () => ({ type: PayloadType.V, data: new Uint8Array(0) }));
    const m = parseMessage(serializeMessage({ header, payloads: many }));
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.value.payloads.length).toBe(MAX_PAYLOADS);
    expect(m.value.malformed?.reason).toMatch(/more than 512 payloads/);
  });

  it('a next payload announced after the last octet', () => {
    const b = serializeMessage({ header, payloads: [{ type: PayloadType.NONCE, data: bytes(16) }] });
    b[IKE_HEADER_LENGTH] = PayloadType.V;
    const m = parseMessage(b);
    expect(m.ok && m.value.payloads.length).toBe(1);
    expect(m.ok && m.value.malformed?.reason).toMatch(/V payload announced/);
  });

  it('octets after the last payload, and after the Encrypted payload', () => {
    const { bytes: chain } = serializePayloads([{ type: PayloadType.NONCE, data: bytes(16) }]);
    const b = serializeMessage({ header, payloads: [{ type: PayloadType.NONCE, data: bytes(16) }] });
    const extra = new Uint8Array(b.length + 4);
    extra.set(b);
    new DataView(extra.buffer).setUint32(24, extra.length);
    const m = parseMessage(extra);
    expect(m.ok && m.value.malformed?.reason).toMatch(/4 octets follow the last payload/);
    expect(chain.length).toBe(20);

    const sk = serializeMessage({ header, payloads: [{ type: PayloadType.SK, innerType: 35, data: bytes(32) }] });
    const skExtra = new Uint8Array(sk.length + 8);
    skExtra.set(sk);
    new DataView(skExtra.buffer).setUint32(24, skExtra.length);
    const s = parseMessage(skExtra);
    expect(s.ok && s.value.payloads.length).toBe(1);
    expect(s.ok && s.value.malformed?.reason).toMatch(/follow the SK payload/);
  });

  it('octets beyond the header Length are reported, payloads kept', () => {
    const b = serializeMessage(windowsIkeSaInit());
    const longer = new Uint8Array(b.length + 3);
    longer.set(b);
    const m = parseMessage(longer);
    expect(m.ok && m.value.payloads.length).toBe(10);
    expect(m.ok && m.value.malformed?.offset).toBe(b.length);
  });

  it('an Encrypted payload inside decrypted contents is malformed', () => {
    const { firstType, bytes: inner } = serializePayloads([
      { type: PayloadType.NONCE, data: bytes(16) },
      { type: PayloadType.SK, innerType: PayloadType.NONCE, data: bytes(16) },
    ]);
    const r = parseInnerPayloads(firstType, inner);
    // The payloads before the defect, not the defect itself; the offset is where SK starts.
    expect(r.payloads.map((p) => p.type)).toEqual([PayloadType.NONCE]);
    expect(r.malformed?.reason).toMatch(/inside an Encrypted payload/);
    expect(r.malformed?.offset).toBe(4 + 16);
  });

  it('an empty buffer and a bare header', () => {
    expect(parseMessage(new Uint8Array(0)).ok).toBe(false);
    const bare = fromHex('0102030405060708' + '00'.repeat(8) + '00202200' + '00000000' + '0000001c');
    const m = parseMessage(bare);
    expect(m.ok && m.value.payloads).toEqual([]);
    expect(m.ok && m.value.malformed).toBeUndefined();
  });
});
