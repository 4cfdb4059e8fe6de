/**
 * A CHILD_SA as the endpoint runs it in userspace: the ESP SA pair (RFC 4303) with keys from
 * RFC 7296 §2.17, outbound sealed with esp/decrypt.ts's sealEsp, inbound opened with its
 * EspDecryptor. Tunnel mode: the payload is a whole IP packet (Next Header 4 or 41).
 */
import { childSaKeymat } from '../crypto/keymat.js';
import type { EncrAlgorithm, EspKeys, IntegAlgorithm, PrfAlgorithm } from '../crypto/types.js';
import { EspDecryptor, sealEsp } from '../esp/decrypt.js';
import { IpProto } from '../net/ip.js';
import { fail, ok, type Decoded } from '../problem.js';
import type { TrafficSelector } from '../ikev2/payloads/ts.js';

export interface ChildSaParams {
  /** SPI we chose: the gateway sends to it (our inbound SA). */
  readonly spiIn: number;
  /** SPI the gateway chose: we send to it. */
  readonly spiOut: number;
  readonly encr: EncrAlgorithm;
  readonly integ?: IntegAlgorithm;
  readonly esn: boolean;
  readonly label: string;
  /** Traffic selectors of our side and the gateway's, as negotiated (narrowed). */
  readonly local: readonly TrafficSelector[];
  readonly remote: readonly TrafficSelector[];
  /** Whether we initiated the exchange that made it (IKE_AUTH or our CREATE_CHILD_SA). */
  readonly weInitiated: boolean;
}

export interface ChildSaKeys {
  readonly inbound: EspKeys;
  readonly outbound: EspKeys;
}

/**
 * §2.17: the first keys are for the SA carrying data from the initiator of the exchange to
 * the responder, so who initiated the exchange decides which half is ours.
 */
export function childKeys(
  prf: PrfAlgorithm, skD: Uint8Array, ni: Uint8Array, nr: Uint8Array,
  encr: EncrAlgorithm, integ: IntegAlgorithm | undefined, esn: boolean, weInitiated: boolean, gir?: Uint8Array,
): ChildSaKeys {
  const km = childSaKeymat(prf, skD, ni, nr, encr, integ, gir);
  const key = (e: Uint8Array, a: Uint8Array): EspKeys => ({
    encr, ...(integ && !encr.aead ? { integ, integKey: a } : {}), encrKey: e, integrity: 'check', esn,
  });
  const iToR = key(km.encrI, km.integI);
  const rToI = key(km.encrR, km.integR);
  return weInitiated ? { outbound: iToR, inbound: rToI } : { outbound: rToI, inbound: iToR };
}

export class ChildSa {
  private seq = 0;
  private readonly decryptor: EspDecryptor;
  packetsOut = 0;
  packetsIn = 0;
  failuresIn = 0;

  constructor(readonly p: ChildSaParams, readonly keys: ChildSaKeys) {
    this.decryptor = new EspDecryptor(keys.inbound);
  }

  get spiInHex(): string {
    return this.p.spiIn.toString(16).padStart(8, '0');
  }

  get spiOutHex(): string {
    return this.p.spiOut.toString(16).padStart(8, '0');
  }

  /** One inner IP packet as an ESP packet to the gateway. */
  seal(ipPacket: Uint8Array): Uint8Array {
    this.seq++;
    const nextHeader = (ipPacket[0]! >> 4) === 6 ? IpProto.IPV6 : IpProto.IPV4;
    this.packetsOut++;
    // RFC 4303 §3.3.3: the counter starts at 1; with ESN its high half rides in the ICV only.
    return sealEsp(this.keys.outbound, this.p.spiOut, this.seq >>> 0, nextHeader, ipPacket, {
      seqHigh: Math.floor(this.seq / 2 ** 32),
    });
  }

  /** The inner packet of an ESP packet sent to our SPI; integrity checked first. */
  open(packet: Uint8Array): Decoded<{ nextHeader: number; payload: Uint8Array }> {
    const r = this.decryptor.open(packet);
    if (!r.ok) {
      this.failuresIn++;
      return fail(0, r.message);
    }
    this.packetsIn++;
    return ok({ nextHeader: r.nextHeader, payload: r.payload });
  }
}
