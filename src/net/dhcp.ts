/**
 * DHCP (RFC 2131) as far as a VPN analysis needs it: the message type and the options Windows
 * clients depend on through the tunnel — DHCPINFORM answered with option 249 (Microsoft
 * classless static routes, the same layout as RFC 3442's option 121), which is how Windows
 * learns split routes instead of from traffic selectors (seed 000, seed 002).
 */
import type { Decoded } from '../problem.js';
import { fail, ok } from '../problem.js';
import { formatIPv4 } from './address.js';

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;

const MESSAGE_TYPES = ['', 'DHCPDISCOVER', 'DHCPOFFER', 'DHCPREQUEST', 'DHCPDECLINE', 'DHCPACK', 'DHCPNAK', 'DHCPRELEASE', 'DHCPINFORM'];
const MAGIC = 0x63825363;

export interface ClasslessRoute {
  readonly destination: string;
  readonly router: string;
}

export interface DhcpMessage {
  /** DHCPINFORM, DHCPACK, … (option 53), or "BOOTREQUEST"/"BOOTREPLY" without it. */
  readonly type: string;
  readonly clientAddress: string;
  readonly yourAddress: string;
  /** Option codes present, in order. */
  readonly options: number[];
  /** Option 121 (RFC 3442) routes. */
  readonly classlessRoutes?: ClasslessRoute[];
  /** Option 249 (Microsoft classless static routes), same encoding as 121. */
  readonly msClasslessRoutes?: ClasslessRoute[];
  readonly routers?: string[];
  readonly dnsServers?: string[];
  readonly domainName?: string;
}

/** RFC 3442 §2: width octet, then only the significant octets of the destination, then the router. */
function classlessRoutes(b: Uint8Array): Decoded<ClasslessRoute[]> {
  const out: ClasslessRoute[] = [];
  for (let i = 0; i < b.length; ) {
    const width = b[i]!;
    if (width > 32) return fail(i, `route prefix width ${width} is above 32`);
    const significant = Math.ceil(width / 8);
    if (i + 1 + significant + 4 > b.length) return fail(i, 'classless route truncated');
    const dest = new Uint8Array(4);
    dest.set(b.subarray(i + 1, i + 1 + significant));
    const router = b.subarray(i + 1 + significant, i + 5 + significant);
    out.push({ destination: `${formatIPv4(dest)}/${width}`, router: formatIPv4(router) });
    i += 5 + significant;
  }
  return ok(out);
}

const addresses = (b: Uint8Array): string[] => {
  const out: string[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(formatIPv4(b, i));
  return out;
};

export function parseDhcp(b: Uint8Array): Decoded<DhcpMessage> {
  // RFC 2131 §2: 236 fixed octets, then the magic cookie and options.
  if (b.length < 240) return fail(0, `DHCP message of ${b.length} octets is shorter than 240`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view.getUint32(236) !== MAGIC) return fail(236, 'no DHCP magic cookie');
  const msg: { -readonly [K in keyof DhcpMessage]: DhcpMessage[K] } = {
    type: b[0] === 1 ? 'BOOTREQUEST' : 'BOOTREPLY',
    clientAddress: formatIPv4(b, 12),
    yourAddress: formatIPv4(b, 16),
    options: [],
  };
  for (let i = 240; i < b.length; ) {
    const code = b[i]!;
    if (code === 255) break;
    if (code === 0) { i++; continue; }
    if (i + 2 > b.length) return fail(i, 'DHCP option truncated');
    const len = b[i + 1]!;
    const value = b.subarray(i + 2, i + 2 + len);
    if (value.length < len) return fail(i, `DHCP option ${code} longer than the message`);
    msg.options.push(code);
    switch (code) {
      case 53: msg.type = MESSAGE_TYPES[value[0]!] ?? `DHCP(${value[0]})`; break;
      case 3: msg.routers = addresses(value); break;
      case 6: msg.dnsServers = addresses(value); break;
      case 15: msg.domainName = new TextDecoder().decode(value); break;
      case 121: case 249: {
        const routes = classlessRoutes(value);
        if (!routes.ok) return fail(i + 2 + routes.offset, `option ${code}: ${routes.reason}`);
        if (code === 121) msg.classlessRoutes = routes.value;
        else msg.msClasslessRoutes = routes.value;
        break;
      }
    }
    i += 2 + len;
  }
  return ok(msg);
}
