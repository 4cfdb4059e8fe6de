// parse ∘ serialize = id, byte for byte, on every IKE message of the Wireshark test captures
// (made by other IKEv2 implementations than strongSwan), message by message and payload by payload.
import { describe, expect, it } from 'vitest';
import {
  GENERIC_HEADER_LENGTH,
  IKE_HEADER_LENGTH,
  hex,
  parseGenericHeader,
  parseMessage,
  serializeMessage,
  serializePayloadBody,
} from '../../src/ikev2/index.js';
import { allMessages, captureFiles } from './support/captures.js';

const messages = allMessages();

it('finds the Wireshark test captures', () => {
  expect(captureFiles.length).toBeGreaterThanOrEqual(8);
  expect(messages.length).toBeGreaterThanOrEqual(40);
});

describe.each(messages)('$name', ({ bytes }) => {
  it('parses without a defect and serializes back to the same bytes', () => {
    const m = parseMessage(bytes);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.value.malformed).toBeUndefined();
    expect(hex(serializeMessage(m.value))).toBe(hex(bytes));
  });

  it('serializes each payload body back to its own octets', () => {
    const m = parseMessage(bytes);
    if (!m.ok) throw new Error(m.reason);
    let at = IKE_HEADER_LENGTH;
    for (const p of m.value.payloads) {
      const h = parseGenericHeader(bytes, at);
      if (!h.ok) throw new Error(h.reason);
      const body = bytes.subarray(at + GENERIC_HEADER_LENGTH, at + h.value.length);
      expect(hex(serializePayloadBody(p))).toBe(hex(body));
      at += h.value.length;
    }
    expect(at).toBe(bytes.length);
  });
});
