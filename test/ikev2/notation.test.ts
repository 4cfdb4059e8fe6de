// Payload notation (DESIGN.md): SA, KE, IDi, IDr, CERT, CERTREQ, AUTH, Ni/Nr, N(name), D, V,
// TSi, TSr, SK, CP, EAP, SKF.
import { expect, it } from 'vitest';
import {
  PayloadType,
  labelPayloads,
  makeNotify,
  parseMessage,
  payloadLabel,
  payloadLabels,
  serializeMessage,
  type Payload,
} from '../../src/ikev2/index.js';
import { onePayloadOfEach, windowsIkeAuthInner, windowsIkeSaInit } from './support/build.js';

it('labels a Windows IKE_SA_INIT request as WINDOWS-INTEROP.md writes it', () => {
  const m = parseMessage(serializeMessage(windowsIkeSaInit()));
  if (!m.ok) throw new Error(m.reason);
  expect(payloadLabels(m.value)).toEqual([
    'SA', 'KE', 'Ni',
    'N(IKEV2_FRAGMENTATION_SUPPORTED)', 'N(NAT_DETECTION_SOURCE_IP)', 'N(NAT_DETECTION_DESTINATION_IP)',
    'V', 'V', 'V', 'V',
  ]);
});

it('names the nonce by direction: Ni in requests, Nr in responses', () => {
  const nonce: Payload = { type: PayloadType.NONCE, data: new Uint8Array(16) };
  expect(payloadLabel(nonce, { fromInitiator: true })).toBe('Ni');
  expect(payloadLabel(nonce, { fromInitiator: false })).toBe('Nr');
  const response = serializeMessage({ header: { ...windowsIkeSaInit().header, response: true, initiator: false }, payloads: [nonce] });
  const m = parseMessage(response);
  expect(m.ok && payloadLabels(m.value)).toEqual(['Nr']);
});

it('labels the Windows IKE_AUTH inner payloads', () => {
  expect(labelPayloads(windowsIkeAuthInner(), { fromInitiator: true })).toEqual([
    'IDi', 'CERTREQ', 'N(MOBIKE_SUPPORTED)', 'CP', 'SA', 'TSi', 'TSr',
  ]);
});

it('gives every payload type its notation', () => {
  const labels = new Set(labelPayloads(onePayloadOfEach(), { fromInitiator: true }));
  for (const l of ['SA', 'KE', 'IDi', 'IDr', 'CERT', 'CERTREQ', 'AUTH', 'Ni', 'D', 'V', 'TSi', 'TSr', 'SK', 'CP', 'EAP', 'SKF', 'GSPM', 'PS']) {
    expect(labels.has(l), l).toBe(true);
  }
  expect(labels.has('PAYLOAD(200)')).toBe(true);
});

it('names notifies by IANA name, private ones by number, the Windows one by name', () => {
  const at = (t: number) => payloadLabel(makeNotify(t), { fromInitiator: true });
  expect(at(16388)).toBe('N(NAT_DETECTION_SOURCE_IP)');
  expect(at(14)).toBe('N(NO_PROPOSAL_CHOSEN)');
  expect(at(40960)).toBe('N(40960)');
  expect(at(16500)).toBe('N(16500)');
  expect(at(12345)).toBe('N(MS_NOTIFY_STATUS)');
});
