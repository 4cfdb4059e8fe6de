/**
 * A one-line account of a decrypted inner packet (tunnel mode: an IP packet): protocol,
 * addresses, and for ICMP, UDP, TCP and DHCP the fields a person checks first.
 */
import { formatIp } from './address.js';
import { parseDhcp, DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from './dhcp.js';
import { IpProto, parseIpv4, parseIpv6, type IpHeader } from './ip.js';
import { parseUdp } from './udp.js';

export interface InnerPacket {
  readonly version: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  /** "ICMP echo request id 5 seq 1", "UDP 68 → 67 DHCPINFORM (options 53,55,249)", … */
  readonly summary: string;
}

const ICMP4: Record<number, string> = { 0: 'echo reply', 3: 'destination unreachable', 5: 'redirect', 8: 'echo request', 11: 'time exceeded' };
const ICMP6: Record<number, string> = { 1: 'destination unreachable', 2: 'packet too big', 3: 'time exceeded', 128: 'echo request', 129: 'echo reply', 133: 'router solicitation', 134: 'router advertisement', 135: 'neighbor solicitation', 136: 'neighbor advertisement' };

function icmp(ip: IpHeader): string {
  const p = ip.payload;
  if (p.length < 4) return 'ICMP (truncated)';
  const names = ip.version === 4 ? ICMP4 : ICMP6;
  const name = names[p[0]!] ?? `type ${p[0]} code ${p[1]}`;
  const echo = (ip.version === 4 && (p[0] === 0 || p[0] === 8)) || (ip.version === 6 && (p[0] === 128 || p[0] === 129));
  const v = ip.version === 4 ? 'ICMP' : 'ICMPv6';
  if (echo && p.length >= 8) return `${v} ${name} id ${(p[4]! << 8) | p[5]!} seq ${(p[6]! << 8) | p[7]!}`;
  return `${v} ${name}`;
}

function udp(ip: IpHeader): string {
  const u = parseUdp(ip.payload);
  if (!u.ok) return `UDP (${u.reason})`;
  const { srcPort, dstPort, payload } = u.value;
  let what = `UDP ${srcPort} → ${dstPort}`;
  if ((srcPort === DHCP_CLIENT_PORT && dstPort === DHCP_SERVER_PORT) || (srcPort === DHCP_SERVER_PORT && dstPort === DHCP_CLIENT_PORT)) {
    const d = parseDhcp(payload);
    if (d.ok) {
      const routes = d.value.msClasslessRoutes ? `, option 249 routes ${d.value.msClasslessRoutes.map((r) => `${r.destination} via ${r.router}`).join(', ')}` : '';
      what += ` ${d.value.type} (options ${d.value.options.join(',')})${routes}`;
    } else what += ` DHCP (${d.reason})`;
  } else if (srcPort === 53 || dstPort === 53) what += ' DNS';
  return what;
}

function tcp(ip: IpHeader): string {
  const p = ip.payload;
  if (p.length < 14) return 'TCP (truncated)';
  const flags = p[13]!;
  const names = [['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16]] as const;
  const set = names.filter(([, bit]) => flags & bit).map(([n]) => n).join(',');
  return `TCP ${(p[0]! << 8) | p[1]!} → ${(p[2]! << 8) | p[3]!} [${set}]`;
}

/** Describes an inner IP packet; undefined when it is not IP at all. */
export function describeInner(bytes: Uint8Array): InnerPacket | undefined {
  const version = bytes.length ? bytes[0]! >> 4 : 0;
  if (version !== 4 && version !== 6) return undefined;
  const parsed = version === 4 ? parseIpv4(bytes) : parseIpv6(bytes);
  if (!parsed.ok) return { version, src: '?', dst: '?', protocol: -1, summary: `IPv${version} (${parsed.reason})` };
  const ip = parsed.value;
  const base = { version: ip.version, src: formatIp(ip.src)!, dst: formatIp(ip.dst)!, protocol: ip.protocol };
  if (ip.fragment) return { ...base, summary: `IPv${version} fragment at ${ip.fragment.offset}` };
  switch (ip.protocol) {
    case IpProto.ICMP: case IpProto.ICMPV6: return { ...base, summary: icmp(ip) };
    case IpProto.UDP: return { ...base, summary: udp(ip) };
    case IpProto.TCP: return { ...base, summary: tcp(ip) };
    default: return { ...base, summary: `IP protocol ${ip.protocol}` };
  }
}
