/**
 * UDP transport of the initiator (RFC 7296 §2.23, RFC 3948): IKE on port 500 until the
 * IKE_SA_INIT is done, then port 4500 where IKE messages carry the four-octet non-ESP marker
 * and ESP packets travel UDP-encapsulated beside them; NAT-T keepalives are the single octet
 * 0xFF (RFC 3948 §2.3). One connected socket per port, so the kernel picks the source address
 * the route to the gateway uses and drops datagrams from anyone else.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { IKE_PORT, NAT_T_PORT } from '../net/classify.js';
import type { SessionCapture } from './capture.js';

export interface Addr {
  readonly ip: string;
  readonly port: number;
}

export type Datagram =
  | { readonly kind: 'ike'; readonly bytes: Uint8Array }
  | { readonly kind: 'esp'; readonly bytes: Uint8Array }
  | { readonly kind: 'keepalive' };

export interface TransportOptions {
  readonly gateway: string;
  /** Local address to bind (default: whatever the route to the gateway uses). */
  readonly localIp?: string;
  /** Local ports; 500 and 4500 as real clients use, an ephemeral port if taken. */
  readonly localPort?: number;
  readonly localNatTPort?: number;
  /** The gateway's ports (500 and 4500 unless a test's responder listens elsewhere). */
  readonly remotePort?: number;
  readonly remoteNatTPort?: number;
  readonly capture?: SessionCapture;
  readonly onDatagram: (d: Datagram) => void;
  /** A socket error (e.g. ICMP port unreachable as ECONNREFUSED): said, never thrown. */
  readonly onError: (message: string) => void;
}

const NON_ESP_MARKER = new Uint8Array(4);

async function openSocket(o: TransportOptions, localPort: number, remotePort: number): Promise<Socket> {
  const type = isIPv6(o.gateway) ? 'udp6' : 'udp4';
  const tryBind = (port: number) =>
    new Promise<Socket>((resolve, reject) => {
      const s = createSocket({ type, reuseAddr: false });
      s.once('error', reject);
      s.bind({ port, ...(o.localIp ? { address: o.localIp } : {}), exclusive: true }, () => {
        s.off('error', reject);
        resolve(s);
      });
    });
  let s: Socket;
  try {
    s = await tryBind(localPort);
  } catch {
    // The port is taken (a local IKE daemon, or a second endpoint): any port does, the
    // gateway answers to where the request came from (RFC 7296 §2.11).
    s = await tryBind(0);
  }
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.connect(remotePort, o.gateway, () => {
      s.off('error', reject);
      resolve();
    });
  });
  return s;
}

export class UdpTransport {
  private ikeSocket: Socket;
  private natT: Socket | undefined;
  private closed = false;

  private constructor(private readonly o: TransportOptions, socket: Socket) {
    this.ikeSocket = socket;
    this.listen(socket, false);
  }

  static async open(o: TransportOptions): Promise<UdpTransport> {
    return new UdpTransport(o, await openSocket(o, o.localPort ?? IKE_PORT, o.remotePort ?? IKE_PORT));
  }

  /** Whether IKE has moved to port 4500 (RFC 7296 §2.23). */
  get floated(): boolean {
    return this.natT !== undefined;
  }

  get local(): Addr {
    const a = (this.natT ?? this.ikeSocket).address();
    return { ip: a.address, port: a.port };
  }

  get remote(): Addr {
    const a = (this.natT ?? this.ikeSocket).remoteAddress();
    return { ip: a.address, port: a.port };
  }

  /** §2.23: "the initiator MUST ... switch to port 4500" once NAT is detected. */
  async float(): Promise<void> {
    if (this.natT) return;
    this.natT = await openSocket(this.o, this.o.localNatTPort ?? NAT_T_PORT, this.o.remoteNatTPort ?? NAT_T_PORT);
    this.listen(this.natT, true);
  }

  private listen(s: Socket, natT: boolean): void {
    s.on('error', (e) => this.o.onError(e.message));
    s.on('message', (msg, rinfo) => {
      if (this.closed) return;
      const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
      const a = s.address();
      this.o.capture?.record({ ip: rinfo.address, port: rinfo.port }, { ip: a.address, port: a.port }, bytes);
      if (!natT) {
        this.o.onDatagram({ kind: 'ike', bytes: Uint8Array.from(bytes) });
        return;
      }
      // RFC 3948 §2.2: one octet 0xFF is a keepalive; four zero octets (where an ESP SPI can
      // never be 0) mark IKE; anything else is ESP.
      if (bytes.length === 1 && bytes[0] === 0xff) this.o.onDatagram({ kind: 'keepalive' });
      else if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0) {
        this.o.onDatagram({ kind: 'ike', bytes: bytes.slice(4) });
      } else this.o.onDatagram({ kind: 'esp', bytes: Uint8Array.from(bytes) });
    });
  }

  private send(s: Socket, payload: Uint8Array): void {
    if (this.closed) return;
    const a = s.address();
    const r = s.remoteAddress();
    this.o.capture?.record({ ip: a.address, port: a.port }, { ip: r.address, port: r.port }, payload);
    s.send(payload, (e) => { if (e) this.o.onError(e.message); });
  }

  sendIke(message: Uint8Array): void {
    if (this.natT) {
      const out = new Uint8Array(4 + message.length);
      out.set(NON_ESP_MARKER);
      out.set(message, 4);
      this.send(this.natT, out);
    } else this.send(this.ikeSocket, message);
  }

  /** ESP is always UDP-encapsulated here (see endpoint/README.md: no raw sockets in Node). */
  sendEsp(packet: Uint8Array): void {
    if (this.natT) this.send(this.natT, packet);
  }

  sendKeepalive(): void {
    if (this.natT) this.send(this.natT, new Uint8Array([0xff]));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [this.ikeSocket, this.natT]) {
      try { s?.close(); } catch { /* already closed */ }
    }
  }
}
