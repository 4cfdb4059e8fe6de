// The decode of every IKE message in the Wireshark test captures agrees with tshark 4.0's:
// header fields, the outer payload chain, proposals/transforms, KE group and notify data.
import { describe, expect, it } from 'vitest';
import {
  PayloadType,
  hex,
  isPayload,
  keyLength,
  parseMessage,
  payloadLabels,
  TransformType,
  type IkeMessage,
} from '../../src/ikev2/index.js';
import { captureFiles, ikeDatagrams } from './support/captures.js';
import { labRequired, tsharkAvailable, tsharkFields } from './support/tshark.js';

const FIELDS = [
  'isakmp.ispi',
  'isakmp.rspi',
  'isakmp.exchangetype',
  'isakmp.messageid',
  'isakmp.flags',
  'isakmp.length',
  'isakmp.nextpayload',
  'isakmp.typepayload',
  'isakmp.notify.msgtype',
  'isakmp.key_exchange.dh_group',
  'isakmp.tf.type',
  'isakmp.tf.id.encr',
  'isakmp.tf.id.prf',
  'isakmp.tf.id.integ',
  'isakmp.tf.id.dh',
  'isakmp.ike2.attr.key_length',
  'isakmp.notify.data',
] as const;

const col = (name: (typeof FIELDS)[number]) => FIELDS.indexOf(name);
const num = (s: string) => Number(s); // tshark prints hex as 0x..., which Number() reads

if (!tsharkAvailable) {
  if (labRequired) {
    it('needs tshark (IKESCOPE_REQUIRE_LAB=1)', () => {
      throw new Error('tshark not found at /usr/bin/tshark, and IKESCOPE_REQUIRE_LAB=1 makes that a failure');
    });
  } else {
    it.skip('tshark not installed: skipping the comparison with tshark', () => {});
  }
} else {
  describe.each(captureFiles.map((f) => [f.split('/').pop()!, f] as const))('%s', (_name, file) => {
    const rows = tsharkFields(file, FIELDS);
    const ours = new Map<number, IkeMessage>();
    for (const d of ikeDatagrams(file)) {
      const m = parseMessage(d.payload);
      if (!m.ok) throw new Error(`frame ${d.frame}: ${m.reason}`);
      ours.set(d.frame, m.value);
    }

    it('decodes the same frames as IKE', () => {
      expect([...ours.keys()]).toEqual([...rows.keys()]);
    });

    it.each([...rows.keys()])('frame %i: header, payload chain, transforms and notifies agree', (frame) => {
      const t = rows.get(frame)!;
      const m = ours.get(frame)!;
      const h = m.header;
      expect(hex(h.ispi)).toBe(t[col('isakmp.ispi')]![0]);
      expect(hex(h.rspi)).toBe(t[col('isakmp.rspi')]![0]);
      expect(h.exchangeType).toBe(num(t[col('isakmp.exchangetype')]![0]!));
      expect(h.messageId).toBe(num(t[col('isakmp.messageid')]![0]!));
      const flags = num(t[col('isakmp.flags')]![0]!);
      expect([h.initiator, h.version, h.response]).toEqual([(flags & 8) !== 0, (flags & 16) !== 0, (flags & 32) !== 0]);
      expect(h.length).toBe(num(t[col('isakmp.length')]![0]!));
      expect(h.nextPayload).toBe(num(t[col('isakmp.nextpayload')]![0]!));

      // tshark lists proposals (2) and transforms (3) as payloads too; IKEv2 payloads are >= 33.
      const types = t[col('isakmp.typepayload')]!.map(num).filter((n) => n >= 33);
      expect(m.payloads.map((p) => p.type)).toEqual(types);

      const notifies = m.payloads.flatMap((p) => (isPayload(p, PayloadType.N) ? [p.notifyType] : []));
      expect(notifies).toEqual(t[col('isakmp.notify.msgtype')]!.map(num));

      const ke = m.payloads.flatMap((p) => (isPayload(p, PayloadType.KE) ? [p.group] : []));
      expect(ke).toEqual(t[col('isakmp.key_exchange.dh_group')]!.map(num));

      const transforms = m.payloads.flatMap((p) =>
        isPayload(p, PayloadType.SA) ? p.proposals.flatMap((pr) => pr.transforms) : [],
      );
      expect(transforms.map((x) => x.transformType)).toEqual(t[col('isakmp.tf.type')]!.map(num));
      const idsOf = (type: number) => transforms.filter((x) => x.transformType === type).map((x) => x.transformId);
      expect(idsOf(TransformType.ENCR)).toEqual(t[col('isakmp.tf.id.encr')]!.map(num));
      expect(idsOf(TransformType.PRF)).toEqual(t[col('isakmp.tf.id.prf')]!.map(num));
      expect(idsOf(TransformType.INTEG)).toEqual(t[col('isakmp.tf.id.integ')]!.map(num));
      expect(idsOf(TransformType.KE)).toEqual(t[col('isakmp.tf.id.dh')]!.map(num));
      expect(transforms.map(keyLength).filter((k) => k !== undefined)).toEqual(t[col('isakmp.ike2.attr.key_length')]!.map(num));

      // Notification data as tshark prints it (hex, "<MISSING>" for an empty field).
      const data = m.payloads.flatMap((p) => (isPayload(p, PayloadType.N) ? [p.data.length ? hex(p.data) : '<MISSING>'] : []));
      expect(data).toEqual(t[col('isakmp.notify.data')]!);

      // Labels follow from the types; a request carries Ni, a response Nr.
      const labels = payloadLabels(m);
      if (m.payloads.some((p) => p.type === PayloadType.NONCE)) expect(labels).toContain(h.response ? 'Nr' : 'Ni');
    });
  });
}
