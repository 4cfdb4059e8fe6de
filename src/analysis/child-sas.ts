/**
 * CHILD_SAs of one IKE_SA, rebuilt from decrypted payloads: created in IKE_AUTH or
 * CREATE_CHILD_SA (RFC 7296 §1.2, §1.3.1), rekeyed (REKEY_SA, §1.3.3), deleted (D, §1.4.1).
 * Keeps what deriving their ESP keys needs (§2.17): the exchange's nonces, and whether a KE
 * made the keys depend on a Diffie-Hellman secret the capture cannot show.
 */
import { spiHex } from '../esp/header.js';
import { chosenProposal } from '../ikev2/proposal.js';
import { compareLowestNonces } from '../ikev2/rekey-collision.js';
import { isRaw, type Payload } from '../ikev2/payload.js';
import type { NotifyPayload } from '../ikev2/payloads/notify.js';
import type { Proposal as WireProposal, SaPayload } from '../ikev2/payloads/sa.js';
import { formatTrafficSelector, type TsPayload } from '../ikev2/payloads/ts.js';
import type { DeletePayload } from '../ikev2/payloads/delete.js';
import { ExchangeType } from '../ikev2/registry/exchange-types.js';
import { NotifyType } from '../ikev2/registry/notify-types.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
import { ProtocolId } from '../ikev2/registry/protocol-ids.js';
import type { ChildSaRecord } from './model.js';

export interface ChildKeying {
  readonly record: ChildSaRecord;
  readonly proposal: WireProposal;
  /** Nonces of the exchange that created it: IKE_SA_INIT's for IKE_AUTH children. */
  readonly nonceI?: Uint8Array;
  readonly nonceR?: Uint8Array;
  /** A KE payload took part (PFS): keys need g^ir, which no capture shows. */
  readonly pfs: boolean;
  /** SPI numbers: initiator's inbound (spiI) and responder's inbound (spiR). */
  readonly spiI: number;
  readonly spiR: number;
}

interface Pending {
  readonly frame: number;
  readonly nonce?: Uint8Array;
  readonly ke: boolean;
  readonly rekeys?: number;
  /** The initiator's SPI per proposal number. */
  readonly spis: ReadonlyMap<number, number>;
}

const of = <T extends Payload>(payloads: readonly Payload[], type: number) =>
  payloads.filter((p) => p.type === type && !isRaw(p)) as unknown as T[];

const spiNumber = (b: Uint8Array) => (b.length === 4 ? ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 : undefined);

export class ChildSaTracker {
  readonly children: ChildKeying[] = [];
  private readonly pending = new Map<string, Pending>();
  private count = 0;

  constructor(private readonly idPrefix: string, private readonly nextId: () => number) {}

  /**
   * A decrypted request; `key` identifies the exchange (sender role and message ID). IKE_AUTH
   * is one exchange over several message IDs when EAP runs inside it (RFC 7296 §2.16): the SA
   * of its first request is answered in its last response.
   */
  request(key: string, exchange: number, frame: number, payloads: readonly Payload[]): void {
    if (exchange !== ExchangeType.IKE_AUTH && exchange !== ExchangeType.CREATE_CHILD_SA) return;
    if (exchange === ExchangeType.IKE_AUTH) key = 'IKE_AUTH';
    const sa = of<SaPayload>(payloads, PayloadType.SA)[0];
    if (!sa) return;
    const spis = new Map<number, number>();
    for (const p of sa.proposals) {
      const spi = spiNumber(p.spi);
      if ((p.protocolId === ProtocolId.ESP || p.protocolId === ProtocolId.AH) && spi !== undefined) spis.set(p.number, spi);
    }
    if (spis.size === 0) return; // an IKE_SA rekey, or no CHILD_SA asked for
    const rekey = of<NotifyPayload>(payloads, PayloadType.N).find((n) => n.notifyType === NotifyType.REKEY_SA);
    this.pending.set(key, {
      frame,
      nonce: of<{ type: 40; data: Uint8Array }>(payloads, PayloadType.NONCE)[0]?.data,
      ke: of(payloads, PayloadType.KE).length > 0,
      rekeys: rekey ? spiNumber(rekey.spi) : undefined,
      spis,
    });
  }

  /**
   * The decrypted response to the request under `key`. IKE_AUTH children take their nonces
   * from IKE_SA_INIT (`initNonces`).
   */
  response(key: string, exchange: number, frame: number, payloads: readonly Payload[], initNonces: { ni?: Uint8Array; nr?: Uint8Array }): ChildKeying | undefined {
    if (exchange === ExchangeType.IKE_AUTH) key = 'IKE_AUTH';
    const req = this.pending.get(key);
    if (!req) return undefined;
    const sa = of<SaPayload>(payloads, PayloadType.SA)[0];
    // EAP rounds answer IKE_AUTH requests without SA; the request waits for the last one.
    if (!sa && exchange === ExchangeType.IKE_AUTH && of(payloads, PayloadType.EAP).length) return undefined;
    this.pending.delete(key);
    const chosen = sa?.proposals[0];
    if (!chosen) return undefined; // refused: an error notify instead of SA
    const spiR = spiNumber(chosen.spi);
    const spiI = req.spis.get(chosen.number) ?? [...req.spis.values()][0];
    if (spiR === undefined || spiI === undefined) return undefined;
    const ts = (type: number) => of<TsPayload>(payloads, type)[0]?.selectors.map(formatTrafficSelector) ?? [];
    const p = chosenProposal(chosen);
    const predecessor = req.rekeys !== undefined ? this.children.find((c) => c.spiI === req.rekeys || c.spiR === req.rekeys) : undefined;
    const record: ChildSaRecord = {
      id: `${this.idPrefix}child-${this.nextId()}`,
      spiI: spiHex(spiI), spiR: spiHex(spiR),
      proposal: { encr: p.encr, integ: p.integ, esn: p.esn ?? false, ...(p.dh ? { dh: p.dh } : {}) },
      tsI: ts(PayloadType.TSi), tsR: ts(PayloadType.TSr),
      createdFrame: frame, deletedFrame: null,
      rekeyedFrom: predecessor?.record.id ?? null, rekeyedTo: null, rekeyCollision: null,
      esp: {},
    };
    const nonceI = exchange === ExchangeType.IKE_AUTH ? initNonces.ni : req.nonce;
    const nonceR = exchange === ExchangeType.IKE_AUTH ? initNonces.nr : of<{ type: 40; data: Uint8Array }>(payloads, PayloadType.NONCE)[0]?.data;
    const rival = predecessor?.record.rekeyedTo ? this.children.find((c) => c.record.id === predecessor.record.rekeyedTo) : undefined;
    if (predecessor && rival) {
      // RFC 7296 §2.8.1: "the SA created with the lowest of the four nonces used in the two
      // exchanges SHOULD be deleted by the endpoint that created it". Without all four nonces
      // (an exchange the keys did not open) this one is taken as the survivor.
      const iLose = nonceI !== undefined && nonceR !== undefined && rival.nonceI !== undefined && rival.nonceR !== undefined
        && compareLowestNonces([nonceI, nonceR], [rival.nonceI, rival.nonceR]) < 0;
      record.rekeyCollision = { with: rival.record.id, lost: iLose };
      rival.record.rekeyCollision = { with: record.id, lost: !iLose };
      if (!iLose) predecessor.record.rekeyedTo = record.id;
    } else if (predecessor) predecessor.record.rekeyedTo = record.id;
    const child: ChildKeying = { record, proposal: chosen, spiI, spiR, nonceI, nonceR, pfs: req.ke || of(payloads, PayloadType.KE).length > 0 };
    this.children.push(child);
    this.count++;
    return child;
  }

  /** D payloads: an SPI in a Delete names the SA the sender receives on (RFC 7296 §3.11). */
  deletes(frame: number, payloads: readonly Payload[]): void {
    for (const d of of<DeletePayload>(payloads, PayloadType.D)) {
      if (d.protocolId !== ProtocolId.ESP && d.protocolId !== ProtocolId.AH) continue;
      for (const s of d.spis) {
        const spi = spiNumber(s);
        const c = this.children.find((x) => x.spiI === spi || x.spiR === spi);
        if (c && c.record.deletedFrame === null) c.record.deletedFrame = frame;
      }
    }
  }

  get size(): number { return this.count; }
}
