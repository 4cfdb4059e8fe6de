/**
 * The payload tree of `dump -V`: each payload with its fields named from the IANA registries,
 * indented like tshark's detail view. Key exchange data, nonces, AUTH and ciphertext are shown
 * shortened: they are long, and none of them is key material.
 */
import type { IkeMessage } from '../ikev2/message.js';
import { payloadLabel } from '../ikev2/notation.js';
import { isRaw, type Payload } from '../ikev2/payload.js';
import { keyLength } from '../ikev2/payloads/sa.js';
import { formatTrafficSelector } from '../ikev2/payloads/ts.js';
import {
  certEncodingName, cfgTypeName, cpAttributeName, dhGroupName, eapCodeName, eapTypeName, exchangeName,
  idTypeName, notifyName, payloadName, protocolIdName, transformName, transformTypeName,
} from '../ikev2/registry/index.js';
import { vendorIdLabel } from '../ikev2/vendor-ids.js';
import { certHashAndUrl, type CertPayload } from '../ikev2/payloads/cert.js';
import type { CertReqPayload } from '../ikev2/payloads/certreq.js';
import type { AuthPayload } from '../ikev2/payloads/auth.js';
import type { EapPayload } from '../ikev2/payloads/eap.js';
import type { IdPayload } from '../ikev2/payloads/id.js';
import {
  authenticationOf, decodeDn, decodePublicKey, eapMethodOf, formatGeneralName, identityOf, msChapV2OpName, decodeCertificate,
  type EapMethodView,
} from '../ikev2/views.js';
import { shortHex, toHex } from './hex.js';

/**
 * Quoted text: identities, names and messages as sent, with quotes and control characters
 * escaped (a Windows "DOMAIN\user" keeps its single backslash).
 */
function quote(s: string): string {
  return `"${s.replace(/["\x00-\x1f\x7f]/g, (c) => (c === '"' ? '\\"' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))}"`;
}

/** Long runs of hex digits in free text (a challenge inside a message) shown by length only. */
function maskHex(s: string): string {
  return s.replace(/[0-9A-Fa-f]{16,}/g, (h) => `<${h.length} hex digits>`);
}

const problem = (r: { offset: number; reason: string }): string => `${r.reason} (offset ${r.offset})`;

function idText(p: IdPayload): string {
  const v = identityOf(p);
  if (!v.ok) return `${shortHex(p.data)} — not decoded: ${problem(v)}`;
  if (p.idType === 13 && v.value.text === '') return '(none)';
  return v.value.text;
}

function certLines(p: CertPayload, sub: string, out: string[]): void {
  out.push(`${sub}${certEncodingName(p.encoding)}, ${p.data.length} bytes`);
  if (p.encoding === 12 || p.encoding === 13) {
    const hu = certHashAndUrl(p);
    if (hu) out.push(`${sub}hash: ${toHex(hu.hash)}`, `${sub}URL: ${quote(hu.url)}`);
    return;
  }
  if (p.encoding === 15) {
    const k = decodePublicKey(p.data);
    out.push(k.ok ? `${sub}public key: ${k.value.label}, SPKI SHA-1: ${toHex(k.value.spkiSha1)}` : `${sub}public key not decoded: ${problem(k)}`);
    return;
  }
  if (p.encoding !== 4) return;
  const r = decodeCertificate(p.data);
  if (!r.ok) {
    out.push(`${sub}certificate not decoded: ${problem(r)}`);
    return;
  }
  const c = r.value;
  const ca = c.ca ? `yes${c.pathLength !== undefined ? `, path length ${c.pathLength}` : ''}` : 'no';
  out.push(
    `${sub}subject: ${c.subject.text}`,
    `${sub}issuer: ${c.issuer.text}${c.selfIssued ? ' (self-issued)' : ''}`,
    `${sub}serial: ${c.serial}, version ${c.version}, signature ${c.signatureAlgorithm.label}`,
    `${sub}validity: ${c.notBefore} to ${c.notAfter}`,
    `${sub}subjectAltName: ${c.subjectAltNames.length ? c.subjectAltNames.map(formatGeneralName).join(', ') : '(none)'}`,
    `${sub}extendedKeyUsage: ${c.extendedKeyUsage ? c.extendedKeyUsage.map((k) => k.name ?? k.oid).join(', ') || '(empty)' : '(none)'}`,
    `${sub}public key: ${c.publicKey.label}, CA: ${ca}`,
  );
  if (c.keyUsage) out.push(`${sub}keyUsage: ${c.keyUsage.join(', ') || '(none set)'}`);
  if (c.subjectKeyId) out.push(`${sub}subject key id: ${toHex(c.subjectKeyId)}`);
  if (c.authorityKeyId) out.push(`${sub}authority key id: ${toHex(c.authorityKeyId)}`);
  for (const u of c.crlUris) out.push(`${sub}CRL: ${u}`);
  for (const u of c.ocspUris) out.push(`${sub}OCSP: ${u}`);
  for (const u of c.caIssuersUris) out.push(`${sub}CA issuers: ${u}`);
  out.push(`${sub}SPKI SHA-1 (a CERTREQ names this key by it): ${toHex(c.spkiSha1)}`, `${sub}SHA-1 thumbprint: ${toHex(c.sha1Fingerprint)}`);
}

function certReqLines(p: CertReqPayload, sub: string, out: string[]): void {
  out.push(`${sub}${certEncodingName(p.encoding)}${p.caHashes ? `, ${p.caHashes.length} CA hash(es)` : ''}`);
  for (const h of p.caHashes ?? []) out.push(`${sub}    ${toHex(h)}`);
  if (p.caHashes || !p.data.length) return;
  // Not a list of SHA-1 hashes: some stacks send a CA's DER name instead.
  const dn = p.encoding === 4 ? decodeDn(p.data) : undefined;
  out.push(dn?.ok ? `${sub}CA name (not a hash): ${dn.value.text}` : `${sub}authority: ${shortHex(p.data)}`);
}

function authLines(p: AuthPayload, sub: string, out: string[]): void {
  const a = authenticationOf(p);
  // Only the length of the Authentication Data is shown, never the data.
  out.push(`${sub}method: ${a.methodName} (${a.method}), ${a.dataLength} bytes${a.scheme ? `: ${a.scheme}` : ''}`);
  const s = a.signature;
  if (s) out.push(s.ok ? `${sub}signature algorithm: ${s.value.label}, ${s.value.signatureLength}-byte signature` : `${sub}signature algorithm not decoded: ${problem(s)}`);
}

const flag = (on: boolean, name: string): string[] => (on ? [name] : []);

/** The method data of an EAP message; challenge and response values only by their size. */
function eapMethodLines(v: EapMethodView, p: EapPayload, sub: string, out: string[]): void {
  switch (v.kind) {
    case 'identity':
      if (p.code === 1) out.push(`${sub}${v.identity ? `prompt: ${quote(v.identity)}` : 'identity requested'}`);
      else out.push(`${sub}identity: ${quote(v.identity)}${v.nulTerminated ? ' (NUL-terminated)' : ''}`);
      if (v.afterNul !== undefined) out.push(`${sub}after NUL: ${quote(v.afterNul)}`);
      break;
    case 'notification':
      out.push(p.code === 1 ? `${sub}message: ${quote(v.text)}` : `${sub}acknowledged${v.unexpectedData ? ` (with ${v.unexpectedData} unexpected bytes)` : ''}`);
      break;
    case 'nak':
      out.push(`${sub}desired: ${v.noAlternative ? 'no alternative (0)' : v.desired.map((t) => `${eapTypeName(t)} (${t})`).join(', ')}`);
      break;
    case 'md5-challenge':
      out.push(`${sub}${p.code === 1 ? 'challenge' : 'response'}: ${v.value.length} bytes (not shown), name: ${quote(v.name)}`);
      break;
    case 'token':
      out.push(v.prompt !== undefined ? `${sub}prompt: ${quote(v.prompt)}` : `${sub}response: ${v.responseLength} bytes (not shown)`);
      break;
    case 'expanded':
      out.push(`${sub}vendor ${v.vendorId}, vendor type ${v.vendorType}, ${v.dataLength} bytes`);
      if (v.nak) out.push(`${sub}desired: ${v.nak.map((m) => `vendor ${m.vendorId} type ${m.vendorType}`).join(', ')}`);
      break;
    case 'tls': {
      const names = [...flag(v.lengthIncluded, 'L'), ...flag(v.moreFragments, 'M'), ...flag(v.start, 'S'), ...flag(!!v.outerTlvLengthIncluded, 'O')];
      const parts = [`flags 0x${v.flags.toString(16).padStart(2, '0')}${names.length ? ` [${names.join(' ')}]` : ''}`];
      if (v.version !== undefined) parts.push(`version ${v.version}`);
      if (v.reservedBits) parts.push(`reserved bits 0x${v.reservedBits.toString(16)}`);
      if (v.tlsMessageLength !== undefined) parts.push(`TLS message length ${v.tlsMessageLength}`);
      parts.push(v.ack ? 'acknowledgement (no data)' : `fragment ${v.fragment.length} bytes`);
      if (v.outerTlvLength !== undefined) parts.push(`outer TLVs ${v.outerTlvLength} bytes`);
      out.push(`${sub}${v.methodName}: ${parts.join(', ')}`);
      if (v.records) {
        out.push(`${sub}TLS records: ${v.records.map((r) => {
          const what = r.handshake?.length ? `${r.type} ${r.handshake.join(', ')}` : r.alert ? `alert ${r.alert.level} ${r.alert.description}` : r.encrypted ? `${r.type} (encrypted)` : r.type;
          return `${what} [${r.version}, ${r.length} bytes${r.truncated ? ', continues' : ''}]`;
        }).join('; ')}`);
      }
      break;
    }
    case 'mschapv2': {
      if (v.op === 'ack') {
        out.push(`${sub}MSCHAPv2 ${msChapV2OpName(v.opCode)} (acknowledgement)`);
        break;
      }
      const mismatch = v.msLengthMismatch ? ` (${v.msLengthMismatch.present} bytes present)` : '';
      out.push(`${sub}MSCHAPv2 ${msChapV2OpName(v.opCode)}, MS-CHAPv2-ID ${v.msChapV2Id}, MS-Length ${v.msLength}${mismatch}`);
      if (v.op === 'challenge') {
        out.push(`${sub}challenge: ${v.challenge.length} bytes (not shown), name: ${quote(v.name)}`);
      } else if (v.op === 'response') {
        out.push(
          `${sub}value: peer challenge ${v.peerChallenge.length} bytes, NT-Response ${v.ntResponse.length} bytes (not shown), flags 0x${v.flags.toString(16).padStart(2, '0')}`,
          `${sub}name: ${quote(v.name)}`,
        );
      } else if (v.op === 'success') {
        if (v.authenticatorResponse) out.push(`${sub}authenticator response: ${v.authenticatorResponse.length} bytes (not shown)`);
        out.push(v.message !== undefined ? `${sub}message: ${quote(v.message)}` : `${sub}text: ${quote(maskHex(v.text))}`);
      } else if (v.op === 'failure') {
        if (v.error !== undefined) {
          const extra = [...(v.retry !== undefined ? [`retry ${v.retry ? 'allowed' : 'not allowed'}`] : []), ...(v.version !== undefined ? [`version ${v.version}`] : [])];
          out.push(`${sub}error: ${v.error}${v.errorName ? ` ${v.errorName} (${v.errorText})` : ''}${extra.length ? `, ${extra.join(', ')}` : ''}`);
        }
        if (v.challenge) out.push(`${sub}new challenge: ${v.challenge.length} bytes (not shown)`);
        if (v.message !== undefined) out.push(`${sub}message: ${quote(v.message)}`);
        if (v.error === undefined && v.message === undefined) out.push(`${sub}text: ${quote(maskHex(v.text))}`);
      } else {
        out.push(`${sub}encrypted password ${v.encryptedPasswordLength} bytes, encrypted hash ${v.encryptedHashLength} bytes, peer challenge ${v.peerChallenge.length} bytes, NT-Response ${v.ntResponse.length} bytes (not shown), flags 0x${v.flags.toString(16).padStart(4, '0')}`);
      }
      break;
    }
  }
}

function eapLines(p: EapPayload, sub: string, out: string[]): void {
  out.push(`${sub}${eapCodeName(p.code)} id ${p.identifier}${p.eapType !== undefined ? ` type ${eapTypeName(p.eapType)}` : ''}`);
  const v = eapMethodOf(p);
  if (!v) return;
  if (!v.ok) out.push(`${sub}method data not decoded: ${problem(v)}`);
  else eapMethodLines(v.value, p, sub, out);
}

/** One payload's lines: its label and name, then its fields one indent deeper (the TUI's tree uses it per payload). */
export function payloadLines(p: Payload, fromInitiator: boolean, out: string[], indent: string): void {
  const head = `${indent}${payloadLabel(p, { fromInitiator })}  ${payloadName(p.type)}${p.critical ? ' [critical]' : ''}`;
  const sub = `${indent}    `;
  if (isRaw(p)) {
    out.push(head, `${sub}body: ${shortHex(p.body)}`);
    return;
  }
  out.push(head);
  switch (p.type) {
    case 33:
      for (const pr of p.proposals) {
        out.push(`${sub}proposal ${pr.number}: ${protocolIdName(pr.protocolId)}${pr.spi.length ? ` SPI ${toHex(pr.spi)}` : ''}`);
        for (const t of pr.transforms) {
          out.push(`${sub}    ${transformTypeName(t.transformType)}: ${transformName(t.transformType, t.transformId, keyLength(t))}`);
        }
      }
      break;
    case 34: out.push(`${sub}group: ${dhGroupName(p.group)} (${p.group}), ${p.data.length} bytes: ${shortHex(p.data)}`); break;
    case 35: case 36: out.push(`${sub}${idTypeName(p.idType)}: ${idText(p)}`); break;
    case 37: certLines(p, sub, out); break;
    case 38: certReqLines(p, sub, out); break;
    case 39: authLines(p, sub, out); break;
    case 40: out.push(`${sub}${p.data.length} bytes: ${shortHex(p.data)}`); break;
    case 41: {
      out.push(`${sub}type: ${notifyName(p.notifyType)} (${p.notifyType})${p.protocolId ? `, ${protocolIdName(p.protocolId)}` : ''}${p.spi.length ? ` SPI ${toHex(p.spi)}` : ''}`);
      const d = p.decoded;
      if (d?.kind === 'windows-status') out.push(`${sub}Windows error ${d.code}${d.name ? ` ${d.name}` : ''}`);
      else if (d?.kind === 'nat-detection') out.push(`${sub}hash: ${toHex(d.hash)}`);
      else if (d?.kind === 'invalid-ke') out.push(`${sub}accepted group: ${dhGroupName(d.group)} (${d.group})`);
      else if (d?.kind === 'hash-algorithms') out.push(`${sub}hash algorithms: ${d.algorithms.join(', ')}`);
      else if (d?.kind === 'number') out.push(`${sub}value: ${d.value}`);
      else if (d?.kind === 'address') out.push(`${sub}address: ${d.address}`);
      else if (p.data.length) out.push(`${sub}data: ${shortHex(p.data)}`);
      break;
    }
    case 42: out.push(`${sub}${protocolIdName(p.protocolId)}, ${p.spis.length} SPI(s)${p.spis.length ? `: ${p.spis.map(toHex).join(' ')}` : ''}`); break;
    case 43: out.push(`${sub}${vendorIdLabel(p.data)}`); break;
    case 44: case 45: for (const ts of p.selectors) out.push(`${sub}${formatTrafficSelector(ts)}`); break;
    case 46: out.push(`${sub}first inner payload: ${payloadName(p.innerType)}, ${p.data.length} bytes of IV, ciphertext and ICV`); break;
    case 47:
      out.push(`${sub}${cfgTypeName(p.cfgType)}`);
      for (const a of p.attributes) {
        const v = a.decoded;
        const text = !v ? (a.value.length ? shortHex(a.value) : '(empty)')
          : v.kind === 'ip4-subnet' ? `${v.address}/${v.netmask}`
          : v.kind === 'ip6-prefix' ? `${v.address}/${v.prefixLength}`
          : v.kind === 'text' ? JSON.stringify(v.text)
          : v.kind === 'number' ? String(v.value)
          : v.kind === 'attribute-list' ? v.types.map((t) => cpAttributeName(t)).join(', ')
          : v.address;
        out.push(`${sub}${cpAttributeName(a.attrType)}: ${text}`);
      }
      break;
    case 48: eapLines(p, sub, out); break;
    case 53: out.push(`${sub}fragment ${p.fragmentNumber} of ${p.totalFragments}, first inner payload: ${payloadName(p.innerType)}, ${p.data.length} bytes`); break;
  }
}

export function messageTree(m: IkeMessage, inner?: readonly Payload[], indent = '        '): string[] {
  const h = m.header;
  const out = [
    `${indent}IKEv${h.majorVersion}.${h.minorVersion} ${exchangeName(h.exchangeType)} (${h.exchangeType}) MID ${h.messageId}, SPIi ${toHex(h.ispi)} SPIr ${toHex(h.rspi)}, flags ${[h.initiator && 'Initiator', h.version && 'Version', h.response ? 'Response' : 'Request'].filter(Boolean).join(', ')}, length ${h.length}`,
  ];
  for (const p of m.payloads) {
    payloadLines(p, !h.response, out, `${indent}  `);
    if (inner && (p.type === 46 || p.type === 53)) {
      out.push(`${indent}      decrypted:`);
      for (const q of inner) payloadLines(q, !h.response, out, `${indent}        `);
    }
  }
  if (m.malformed) out.push(`${indent}  malformed at offset ${m.malformed.offset}: ${m.malformed.reason}`);
  return out;
}
