/**
 * NAT detection (RFC 7296 §2.23): each NAT_DETECTION_*_IP notify carries
 * SHA-1(SPIi | SPIr | IP address | port), with the SPIs as they stand in the message header
 * (SPIr is zero in the IKE_SA_INIT request). Recomputing the hashes from the addresses seen in
 * the capture tells which side's address was rewritten on the way.
 */
import { sha1 } from '@noble/hashes/legacy.js';

export function natDetectionHash(ispi: Uint8Array, rspi: Uint8Array, ip: Uint8Array, port: number): Uint8Array {
  const buf = new Uint8Array(16 + ip.length + 2);
  buf.set(ispi, 0);
  buf.set(rspi, 8);
  buf.set(ip, 16);
  buf[16 + ip.length] = port >> 8;
  buf[17 + ip.length] = port & 0xff;
  return sha1(buf);
}

export interface NatHashes {
  /** NAT_DETECTION_SOURCE_IP hashes (RFC 7296 §2.23: there may be several). */
  readonly source: readonly Uint8Array[];
  /** NAT_DETECTION_DESTINATION_IP hash. */
  readonly destination: readonly Uint8Array[];
}

export interface ObservedMessage {
  readonly ispi: Uint8Array;
  readonly rspi: Uint8Array;
  readonly srcIp: Uint8Array;
  readonly srcPort: number;
  readonly dstIp: Uint8Array;
  readonly dstPort: number;
  readonly hashes: NatHashes;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether the sender's (source) or the receiver's (destination) address as seen here differs
 * from what the sender put in its hashes; undefined when the message carried no such hash.
 */
export function natMismatch(m: ObservedMessage): { source?: boolean; destination?: boolean } {
  const out: { source?: boolean; destination?: boolean } = {};
  if (m.hashes.source.length) {
    const h = natDetectionHash(m.ispi, m.rspi, m.srcIp, m.srcPort);
    out.source = !m.hashes.source.some((x) => equal(x, h));
  }
  if (m.hashes.destination.length) {
    const h = natDetectionHash(m.ispi, m.rspi, m.dstIp, m.dstPort);
    out.destination = !m.hashes.destination.some((x) => equal(x, h));
  }
  return out;
}

/**
 * Combines the request and the response of IKE_SA_INIT. Wherever the capture was taken, a
 * rewritten initiator address shows as a mismatch of the request's source hash (captured
 * outside the NAT) or of the response's destination hash (captured inside it); likewise for the
 * responder.
 */
export function natVerdict(request?: ObservedMessage, response?: ObservedMessage): { initiatorBehindNat: boolean | null; responderBehindNat: boolean | null; note?: string } {
  const req = request ? natMismatch(request) : {};
  const res = response ? natMismatch(response) : {};
  // A mismatch in either message proves a NAT. A match proves nothing alone: a hash checked on
  // the side where it was made always matches, so "no NAT" needs both messages' hashes.
  const either = (a?: boolean, b?: boolean): boolean | null => (a || b ? true : a === false && b === false ? false : null);
  const verdict = {
    initiatorBehindNat: either(req.source, res.destination),
    responderBehindNat: either(req.destination, res.source),
  };
  // A peer that wants UDP encapsulation without a NAT fakes its source hash (RFC 7296 §2.23
  // lets it; strongSwan does with encap = yes, and kernel-libipsec always). Seen from here that
  // is indistinguishable from a real NAT in front of it. Android 13 and later fake it too when
  // MOBIKE is on (AOSP IkeSessionStateMachine, needEnableForceUdpEncap); Windows never does.
  if (req.source && res.source) {
    return { ...verdict, note: 'both peers\' NAT_DETECTION_SOURCE_IP hashes fail: NATs in front of both, or UDP encapsulation forced by faking the hash (strongSwan encap = yes)' };
  }
  if (req.source) {
    return { ...verdict, note: 'the initiator\'s NAT_DETECTION_SOURCE_IP hash fails: a NAT in front of it, or UDP encapsulation forced by faking the hash (strongSwan encap = yes, Android 13+ with MOBIKE)' };
  }
  return verdict;
}
