/**
 * tshark as the oracle: runs tshark 4 on a capture and reduces its PDML to the per-frame fields
 * that `ikescope dump --format jsonl` must agree with. PDML nests fields by two spaces per
 * level, which tells an IKE message's own payloads from those nested inside them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TsharkFrame {
  frame: number;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  ike?: {
    ispi: string; rspi: string; exchangeType: number; mid: number; flags: number; payloadTypes: number[]; version: number;
    /** With keys: the decrypted inner payload types, and the ICV verdict ("correct", …). */
    inner?: number[]; icv?: string;
  };
  esp?: { spi: string; seq: number; inner?: { src?: string; dst?: string; icmpType?: number; id?: number; seq?: number } };
  keepalive?: boolean;
}

export function tsharkAvailable(): string | undefined {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'tshark is not installed (run lab/install)';
}

/** Whether a test that needs tshark or the lab must fail instead of skipping. */
export const labRequired = (): boolean => process.env.IKESCOPE_REQUIRE_LAB === '1';

const attr = (line: string, name: string): string | undefined => {
  const m = new RegExp(` ${name}="([^"]*)"`).exec(line);
  return m ? m[1] : undefined;
};

/**
 * @param prefs extra `-o` preferences, e.g. to point tshark at key tables.
 * @param configDir a WIRESHARK_CONFIG_DIR to use; an empty one by default so the user's own
 *   preferences never change the oracle.
 */
export function tsharkFrames(capture: string, prefs: string[] = [], configDir?: string): TsharkFrame[] {
  const dir = configDir ?? mkdtempSync(join(tmpdir(), 'ikescope-ws-'));
  if (!configDir) writeFileSync(join(dir, 'preferences'), '');
  const args = ['-r', capture, '-T', 'pdml', ...prefs.flatMap((p) => ['-o', p])];
  const pdml = execFileSync('tshark', args, {
    encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, WIRESHARK_CONFIG_DIR: dir }, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const frames: TsharkFrame[] = [];
  let cur: TsharkFrame | undefined;
  let proto = '';
  let ikeDepth = -1;
  let ike: NonNullable<TsharkFrame['ike']> | undefined;
  let containedDepth = -1;
  /** Indent of a top-level SKF payload: its reassembled message is listed right under it. */
  let skfDepth = -1;
  let reassembled = false;
  for (const line of pdml.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const t = line.trimStart();
    if (t.startsWith('<packet>')) { cur = { frame: 0 }; frames.push(cur); ike = undefined; containedDepth = -1; skfDepth = -1; reassembled = false; continue; }
    if (!cur) continue;
    if (t.startsWith('<proto ')) {
      proto = attr(t, 'name') ?? '';
      // The IP packet inside a decrypted ESP packet comes as a second ip/ipv6 tree.
      if (cur.esp && (proto === 'ip' || proto === 'ipv6')) { cur.esp.inner = {}; proto = `inner-${proto}`; }
      if (proto === 'isakmp' && !cur.ike) {
        ike = { ispi: '', rspi: '', exchangeType: -1, mid: -1, flags: -1, payloadTypes: [], version: 0 };
        cur.ike = ike;
        ikeDepth = indent;
      } else if (proto === 'isakmp') {
        ike = undefined; // a second isakmp tree in one frame is not expected; keep the first
      }
      continue;
    }
    if (!t.startsWith('<field ')) continue;
    const name = attr(t, 'name');
    const show = attr(t, 'show') ?? '';
    const value = attr(t, 'value') ?? '';
    const inner = cur.esp?.inner;
    if (inner) {
      switch (name) {
        case 'ip.src': case 'ipv6.src': if (proto.startsWith('inner-')) inner.src ??= show; break;
        case 'ip.dst': case 'ipv6.dst': if (proto.startsWith('inner-')) inner.dst ??= show; break;
        case 'icmp.type': case 'icmpv6.type': inner.icmpType ??= Number(show); break;
        case 'icmp.ident': case 'icmpv6.echo.identifier': inner.id ??= Number(show); break;
        case 'icmp.seq': case 'icmpv6.echo.sequence_number': inner.seq ??= Number(show); break;
      }
    }
    switch (name) {
      case 'frame.number': cur.frame = Number(show); break;
      case 'ip.src': case 'ipv6.src': if (proto === 'ip' || proto === 'ipv6') cur.src ??= show; break;
      case 'ip.dst': case 'ipv6.dst': if (proto === 'ip' || proto === 'ipv6') cur.dst ??= show; break;
      case 'udp.srcport': if (proto === 'udp') cur.sport ??= Number(show); break;
      case 'udp.dstport': if (proto === 'udp') cur.dport ??= Number(show); break;
      case 'esp.spi': if (proto === 'esp') cur.esp = { spi: value.padStart(8, '0'), seq: cur.esp?.seq ?? -1 }; break;
      case 'esp.sequence': if (proto === 'esp' && cur.esp) cur.esp.seq = Number(show); break;
      case 'isakmp.ike.nat_keepalive': case 'udpencap.nat_keepalive': cur.keepalive = true; break;
    }
    // The ICV comes after the decrypted payloads, which may have opened an EAP tree (proto eap).
    // Its verdict is the showname's last bracket: "… <HMAC_SHA2_256_128 [RFC4868]>[correct]".
    if (ike && name === 'isakmp.enc.icd') { ike.icv = /\[(\w+)\]$/.exec(attr(t, 'showname') ?? '')?.[1]; continue; }
    if (!ike || proto !== 'isakmp') continue;
    // "Decrypted Data" holds "Contained Data" only when the chain is not empty (an empty
    // INFORMATIONAL response decrypts to nothing but padding).
    if (name === 'isakmp.enc.decrypted') { ike.inner = []; continue; }
    if (name === 'isakmp.enc.contained') { containedDepth = indent; continue; }
    // RFC 7383 reassembly: after "isakmp.fragments", the whole message's payloads follow as
    // children of the last fragment's SKF payload.
    if (name === 'isakmp.fragments' && skfDepth >= 0) { reassembled = true; containedDepth = -1; ike.inner = []; continue; }
    if (name === 'isakmp.typepayload' && reassembled && indent === skfDepth + 2) { ike.inner!.push(Number(show)); continue; }
    if (name === 'isakmp.typepayload' && containedDepth >= 0 && indent === containedDepth + 2) { ike.inner!.push(Number(show)); continue; }
    const top = indent === ikeDepth + 2;
    if (!top) continue;
    switch (name) {
      case 'isakmp.ispi': ike.ispi = value; break;
      case 'isakmp.rspi': ike.rspi = value; break;
      case 'isakmp.version': ike.version = parseInt(value, 16) >> 4; break;
      case 'isakmp.exchangetype': ike.exchangeType = Number(show); break;
      case 'isakmp.messageid': ike.mid = parseInt(value, 16); break;
      case 'isakmp.flags': ike.flags = parseInt(value, 16); break;
      case 'isakmp.typepayload':
        ike.payloadTypes.push(Number(show));
        if (show === '53') skfDepth = indent;
        break;
    }
  }
  // A keepalive frame has an isakmp tree holding only the keepalive marker.
  for (const f of frames) if (f.keepalive) delete f.ike;
  return frames;
}
