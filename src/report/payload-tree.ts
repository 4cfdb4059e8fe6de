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
  authMethodName, certEncodingName, cfgTypeName, cpAttributeName, dhGroupName, eapCodeName, eapTypeName, exchangeName,
  idTypeName, notifyName, payloadName, protocolIdName, transformName, transformTypeName,
} from '../ikev2/registry/index.js';
import { vendorIdLabel } from '../ikev2/vendor-ids.js';
import { shortHex, toHex } from './hex.js';

function payloadLines(p: Payload, fromInitiator: boolean, out: string[], indent: string): void {
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
    case 35: case 36: out.push(`${sub}${idTypeName(p.idType)}: ${p.value ?? shortHex(p.data)}`); break;
    case 37: out.push(`${sub}${certEncodingName(p.encoding)}, ${p.data.length} bytes`); break;
    case 38:
      out.push(`${sub}${certEncodingName(p.encoding)}${p.caHashes ? `, ${p.caHashes.length} CA hash(es)` : ''}`);
      for (const h of p.caHashes ?? []) out.push(`${sub}    ${toHex(h)}`);
      break;
    case 39: out.push(`${sub}method: ${authMethodName(p.method)} (${p.method}), ${p.data.length} bytes`); break;
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
    case 48: out.push(`${sub}${eapCodeName(p.code)} id ${p.identifier}${p.eapType !== undefined ? ` type ${eapTypeName(p.eapType)}` : ''}`); break;
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
