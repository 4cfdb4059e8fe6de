// The Windows client's private status notify 12345 (strongSwan: MS_NOTIFY_STATUS) carries a
// 4-octet Windows error code, which decodes to its winerror.h name (WINDOWS-INTEROP.md).
import { expect, it } from 'vitest';
import {
  NotifyType,
  PayloadType,
  fromHex,
  isPayload,
  makeNotify,
  parseInnerPayloads,
  payloadLabels,
  serializePayloads,
  windowsErrorMeaning,
  windowsErrorName,
} from '../../src/ikev2/index.js';

it('12345 with 13863 decodes to ERROR_IPSEC_IKE_INVALID_SITUATION', () => {
  // What a NATed Windows client answers to a gateway-initiated CHILD_SA rekey: N(12345) inside SK.
  const { firstType, bytes } = serializePayloads([makeNotify(12345, fromHex('00003627'))]);
  const inner = parseInnerPayloads(firstType, bytes);
  expect(inner.malformed).toBeUndefined();
  const n = inner.payloads[0]!;
  expect(isPayload(n, PayloadType.N)).toBe(true);
  if (!isPayload(n, PayloadType.N)) return;
  expect(n.notifyType).toBe(NotifyType.MS_NOTIFY_STATUS);
  expect(n.decoded).toEqual({ kind: 'windows-status', code: 13863, name: 'ERROR_IPSEC_IKE_INVALID_SITUATION' });
  expect(payloadLabels({ header: { response: true }, payloads: inner.payloads })).toEqual(['N(MS_NOTIFY_STATUS)']);
});

it.each([
  [13801, 'ERROR_IPSEC_IKE_AUTH_FAIL'],
  [13806, 'ERROR_IPSEC_IKE_NO_CERT'],
  [13816, 'ERROR_IPSEC_IKE_ERROR'],
  [13843, 'ERROR_IPSEC_IKE_INVALID_PAYLOAD'],
  [13863, 'ERROR_IPSEC_IKE_INVALID_SITUATION'],
  [13868, 'ERROR_IPSEC_IKE_POLICY_MATCH'],
  [13800, 'ERROR_IPSEC_IKE_NEG_STATUS_BEGIN'],
  [13909, 'ERROR_IPSEC_IKE_NEG_STATUS_EXTENDED_END'],
  [13918, 'ERROR_IPSEC_THROTTLE_DROP'],
  [13932, 'ERROR_IPSEC_DOSP_MAX_PER_IP_RATELIMIT_QUEUES'],
])('code %i is %s', (code, name) => {
  expect(windowsErrorName(code)).toBe(name);
  const n = makeNotify(12345, Uint8Array.of(0, 0, code >> 8, code & 0xff));
  expect(n.decoded).toEqual({ kind: 'windows-status', code, name });
});

it('codes outside the table keep their number and no name', () => {
  expect(windowsErrorName(13799)).toBeUndefined();
  expect(windowsErrorName(13920)).toBeUndefined();
  expect(makeNotify(12345, fromHex('00000329')).decoded).toEqual({ kind: 'windows-status', code: 809 });
  // A 12345 whose data is not 4 octets has no decoded view, and is not a decode error.
  expect(makeNotify(12345, fromHex('0000')).decoded).toBeUndefined();
});

it('gives the practical meaning of the codes WINDOWS-INTEROP.md lists', () => {
  for (const code of [13801, 13806, 13816, 13843, 13863, 13868]) expect(windowsErrorMeaning(code)).toBeTruthy();
  expect(windowsErrorMeaning(13805)).toBeUndefined();
});
