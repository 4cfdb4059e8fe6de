/**
 * The payload tree of one IKE message as expandable nodes, each knowing the bytes it covers so
 * the hex pane can highlight them. The lines are dump -V's (src/report/payload-tree.ts); the byte
 * spans come from walking the generic payload headers the codec walked (RFC 7296 §3.2), in the
 * message for outer payloads and in the plaintext for the decrypted ones (§3.14).
 */
import { GENERIC_HEADER_LENGTH, parseGenericHeader } from '../ikev2/generic-header.js';
import { IKE_HEADER_LENGTH } from '../ikev2/header.js';
import type { Payload } from '../ikev2/payload.js';
import { messageTree, payloadLines } from '../report/payload-tree.js';
import type { FrameDetail } from './loader.js';

export interface ByteSpan {
  /** Which bytes: the message as sent, or the decrypted plaintext. */
  readonly source: 'message' | 'plaintext';
  readonly start: number;
  readonly end: number;
}

export interface TreeNode {
  readonly id: string;
  readonly label: string;
  readonly children: readonly TreeNode[];
  readonly span?: ByteSpan;
  /** Payload type, for redaction of the bytes it covers. */
  readonly payloadType?: number;
}

/** Where each payload of a chain starts and ends, from its generic header's length. */
export function payloadSpans(bytes: Uint8Array, start: number, count: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const h = parseGenericHeader(bytes, at);
    if (!h.ok || h.value.length < GENERIC_HEADER_LENGTH) break;
    out.push({ start: at, end: Math.min(bytes.length, at + h.value.length) });
    at += h.value.length;
  }
  return out;
}

function payloadNode(p: Payload, fromInitiator: boolean, id: string, span: ByteSpan | undefined, text: (s: string) => string, extra: TreeNode[] = []): TreeNode {
  const lines: string[] = [];
  payloadLines(p, fromInitiator, lines, '');
  const [head = '', ...rest] = lines;
  // Field lines are indented four spaces under their payload; deeper ones keep their extra indent.
  const children: TreeNode[] = rest.map((l, i) => ({ id: `${id}.${i}`, label: text(l.replace(/^ {4}/, '')), children: [], span }));
  return { id, label: text(head), children: [...children, ...extra], span, payloadType: p.type };
}

export function frameTree(d: FrameDetail, text: (s: string) => string = (s) => s): TreeNode[] {
  const m = d.message;
  const fromInitiator = !m.header.response;
  const header = messageTree({ header: m.header, payloads: [] }, undefined, '')[0]!;
  const nodes: TreeNode[] = [{ id: 'hdr', label: text(header), children: [], span: { source: 'message', start: 0, end: Math.min(IKE_HEADER_LENGTH, d.bytes.length) } }];
  const spans = payloadSpans(d.bytes, IKE_HEADER_LENGTH, m.payloads.length);
  m.payloads.forEach((p, i) => {
    const s = spans[i];
    const span: ByteSpan | undefined = s ? { source: 'message', ...s } : undefined;
    let extra: TreeNode[] = [];
    if (p.type === 46 || p.type === 53) {
      if (d.inner) {
        const pt = d.inner.plaintext;
        const innerSpans = pt ? payloadSpans(pt, 0, d.inner.payloads.length) : [];
        const inner = d.inner.payloads.map((q, j) => {
          const is = innerSpans[j];
          return payloadNode(q, fromInitiator, `p${i}.in${j}`, is ? { source: 'plaintext', ...is } : undefined, text);
        });
        extra = [{ id: `p${i}.dec`, label: `decrypted (integrity ${d.inner.integrity}): ${inner.length} payload(s)`, children: inner, span: pt ? { source: 'plaintext', start: 0, end: pt.length } : undefined }];
      } else if (d.closed) {
        extra = [{ id: `p${i}.closed`, label: text(`not decrypted: ${d.closed}`), children: [] }];
      } else {
        extra = [{ id: `p${i}.closed`, label: 'not decrypted: no keys for this IKE_SA (press K to add a key file)', children: [] }];
      }
    }
    nodes.push(payloadNode(p, fromInitiator, `p${i}`, span, text, extra));
  });
  if (m.malformed) nodes.push({ id: 'bad', label: `malformed at offset ${m.malformed.offset}: ${m.malformed.reason}`, children: [], span: { source: 'message', start: m.malformed.offset, end: d.bytes.length } });
  return nodes;
}

/** A visible row of the tree, given which nodes are expanded. */
export interface TreeRow {
  readonly node: TreeNode;
  readonly depth: number;
  readonly expanded: boolean;
}

export function visibleRows(nodes: readonly TreeNode[], expanded: ReadonlySet<string>, depth = 0, out: TreeRow[] = []): TreeRow[] {
  for (const n of nodes) {
    const open = expanded.has(n.id);
    out.push({ node: n, depth, expanded: open });
    if (open) visibleRows(n.children, expanded, depth + 1, out);
  }
  return out;
}

/** Node ids that are expanded by default: the encrypted payload and its decrypted payloads list, so the inner payloads show at once. */
export function defaultExpanded(nodes: readonly TreeNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) for (const c of n.children) if (c.id.endsWith('.dec')) { out.add(n.id); out.add(c.id); }
  return out;
}
