// IKEv1 (ISAKMP, major version 1) is recognised and labelled, never misparsed as IKEv2.
import { expect, it } from 'vitest';
import { detectIkeVersion, fromHex, ikeVersion, isIkev1, parseMessage, serializeMessage } from '../../src/ikev2/index.js';
import { allMessages } from './support/captures.js';
import { windowsIkeSaInit } from './support/build.js';

// An IKEv1 Main Mode first message header (RFC 2408 §3.1): SA payload next, version 0x10,
// exchange 2 (Identity Protection), no flags, message ID 0, length 28 + payloads.
const ikev1 = fromHex('1122334455667788' + '0000000000000000' + '01' + '10' + '02' + '00' + '00000000' + '00000054' + '00'.repeat(56));

it('detects the version from octet 17', () => {
  expect(ikeVersion(ikev1)).toEqual({ major: 1, minor: 0 });
  expect(detectIkeVersion(ikev1)).toBe(1);
  expect(isIkev1(ikev1)).toBe(true);
  const v2 = serializeMessage(windowsIkeSaInit());
  expect(detectIkeVersion(v2)).toBe(2);
  expect(isIkev1(v2)).toBe(false);
  for (const m of allMessages()) expect(detectIkeVersion(m.bytes)).toBe(2);
});

it('parseMessage refuses IKEv1 with a label rather than decoding it', () => {
  const m = parseMessage(ikev1);
  expect(m.ok).toBe(false);
  if (!m.ok) {
    expect(m.offset).toBe(17);
    expect(m.reason).toMatch(/IKEv1/);
  }
});

it('is undefined for what is not an IKE header', () => {
  expect(detectIkeVersion(new Uint8Array(27))).toBeUndefined();
  expect(ikeVersion(new Uint8Array(10))).toBeUndefined();
  const v3 = ikev1.slice();
  v3[17] = 0x30;
  expect(detectIkeVersion(v3)).toBeUndefined();
  const m = parseMessage(v3);
  expect(!m.ok && m.reason).toMatch(/major version 3/);
  const shortLength = ikev1.slice();
  shortLength[27] = 0x10;
  expect(detectIkeVersion(shortLength)).toBeUndefined();
});
