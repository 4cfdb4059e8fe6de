/**
 * What a message's payloads say, as plain data the rules and reports read (DESIGN.md: none of
 * them re-parses packets): offered and chosen proposals with IANA names, KE group, notifies
 * (the Windows status code decoded), certificate and CERTREQ counts, identities' types, traffic
 * selectors, configuration attributes, EAP, deletes. Built from the outer payloads, and from
 * the inner ones once decrypted. Never key material. Identities and certificate names are here
 * (rules compare them); `--redact` pseudonymises them in every report.
 */
import { hex } from '../ikev2/bytes.js';
import { isRaw, type Payload } from '../ikev2/payload.js';
import { proposalNames } from '../ikev2/proposal.js';
import { formatTrafficSelector } from '../ikev2/payloads/ts.js';
import {
  authMethodName, certEncodingName, cfgTypeName, cpAttributeName, dhGroupName, eapCodeName, eapTypeName, idTypeName, notifyName, protocolIdName,
} from '../ikev2/registry/index.js';
import { PayloadType } from '../ikev2/registry/payload-types.js';
import { vendorIdLabel } from '../ikev2/vendor-ids.js';
import { identityOf } from '../ikev2/identity.js';
import { certificateOf } from '../ikev2/x509.js';

export interface ProposalFacts {
  readonly number: number;
  readonly protocol: string;
  readonly spi?: string;
  readonly encr: readonly string[];
  readonly integ: readonly string[];
  readonly prf: readonly string[];
  readonly dh: readonly string[];
  readonly esn: readonly string[];
}

export interface NotifyFacts {
  readonly name: string;
  readonly type: number;
  readonly spi?: string;
  /** Private 12345 (MS_NOTIFY_STATUS): the Windows error inside. */
  readonly windowsError?: { readonly code: number; readonly name?: string };
  /** INVALID_KE_PAYLOAD: the group the responder wants. */
  readonly group?: string;
}

/** An X.509 certificate as rules need it (WINDOWS-INTEROP.md windows/cert-eku-san). */
export interface CertFacts {
  readonly encoding: string;
  readonly bytes: number;
  readonly subject?: string;
  readonly issuer?: string;
  readonly san?: string[];
  /** Extended key usage names or OIDs; undefined when the certificate has no EKU extension. */
  readonly eku?: string[];
  /** "RSA 2048", "EC P-256", "Ed25519". */
  readonly key?: string;
  readonly ca?: boolean;
  /** SHA-1 of the SubjectPublicKeyInfo: what a CERTREQ names a CA by. */
  readonly spkiSha1?: string;
}

export interface MessageFacts {
  proposals?: ProposalFacts[];
  ke?: string;
  notifies?: NotifyFacts[];
  vendorIds?: string[];
  ids?: Array<{ payload: 'IDi' | 'IDr'; type: string; value?: string }>;
  certs?: Array<CertFacts>;
  /** CA hashes requested, per CERTREQ payload: SHA-1 of each CA's public key (RFC 7296 §3.7). */
  certreqs?: Array<{ encoding: string; authorities: number; hashes: string[] }>;
  auth?: string;
  tsi?: string[];
  tsr?: string[];
  cp?: { type: string; attributes: string[] };
  eap?: Array<{ code: string; type?: string }>;
  deletes?: Array<{ protocol: string; spis: string[] }>;
  /** IKEv2 fragment number/total (RFC 7383). */
  fragment?: { number: number; total: number };
}

export function facts(payloads: readonly Payload[]): MessageFacts {
  const f: MessageFacts = {};
  for (const p of payloads) {
    if (isRaw(p)) continue;
    switch (p.type) {
      case PayloadType.SA:
        f.proposals = p.proposals.map((pr) => {
          const n = proposalNames(pr);
          return { number: pr.number, protocol: protocolIdName(pr.protocolId), ...(pr.spi.length ? { spi: hex(pr.spi) } : {}), encr: n.encr, integ: n.integ, prf: n.prf, dh: n.dh, esn: n.esn };
        });
        break;
      case PayloadType.KE: f.ke = dhGroupName(p.group); break;
      case PayloadType.N: {
        const d = p.decoded;
        (f.notifies ??= []).push({
          name: notifyName(p.notifyType), type: p.notifyType,
          ...(p.spi.length ? { spi: hex(p.spi) } : {}),
          ...(d?.kind === 'windows-status' ? { windowsError: { code: d.code, ...(d.name ? { name: d.name } : {}) } } : {}),
          ...(d?.kind === 'invalid-ke' ? { group: dhGroupName(d.group) } : {}),
        });
        break;
      }
      case PayloadType.V: (f.vendorIds ??= []).push(vendorIdLabel(p.data)); break;
      case PayloadType.IDi: case PayloadType.IDr: {
        const id = identityOf(p);
        (f.ids ??= []).push({ payload: p.type === PayloadType.IDi ? 'IDi' : 'IDr', type: idTypeName(p.idType), ...(id.ok ? { value: id.value.text } : {}) });
        break;
      }
      case PayloadType.CERT: {
        const c = certificateOf(p);
        const base = { encoding: certEncodingName(p.encoding), bytes: p.data.length };
        (f.certs ??= []).push(c?.ok ? {
          ...base, subject: c.value.subject.text, issuer: c.value.issuer.text, san: c.value.subjectAltNames.map((n) => n.value),
          ...(c.value.extendedKeyUsage ? { eku: c.value.extendedKeyUsage.map((k) => k.name ?? k.oid) } : {}),
          key: c.value.publicKey.label, ca: c.value.ca, spkiSha1: hex(c.value.spkiSha1),
        } : base);
        break;
      }
      case PayloadType.CERTREQ: (f.certreqs ??= []).push({ encoding: certEncodingName(p.encoding), authorities: p.caHashes?.length ?? 0, hashes: (p.caHashes ?? []).map(hex) }); break;
      case PayloadType.AUTH: f.auth = authMethodName(p.method); break;
      case PayloadType.TSi: f.tsi = p.selectors.map(formatTrafficSelector); break;
      case PayloadType.TSr: f.tsr = p.selectors.map(formatTrafficSelector); break;
      case PayloadType.CP: f.cp = { type: cfgTypeName(p.cfgType), attributes: p.attributes.map((a) => cpAttributeName(a.attrType)) }; break;
      case PayloadType.EAP: (f.eap ??= []).push({ code: eapCodeName(p.code), ...(p.eapType !== undefined ? { type: eapTypeName(p.eapType) } : {}) }); break;
      case PayloadType.D: (f.deletes ??= []).push({ protocol: protocolIdName(p.protocolId), spis: p.spis.map(hex) }); break;
      case PayloadType.SKF: f.fragment = { number: p.fragmentNumber, total: p.totalFragments }; break;
    }
  }
  return f;
}

/** Outer and inner facts of one message, merged (the inner ones are what SK carried). */
export function merge(outer: MessageFacts, inner: MessageFacts): MessageFacts {
  const out: MessageFacts = { ...outer };
  for (const [k, v] of Object.entries(inner) as Array<[keyof MessageFacts, unknown]>) {
    const prev = out[k];
    (out as Record<string, unknown>)[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : v;
  }
  return out;
}
