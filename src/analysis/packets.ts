/**
 * The decode stage of the pipeline: capture events in, one record per frame out, with the
 * network decode and the IKE or ESP header decode. Everything later (dump, analysis, reports)
 * reads these records; nothing re-parses packets.
 */
import type { CaptureEvent, CaptureInfo } from '../capture/frame.js';
import { parseEsp, type EspPacket } from '../esp/header.js';
import { parseHeader, type IkeHeader } from '../ikev2/header.js';
import { parseMessage, type IkeMessage } from '../ikev2/message.js';
import { NetDecoder, type NetOptions, type NetPacket } from '../net/decoder.js';
import type { Problem } from '../problem.js';

export type IkeDecode =
  | { readonly version: 2; readonly message: IkeMessage; readonly nonEspMarker: boolean }
  /** IKEv1 (ISAKMP): recognised by its major version and labelled, not decoded further. */
  | { readonly version: 1; readonly header: IkeHeader; readonly nonEspMarker: boolean }
  /** Not even the header decoded. */
  | { readonly version: 0; readonly nonEspMarker: boolean };

export interface FrameRecord {
  readonly frame: number;
  readonly sec: number;
  readonly nsec: number;
  /** Length on the wire. */
  readonly length: number;
  readonly net: NetPacket;
  readonly ike?: IkeDecode;
  readonly esp?: EspPacket & { readonly udpEncapsulated: boolean };
  readonly problems: readonly Problem[];
}

export type PipelineEvent =
  | { readonly kind: 'info'; readonly info: CaptureInfo }
  | { readonly kind: 'record'; readonly record: FrameRecord }
  /** Problems of the file itself, or found at the end of the capture. */
  | { readonly kind: 'problem'; readonly problem: Problem };

function decodeIke(bytes: Uint8Array, nonEspMarker: boolean, frame: number, problems: Problem[]): IkeDecode {
  const header = parseHeader(bytes);
  if (!header.ok) {
    problems.push({ code: 'decode/malformed', frame, offset: header.offset, message: `IKE: ${header.reason}` });
    return { version: 0, nonEspMarker };
  }
  if (header.value.majorVersion === 1) return { version: 1, header: header.value, nonEspMarker };
  const m = parseMessage(bytes);
  if (!m.ok) {
    problems.push({ code: 'decode/malformed', frame, offset: m.offset, message: `IKE: ${m.reason}` });
    return { version: 0, nonEspMarker };
  }
  if (m.value.malformed) {
    problems.push({ code: 'decode/malformed', frame, offset: m.value.malformed.offset, message: `IKE: ${m.value.malformed.reason}` });
  }
  return { version: 2, message: m.value, nonEspMarker };
}

export async function* decodeFrames(events: AsyncIterable<CaptureEvent>, opts: NetOptions = {}): AsyncGenerator<PipelineEvent> {
  const net = new NetDecoder(opts);
  for await (const ev of events) {
    if (ev.kind !== 'frame') {
      yield ev;
      continue;
    }
    const f = ev.frame;
    const packet = net.decode(f);
    // The net decoder's list is this frame's own: extend it rather than copy it.
    const problems = packet.problems as Problem[];
    let ike: IkeDecode | undefined;
    let esp: FrameRecord['esp'];
    const c = packet.content;
    if (c.kind === 'ike') {
      ike = decodeIke(c.bytes, c.nonEspMarker, f.number, problems);
    } else if (c.kind === 'esp') {
      const e = parseEsp(c.bytes);
      if (e.ok) esp = { spi: e.value.spi, seq: e.value.seq, body: e.value.body, length: e.value.length, udpEncapsulated: c.udpEncapsulated };
      else problems.push({ code: 'decode/malformed', frame: f.number, offset: e.offset, message: `ESP: ${e.reason}` });
    }
    yield { kind: 'record', record: { frame: f.number, sec: f.sec, nsec: f.nsec, length: f.originalLength, net: packet, ike, esp, problems } };
  }
  for (const problem of net.finish()) yield { kind: 'problem', problem };
}
