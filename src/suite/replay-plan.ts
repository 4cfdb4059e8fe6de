/**
 * What `ikescope replay` re-enacts: the recorded initiator turned into a client profile (its
 * IKE_SA_INIT's Vendor IDs and notifies in their order, its exact proposals, its IKE_AUTH
 * payload order, identities and CP request) and a schedule of the exchanges it started later
 * (CHILD_SA and IKE_SA rekeys, liveness checks, MOBIKE address updates, its final DELETE) and
 * the pings it sent through the tunnel, with their times since IKE_AUTH completed. What the
 * endpoint cannot re-enact is listed, not silently dropped.
 */
import type { ClientProfile, InitItem, AuthItem } from '../endpoint/profiles/index.js';
import { windowsAnswerCreateChildSa } from '../endpoint/profiles/windows-10.js';
import type { ProposalSpec } from '../endpoint/proposals.js';
import { identityOf } from '../ikev2/identity.js';
import { isRaw, type KnownPayload, type Payload } from '../ikev2/payload.js';
import type { Proposal } from '../ikev2/payloads/sa.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { ExchangeType, NotifyType, notifyName, PayloadType, ProtocolId, TransformType } from '../ikev2/registry/index.js';
import { isAddressRange, type TrafficSelector } from '../ikev2/payloads/ts.js';
import { fail, ok, type Decoded } from '../problem.js';
import type { Recording, RecordedMessage } from './recording.js';

/** The exchanges a recording's request maps to one for one, with nothing more to say. */
export type PlannedAction = 'rekey-child' | 'rekey-ike' | 'liveness' | 'delete-ike';

/** A recorded CREATE_CHILD_SA that made an additional CHILD_SA (RFC 7296 §1.3.1), as Session.createChild's options. */
export interface PlannedChild {
  /** The recorded TSi; absent when it was the client's own host address (the replay's is another). */
  readonly tsi?: readonly TrafficSelector[];
  readonly tsr: readonly TrafficSelector[];
  /** The recorded ESP proposals. */
  readonly esp: readonly ProposalSpec[];
  /** The request carried a KE (PFS), of this group. */
  readonly pfs: boolean;
  readonly group?: number;
}

/** A recorded MOBIKE address update (RFC 4555 §3.5), re-enacted from the address the user named. */
export interface PlannedMove {
  /** The local address to move to (`--move-to`): the recorded one belongs to another machine. */
  readonly to: string;
  /** Where the recorded initiator moved, and the update's frame. */
  readonly recordedTo?: string;
  readonly frame: number;
}

/** Recorded ICMP echo requests through the tunnel to one target, close together: sent again (Session.ping). */
export interface PlannedPing {
  readonly target: string;
  readonly count: number;
  /** How many the recording shows answered. */
  readonly answered: number;
  readonly frames: readonly number[];
}

/** One step of the schedule, `at` seconds after IKE_AUTH completed; each kind carries what it needs. */
export type PlannedStep = { readonly at: number } & (
  | { readonly action: PlannedAction }
  | { readonly action: 'new-child'; readonly child: PlannedChild }
  | { readonly action: 'move'; readonly move: PlannedMove }
  | { readonly action: 'ping'; readonly ping: PlannedPing });

export interface PlanOptions {
  /** Local addresses to move to, one per recorded MOBIKE address update, in order. */
  readonly moveTo?: readonly string[];
}

export interface ReplayPlan {
  readonly profile: ClientProfile;
  readonly ike: readonly ProposalSpec[];
  readonly esp: readonly ProposalSpec[];
  readonly identity?: string;
  readonly remoteIdentity?: string;
  /** The recorded traffic selectors covered IPv6. */
  readonly v6: boolean;
  /** Exchanges the initiator started after IKE_AUTH, seconds after IKE_AUTH completed. */
  readonly actions: readonly PlannedStep[];
  /** When the recorded session ended (its last message), seconds after IKE_AUTH completed. */
  readonly end: number;
  /** The recorded authentication: what credentials the replay needs. */
  readonly auth: 'psk' | 'eap' | 'certificate' | 'unknown';
  /** What the recording has that the replay cannot re-enact. */
  readonly notReplayed: readonly string[];
  /** What the replay assumes that the recording does not show. */
  readonly assumptions: readonly string[];
}

const INIT_ITEMS = new Set<string>(['NAT_DETECTION_SOURCE_IP', 'NAT_DETECTION_DESTINATION_IP', 'IKEV2_FRAGMENTATION_SUPPORTED', 'SIGNATURE_HASH_ALGORITHMS', 'REDIRECT_SUPPORTED']);
const AUTH_NOTIFIES = new Set<string>(['INITIAL_CONTACT', 'MOBIKE_SUPPORTED', 'NO_ADDITIONAL_ADDRESSES', 'MULTIPLE_AUTH_SUPPORTED', 'EAP_ONLY_AUTHENTICATION', 'IKEV2_MESSAGE_ID_SYNC_SUPPORTED', 'ESP_TFC_PADDING_NOT_SUPPORTED', 'NON_FIRST_FRAGMENTS_ALSO']);

/** A recorded Proposal substructure as the endpoint's proposal spec (the inverse of toSaProposal). */
export function specOf(p: Proposal): ProposalSpec {
  const of = (type: number) => p.transforms.filter((t) => t.transformType === type);
  return {
    encr: of(TransformType.ENCR).map((t) => { const k = keyLength(t); return k === undefined ? { id: t.transformId } : { id: t.transformId, keyLength: k }; }),
    integ: of(TransformType.INTEG).map((t) => t.transformId),
    prf: of(TransformType.PRF).map((t) => t.transformId),
    dh: of(TransformType.KE).map((t) => t.transformId),
    esn: of(TransformType.SN).map((t) => t.transformId),
  };
}

const known = (payloads: readonly Payload[] | null): KnownPayload[] => (payloads ?? []).filter((p): p is KnownPayload => !isRaw(p));

export function planFromRecording(rec: Recording, o: PlanOptions = {}): Decoded<ReplayPlan> {
  const notReplayed: string[] = [];
  const fromInitiator = rec.messages.filter((m) => m.fromInitiator === true && !m.response);
  const inits = fromInitiator.filter((m) => m.exchange === ExchangeType.IKE_SA_INIT);
  // After a COOKIE or INVALID_KE_PAYLOAD round the last IKE_SA_INIT request is the one that worked.
  const init = inits.at(-1);
  if (!init?.payloads) return fail(0, 'the recording has no IKE_SA_INIT request from the initiator');
  const authReq = fromInitiator.find((m) => m.exchange === ExchangeType.IKE_AUTH);
  if (!authReq) return fail(0, 'the recording has no IKE_AUTH request');
  if (!authReq.payloads) return fail(0, 'the IKE_AUTH request is encrypted and no key opened it: give the initiator\'s keys with --keys (e.g. its charon log)');

  const initPayloads = known(init.payloads);
  const sa = initPayloads.find((p) => p.type === PayloadType.SA);
  if (!sa || sa.type !== PayloadType.SA) return fail(0, 'the IKE_SA_INIT request has no SA payload');
  const vendorIds = initPayloads.filter((p) => p.type === PayloadType.V).map((p) => ('data' in p ? (p.data as Uint8Array) : new Uint8Array()));
  const initItems: InitItem[] = [];
  for (const p of initPayloads) {
    if (p.type === PayloadType.N) {
      const name = notifyName(p.notifyType);
      if (INIT_ITEMS.has(name)) initItems.push(name as InitItem);
      else if (p.notifyType !== NotifyType.COOKIE) notReplayed.push(`IKE_SA_INIT notify ${name}`);
    } else if (p.type === PayloadType.V && !initItems.includes('VENDOR_IDS')) initItems.push('VENDOR_IDS');
  }

  const authPayloads = known(authReq.payloads);
  const authItems: AuthItem[] = [];
  let identity: string | undefined;
  /** IDi was ID_DER_ASN1_DN (RFC 7296 §3.5): with a certificate, its subject. */
  let identityIsDn = false;
  let remoteIdentity: string | undefined;
  let cp: number[] = [];
  let esp: ProposalSpec[] = [];
  let v6 = false;
  for (const p of authPayloads) {
    switch (p.type) {
      case PayloadType.IDi: { authItems.push('IDi'); identityIsDn = p.idType === 9; const id = identityOf(p); if (id.ok) identity = id.value.text; break; }
      case PayloadType.IDr: { authItems.push('IDr'); const id = identityOf(p); if (id.ok) remoteIdentity = id.value.text; break; }
      case PayloadType.AUTH: authItems.push('AUTH'); break;
      case PayloadType.CP: authItems.push('CP'); cp = p.attributes.map((a) => a.attrType); break;
      case PayloadType.SA: authItems.push('SA'); esp = p.proposals.map(specOf); break;
      // Traffic selectors for IPv6 too (TS_IPV6_ADDR_RANGE, RFC 7296 §3.13.1): the endpoint offers ::/0.
      case PayloadType.TSi: authItems.push('TSi'); v6 = p.selectors.some((t) => t.tsType === 8); break;
      case PayloadType.TSr: authItems.push('TSr'); break;
      case PayloadType.N: {
        const name = notifyName(p.notifyType);
        if (AUTH_NOTIFIES.has(name)) authItems.push(name as AuthItem);
        else notReplayed.push(`IKE_AUTH notify ${name}`);
        break;
      }
      // Where they go; what they carry comes from the credentials given (CERT) and --ca (CERTREQ).
      case PayloadType.CERT: if (!authItems.includes('CERT')) authItems.push('CERT'); break;
      case PayloadType.CERTREQ: if (!authItems.includes('CERTREQ')) authItems.push('CERTREQ'); break;
      default: notReplayed.push(`IKE_AUTH payload type ${p.type}`);
    }
  }
  const hasAuth = authPayloads.some((p) => p.type === PayloadType.AUTH);
  const authMethod = authPayloads.find((p) => p.type === PayloadType.AUTH);
  const auth: ReplayPlan['auth'] = !hasAuth ? 'eap' : authMethod && authMethod.type === PayloadType.AUTH ? (authMethod.method === 2 ? 'psk' : 'certificate') : 'unknown';

  // IKE_AUTH completed with the last IKE_AUTH response; later exchanges are timed from there.
  const authDone = rec.messages.filter((m) => m.exchange === ExchangeType.IKE_AUTH && m.response).at(-1)?.ts ?? authReq.ts;
  const actions: PlannedStep[] = [];
  const moveTo = o.moveTo ?? [];
  const updates: number[] = [];
  const later = fromInitiator.filter((m) => m.ts > authDone && m.exchange !== ExchangeType.IKE_AUTH && m.exchange !== ExchangeType.IKE_SA_INIT);
  // Deleting an IKE_SA that was rekeyed is the end of the rekey (§2.18), not an action of its own.
  const replaced = new Set(rec.chain.filter((sa) => sa.rekeyedTo).map((sa) => sa.ispi));
  for (const m of later) {
    const a = actionOf(m);
    if (a === 'delete-ike' && replaced.has(m.ispi)) continue;
    if (typeof a === 'string') actions.push({ at: round(m.ts - authDone), action: a });
    else if (a && 'update' in a) {
      updates.push(m.frame);
      const recordedTo = initiatorAddressAt(rec, m.frame);
      const to = moveTo[updates.length - 1];
      if (to) actions.push({ at: round(m.ts - authDone), action: 'move', move: { to, frame: m.frame, ...(recordedTo ? { recordedTo } : {}) } });
      else notReplayed.push(`a MOBIKE address update${recordedTo ? ` to ${recordedTo}` : ''} (frame ${m.frame}): give --move-to ADDR, a second local address, to replay it`);
    } else if (a && 'child' in a) {
      // §1.3: a request the gateway answered with INVALID_KE_PAYLOAD is repeated with its group; createChild does that itself.
      if (!retriedWithOtherGroup(rec, m)) actions.push({ at: round(m.ts - authDone), action: 'new-child', child: a.child });
    }
    else if (a) notReplayed.push(a.skip);
  }
  for (const p of pingsOf(rec, authDone, notReplayed)) actions.push(p);
  // In recorded order; the IKE requests before a ping at the same instant stay before it.
  actions.sort((a, b) => a.at - b.at);
  if (moveTo.length > updates.length) {
    return fail(0, `${moveTo.length} --move-to given, but the recording has ${updates.length ? `only ${updates.length} MOBIKE address update${updates.length > 1 ? 's' : ''} (frame ${updates.join(', ')})` : 'no MOBIKE address update'}`);
  }
  const last = rec.messages.at(-1)?.ts ?? authDone;
  const profile: ClientProfile = {
    name: 'recorded',
    description: 'the initiator of a recorded session',
    sources: ['the recorded capture'],
    ikeProposals: () => [],
    espProposals: () => [],
    vendorIds,
    init: initItems,
    auth: authItems,
    sendsIdr: authItems.includes('IDr'),
    cpRequest: () => cp,
    certIdentity: identityIsDn ? 'dn' : 'san',
    certReqWithEap: authItems.includes('CERTREQ'),
    // How the client answers the gateway's own CREATE_CHILD_SA is not in a recording that has
    // none: a client fingerprinted as Windows gets Windows' known answers (profiles/windows-10.ts).
    ...(rec.chain[0]!.client.profile === 'windows' ? { answerCreateChildSa: windowsAnswerCreateChildSa } : {}),
  };
  const assumptions = rec.chain[0]!.client.profile === 'windows' ? ['the client is Windows (its fingerprint): the gateway\'s own CREATE_CHILD_SA requests get the answers profiles/windows-10.ts gives'] : [];
  return ok({
    profile, ike: sa.proposals.map(specOf), esp, ...(identity ? { identity } : {}), ...(remoteIdentity ? { remoteIdentity } : {}),
    v6, actions, end: round(last - authDone), auth, notReplayed, assumptions,
  });
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** A later request of the initiator as an action, or why it is not replayed. */
function actionOf(m: RecordedMessage): PlannedAction | { child: PlannedChild } | { update: true } | { skip: string } | undefined {
  const p = known(m.payloads);
  if (m.payloads === null) return { skip: `an encrypted ${m.exchange === ExchangeType.CREATE_CHILD_SA ? 'CREATE_CHILD_SA' : 'INFORMATIONAL'} request (frame ${m.frame}) no key opened` };
  if (m.exchange === ExchangeType.CREATE_CHILD_SA) {
    if (p.some((x) => x.type === PayloadType.N && x.notifyType === NotifyType.REKEY_SA)) return 'rekey-child';
    const sa = p.find((x) => x.type === PayloadType.SA);
    if (sa && sa.type === PayloadType.SA && sa.proposals.some((pr) => pr.protocolId === 1)) return 'rekey-ike';
    return newChildOf(p, m.frame);
  }
  if (m.exchange === ExchangeType.INFORMATIONAL) {
    const d = p.filter((x) => x.type === PayloadType.D);
    if (d.some((x) => x.type === PayloadType.D && x.protocolId === 1)) return 'delete-ike';
    // Deletes of CHILD_SAs follow the initiator's own rekeys; the endpoint sends those itself.
    if (d.length) return undefined;
    // RFC 4555 §3.5: the initiator's address changed. Its path checks before the update (empty
    // INFORMATIONALs, §3.4) are liveness checks like any other.
    if (p.some((x) => x.type === PayloadType.N && x.notifyType === NotifyType.UPDATE_SA_ADDRESSES)) return { update: true };
    if (p.length === 0) return 'liveness';
    return { skip: `an INFORMATIONAL request with ${p.map((x) => x.type).join(', ')} (frame ${m.frame})` };
  }
  return { skip: `a request of exchange type ${m.exchange} (frame ${m.frame})` };
}

/**
 * Echoes to one target less than this many seconds apart, with no IKE message between them, are
 * one `ping` (Session.ping sends every 0.5 s): pings after a rekey or a move go through what it made.
 */
const PING_GAP = 1.5;

function pingsOf(rec: Recording, authDone: number, notReplayed: string[]): PlannedStep[] {
  const out: Array<{ at: number; action: 'ping'; ping: PlannedPing; last: number }> = [];
  // Session.ping sends from the client's own address (its virtual IP): a CHILD_SA's TSi of one host.
  const own = new Set(rec.chain.flatMap((sa) => sa.childSas.flatMap((c) => c.tsI)).filter((t) => /\/(32|128)$/.test(t)).map((t) => t.replace(/\/\d+$/, '')));
  const others = new Set<string>();
  for (const e of rec.echoes) {
    if (e.ts < authDone) continue;
    if (!own.has(e.source)) { others.add(e.source); continue; }
    const cur = out.at(-1);
    const ikeBetween = cur && rec.messages.some((m) => m.ts > cur.last && m.ts < e.ts);
    if (cur && !ikeBetween && cur.ping.target === e.target && e.ts - cur.last <= PING_GAP) {
      cur.ping = { ...cur.ping, count: cur.ping.count + 1, answered: cur.ping.answered + (e.answered ? 1 : 0), frames: [...cur.ping.frames, e.frame] };
      cur.last = e.ts;
    } else out.push({ at: round(e.ts - authDone), action: 'ping', ping: { target: e.target, count: 1, answered: e.answered ? 1 : 0, frames: [e.frame] }, last: e.ts });
  }
  if (others.size) notReplayed.push(`pings from ${[...others].join(', ')}, not the client's own address in the tunnel`);
  return out.map(({ last: _l, ...p }) => p);
}

/** The initiator's address in use at `frame`: the analysis adds one per move (IkeSaRecord.addresses). */
function initiatorAddressAt(rec: Recording, frame: number): string | undefined {
  const seen = rec.chain.flatMap((sa) => sa.addresses).filter((a) => a.frame <= frame).sort((a, b) => a.frame - b.frame);
  return seen.at(-1)?.initiator.ip;
}

function retriedWithOtherGroup(rec: Recording, req: RecordedMessage): boolean {
  const res = rec.messages.find((x) => x.response && x.ispi === req.ispi && x.mid === req.mid && x.exchange === req.exchange);
  return known(res?.payloads ?? null).some((x) => x.type === PayloadType.N && x.notifyType === NotifyType.INVALID_KE_PAYLOAD);
}

/** §1.3.1: "SA, Ni, [KEi], TSi, TSr" without N(REKEY_SA), as the CHILD_SA to ask for again. */
function newChildOf(p: readonly KnownPayload[], frame: number): { child: PlannedChild } | { skip: string } {
  const sa = p.find((x) => x.type === PayloadType.SA);
  const tsi = p.find((x) => x.type === PayloadType.TSi);
  const tsr = p.find((x) => x.type === PayloadType.TSr);
  const ke = p.find((x) => x.type === PayloadType.KE);
  if (!sa || sa.type !== PayloadType.SA || !tsi || tsi.type !== PayloadType.TSi || !tsr || tsr.type !== PayloadType.TSr) {
    return { skip: `a CREATE_CHILD_SA request without SA, TSi or TSr (frame ${frame})` };
  }
  if (!sa.proposals.some((pr) => pr.protocolId === ProtocolId.ESP)) return { skip: `a new CHILD_SA for a protocol other than ESP (frame ${frame})` };
  // The client's own address (a virtual IP the gateway assigns afresh each time) is not asked for again.
  const ownHost = tsi.selectors.every((t) => isAddressRange(t) && t.startAddress === t.endAddress);
  return {
    child: {
      ...(ownHost ? {} : { tsi: tsi.selectors }), tsr: tsr.selectors,
      esp: sa.proposals.filter((pr) => pr.protocolId === ProtocolId.ESP).map(specOf),
      pfs: ke?.type === PayloadType.KE, ...(ke?.type === PayloadType.KE ? { group: ke.group } : {}),
    },
  };
}
