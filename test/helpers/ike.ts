/** Builders for IKEv2 test messages on the project's own codec (the same one the endpoint uses). */
import { serializeMessage } from '../../src/ikev2/message.js';
import type { Payload } from '../../src/ikev2/payload.js';
import { makeNotify } from '../../src/ikev2/payloads/notify.js';
import { ExchangeType } from '../../src/ikev2/registry/exchange-types.js';
import { NotifyType } from '../../src/ikev2/registry/notify-types.js';
import { PayloadType } from '../../src/ikev2/registry/payload-types.js';
import { TransformType } from '../../src/ikev2/registry/transform-types.js';
import { natDetectionHash } from '../../src/analysis/nat.js';
import { addr, concat, ethernet, hex, ipv4, udp } from './packets.js';

export const SPI_I = hex('0102030405060708');
export const SPI_R = hex('1112131415161718');
export const ZERO = new Uint8Array(8);

export interface Msg {
  exchange?: number; mid?: number; initiator?: boolean; response?: boolean;
  ispi?: Uint8Array; rspi?: Uint8Array; payloads: Payload[];
}

export function ikeBytes(m: Msg): Uint8Array {
  return serializeMessage({
    header: {
      ispi: m.ispi ?? SPI_I, rspi: m.rspi ?? (m.response || (m.mid ?? 0) > 0 ? SPI_R : ZERO),
      exchangeType: m.exchange ?? ExchangeType.IKE_SA_INIT, messageId: m.mid ?? 0,
      initiator: m.initiator ?? !m.response, response: m.response ?? false,
    },
    payloads: m.payloads,
  });
}

export interface Hop { src: string; dst: string; sport?: number; dport?: number }

/** An Ethernet frame carrying an IKE message on UDP 500 (or 4500 with the non-ESP marker). */
export function ikeFrame(hop: Hop, m: Msg): Uint8Array {
  const sport = hop.sport ?? 500;
  const dport = hop.dport ?? 500;
  const body = ikeBytes(m);
  const payload = sport === 4500 || dport === 4500 ? concat(new Uint8Array(4), body) : body;
  return ethernet(ipv4(hop.src, hop.dst, 17, udp(sport, dport, payload)));
}

export const sa = (encr = 12, keyLength = 128, integ = 12, prf = 5, dh = 14): Payload => ({
  type: PayloadType.SA,
  proposals: [{
    number: 1, protocolId: 1, spi: new Uint8Array(0),
    transforms: [
      { transformType: TransformType.ENCR, transformId: encr, attributes: [{ format: 'TV', type: 14, value: keyLength }] },
      { transformType: TransformType.INTEG, transformId: integ, attributes: [] },
      { transformType: TransformType.PRF, transformId: prf, attributes: [] },
      { transformType: TransformType.KE, transformId: dh, attributes: [] },
    ],
  }],
});

export const ke = (group = 14): Payload => ({ type: PayloadType.KE, group, data: new Uint8Array(256).fill(7) });
export const nonce = (): Payload => ({ type: PayloadType.NONCE, data: new Uint8Array(32).fill(9) });
export const vid = (data: Uint8Array): Payload => ({ type: PayloadType.V, data });
export const sk = (): Payload => ({ type: PayloadType.SK, innerType: PayloadType.IDi, data: new Uint8Array(80).fill(3) });

/** NAT_DETECTION notifies as a sender computes them from the addresses it believes in. */
export function natd(ispi: Uint8Array, rspi: Uint8Array, src: [string, number], dst: [string, number]): Payload[] {
  return [
    makeNotify(NotifyType.NAT_DETECTION_SOURCE_IP, natDetectionHash(ispi, rspi, addr(src[0]), src[1])),
    makeNotify(NotifyType.NAT_DETECTION_DESTINATION_IP, natDetectionHash(ispi, rspi, addr(dst[0]), dst[1])),
  ];
}
