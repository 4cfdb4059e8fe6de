/**
 * The in-process pass the benchmark times: openCapture → decodeFrames → SessionBuilder →
 * report, with nothing rendered. Run as its own process so its peak RSS is its own; prints one
 * JSON line: the pipeline time (without Node's start-up) and what it counted.
 *
 *   node dist/bench/pass.js FILE                  # read-only (bench/run.ts)
 *   node dist/bench/pass.js FILE --keys KEYS…     # with decryption (bench/decrypt.ts)
 *
 * With keys, the time includes loading them, and the line also gives the ESP packets opened,
 * ICV failures, and the inner IPv4 packets with their octets (from the builder's per-frame
 * notes), which the benchmark compares with what it sealed.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeFrames } from '../src/analysis/packets.js';
import { SessionBuilder } from '../src/analysis/sessions.js';
import { openCapture } from '../src/capture/index.js';
import { loadKeys } from '../src/keys/index.js';
import type { Problem } from '../src/problem.js';

async function main(path: string, keyFiles: string[]): Promise<void> {
  const started = process.hrtime.bigint();
  let builder: SessionBuilder;
  if (keyFiles.length) {
    const { store, problems } = await loadKeys(keyFiles);
    if (problems.length) throw new Error(`keys: ${problems.map((p) => p.message).join('; ')}`);
    builder = new SessionBuilder({ keys: store });
  } else {
    builder = new SessionBuilder();
  }
  const late: Problem[] = [];
  let format = 'pcap';
  let compressed = false;
  let records = 0;
  let innerIpv4 = 0;
  let innerOctets = 0;
  for await (const ev of decodeFrames(openCapture(path))) {
    if (ev.kind === 'record') {
      records++;
      const notes = builder.add(ev.record);
      if (notes.esp?.nextHeader === 4) {
        innerIpv4++;
        innerOctets += notes.esp.payload.length;
      }
    } else if (ev.kind === 'info') {
      format = ev.info.format;
      compressed = ev.info.compressed;
    } else if (ev.problem.fatal) {
      throw new Error(ev.problem.message);
    } else {
      late.push(ev.problem);
    }
  }
  const report = builder.finish({ path, format, compressed, bytes: statSync(path).size }, late);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const espPackets = report.esp.reduce((n, e) => n + e.packets, 0);
  const line: Record<string, unknown> = { ms, records, ikeSas: report.ikeSas.length, espSpis: report.esp.length, espPackets };
  if (keyFiles.length) {
    line.decrypted = report.esp.reduce((n, e) => n + e.decrypted, 0);
    line.icvFailures = report.esp.reduce((n, e) => n + e.icvFailures, 0);
    line.innerIpv4 = innerIpv4;
    line.innerOctets = innerOctets;
  }
  process.stdout.write(JSON.stringify(line) + '\n');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { keys: { type: 'string', multiple: true } } });
if (positionals.length !== 1) {
  process.stderr.write('usage: node dist/bench/pass.js CAPTURE [--keys FILE]…\n');
  process.exit(2);
}
main(positionals[0]!, values.keys ?? []).catch((e: unknown) => {
  process.stderr.write(`pass: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
