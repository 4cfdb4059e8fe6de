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

const UNDECODABLE = { kind: 'undecodable' } as const;
const NOT_IP = { kind: 'not-ip' } as const;
const FRAGMENT = { kind: 'ip-fragment' } as const;
const OTHER = { kind: 'other' } as const;

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
    const single = [frame.number];
    const link = decapsulate(frame.linkType, frame.data);
    if (!link.ok) {
      problems.push({ code: 'decode/malformed', frame: frame.number, offset: link.offset, message: link.reason });
      return { frame: frame.number, frames: single, content: UNDECODABLE, problems };
    }
    if (link.value.ipVersion === 0) return { frame: frame.number, frames: single, content: NOT_IP, problems };
    const parsed = parseIp(frame.data.subarray(link.value.offset), link.value.ipVersion);
    if (!parsed.ok) {
      problems.push({ code: 'decode/malformed', frame: frame.number, offset: link.value.offset + parsed.offset, message: parsed.reason });
      return { frame: frame.number, frames: single, content: UNDECODABLE, problems };
    }
    let ip: IpHeader = parsed.value;
    let frames: readonly number[] = single;
    if (ip.fragment) {
      const now = frame.sec + frame.nsec / 1e9;
      const whole = this.reassembler.add(ip, frame.number, now, (n) => {
        problems.push({ code: n.code, message: n.message, frame: 'frame' in n ? n.frame : frame.number });
      });
      if (!whole) return this.packet(ip, frame.number, single, FRAGMENT, problems);
      ip = { ...ip, payload: whole.payload, fragment: undefined };
      frames = whole.frames;
    }
    return this.transport(ip, frame.number, frames, problems);
  }

  /** Call at end of capture: reports datagrams that never completed. */
  finish(): Problem[] {
    this.reassembler.flush((n) => {
      this.late.push({ code: n.code, message: n.message, frame: 'frames' in n ? n.frames[n.frames.length - 1] : n.frame });
    });
    return this.late.splice(0);
  }

  /** One object literal per packet: spreading partial objects cost half the decode time. */
  private packet(ip: IpHeader, frame: number, frames: readonly number[], content: NetPacket['content'], problems: Problem[], srcPort?: number, dstPort?: number): NetPacket {
    const src = formatIp(ip.src)!;
    const dst = formatIp(ip.dst)!;
    return {
      frame, frames, ipVersion: ip.version, srcAddr: ip.src, dstAddr: ip.dst, protocol: ip.protocol, content, problems,
      src: srcPort === undefined ? { ip: src } : { ip: src, port: srcPort },
      dst: dstPort === undefined ? { ip: dst } : { ip: dst, port: dstPort },
    };
  }

  private transport(ip: IpHeader, frame: number, frames: readonly number[], problems: Problem[]): NetPacket {
    if (ip.protocol === IpProto.ESP) return this.packet(ip, frame, frames, classifyEsp(ip.payload), problems);
    if (ip.protocol !== IpProto.UDP) return this.packet(ip, frame, frames, OTHER, problems);
    const udp = parseUdp(ip.payload);
    if (!udp.ok) {
      problems.push({ code: 'decode/malformed', frame, offset: udp.offset, message: udp.reason });
      return this.packet(ip, frame, frames, UNDECODABLE, problems);
    }
    const { srcPort, dstPort, payload } = udp.value;
    return this.packet(ip, frame, frames, classifyUdp(srcPort, dstPort, payload, this.ikePorts, this.natTPorts), problems, srcPort, dstPort);
  }
}
