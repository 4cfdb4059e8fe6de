/**
 * From captured frames to IPsec-relevant packets: link layer, IP (with reassembly), UDP,
 * classification. Stateful only through the reassembler, so memory is bounded.
 */
import type { Frame } from '../capture/frame.js';
import type { Problem } from '../problem.js';
import { formatIp } from './address.js';
import { classifyEsp, classifyUdp, IKE_PORT, NAT_T_PORT, type Classified } from './classify.js';
import { IpProto, parseIp, type IpHeader } from './ip.js';
import { decapsulate } from './link.js';
import { DEFAULT_LIMITS, Reassembler, type ReassemblyLimits } from './reassembly.js';
import { parseUdp } from './udp.js';

export interface Endpoint {
  readonly ip: string;
  readonly port?: number;
}

export interface NetPacket {
  /** The frame this packet completed in. */
  readonly frame: number;
  /** All frames that carried it: more than one when it was IP-fragmented. */
  readonly frames: readonly number[];
  readonly ipVersion?: 4 | 6;
  readonly src?: Endpoint;
  readonly dst?: Endpoint;
  /** Raw address bytes, needed for NAT detection hashes (RFC 7296 §2.23). */
  readonly srcAddr?: Uint8Array;
  readonly dstAddr?: Uint8Array;
  /** The IP protocol after extension headers (17 UDP, 50 ESP, …). */
  readonly protocol?: number;
  /** What it carries; 'ip-fragment' for a fragment that did not complete a datagram. */
  readonly content: Classified | { readonly kind: 'ip-fragment' } | { readonly kind: 'not-ip' } | { readonly kind: 'undecodable' };
  readonly problems: readonly Problem[];
}

export interface NetOptions {
  readonly ikePorts?: readonly number[];
  readonly natTPorts?: readonly number[];
  readonly reassembly?: ReassemblyLimits;
}

export class NetDecoder {
  private readonly reassembler: Reassembler;
  private readonly ikePorts: ReadonlySet<number>;
  private readonly natTPorts: ReadonlySet<number>;
  /** Problems that surface outside any frame's decode (timeouts found at flush). */
  private readonly late: Problem[] = [];

  constructor(opts: NetOptions = {}) {
    this.reassembler = new Reassembler(opts.reassembly ?? DEFAULT_LIMITS);
    this.ikePorts = new Set(opts.ikePorts ?? [IKE_PORT]);
    this.natTPorts = new Set(opts.natTPorts ?? [NAT_T_PORT]);
  }

  decode(frame: Frame): NetPacket {
    const problems: Problem[] = [];
    const base = { frame: frame.number, frames: [frame.number] as readonly number[], problems };
    const link = decapsulate(frame.linkType, frame.data);
    if (!link.ok) {
      problems.push({ code: 'decode/malformed', frame: frame.number, offset: link.offset, message: link.reason });
      return { ...base, content: { kind: 'undecodable' } };
    }
    if (link.value.ipVersion === 0) return { ...base, content: { kind: 'not-ip' } };
    const ipBytes = frame.data.subarray(link.value.offset);
    const parsed = parseIp(ipBytes, link.value.ipVersion);
    if (!parsed.ok) {
      problems.push({ code: 'decode/malformed', frame: frame.number, offset: link.value.offset + parsed.offset, message: parsed.reason });
      return { ...base, content: { kind: 'undecodable' } };
    }
    let ip: IpHeader = parsed.value;
    let frames: readonly number[] = base.frames;
    if (ip.fragment) {
      const now = frame.sec + frame.nsec / 1e9;
      const whole = this.reassembler.add(ip, frame.number, now, (n) => {
        const { code, message } = n;
        problems.push({ code, message, frame: 'frame' in n ? n.frame : frame.number });
      });
      const addr = this.addresses(ip);
      if (!whole) return { ...base, ...addr, protocol: ip.protocol, content: { kind: 'ip-fragment' } };
      ip = { ...ip, payload: whole.payload, fragment: undefined };
      frames = whole.frames;
    }
    return this.transport(ip, { ...base, frames }, problems);
  }

  /** Call at end of capture: reports datagrams that never completed. */
  finish(): Problem[] {
    this.reassembler.flush((n) => {
      this.late.push({ code: n.code, message: n.message, frame: 'frames' in n ? n.frames[n.frames.length - 1] : n.frame });
    });
    return this.late.splice(0);
  }

  private addresses(ip: IpHeader) {
    return { ipVersion: ip.version, srcAddr: ip.src, dstAddr: ip.dst, src: { ip: formatIp(ip.src)! }, dst: { ip: formatIp(ip.dst)! } };
  }

  private transport(ip: IpHeader, base: { frame: number; frames: readonly number[] }, problems: Problem[]): NetPacket {
    const addr = this.addresses(ip);
    const common = { ...base, ...addr, protocol: ip.protocol, problems };
    if (ip.protocol === IpProto.ESP) return { ...common, content: classifyEsp(ip.payload) };
    if (ip.protocol !== IpProto.UDP) return { ...common, content: { kind: 'other' } };
    const udp = parseUdp(ip.payload);
    if (!udp.ok) {
      problems.push({ code: 'decode/malformed', frame: base.frame, offset: udp.offset, message: udp.reason });
      return { ...common, content: { kind: 'undecodable' } };
    }
    const { srcPort, dstPort, payload } = udp.value;
    return {
      ...common,
      src: { ip: addr.src.ip, port: srcPort },
      dst: { ip: addr.dst.ip, port: dstPort },
      content: classifyUdp(srcPort, dstPort, payload, this.ikePorts, this.natTPorts),
    };
  }
}
