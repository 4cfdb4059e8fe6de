/**
 * The in-process read-only pass the benchmark times: openCapture → decodeFrames →
 * SessionBuilder → report, with nothing rendered. Run as its own process so its peak RSS is its
 * own; prints one JSON line: the pipeline time (without Node's start-up) and what it counted.
 *
 *   node dist/bench/pass.js FILE
 */
import { statSync } from 'node:fs';
import { decodeFrames } from '../src/analysis/packets.js';
import { SessionBuilder } from '../src/analysis/sessions.js';
import { openCapture } from '../src/capture/index.js';
import type { Problem } from '../src/problem.js';

async function main(path: string): Promise<void> {
  const started = process.hrtime.bigint();
  const builder = new SessionBuilder();
  const late: Problem[] = [];
  let format = 'pcap';
  let compressed = false;
  let records = 0;
  for await (const ev of decodeFrames(openCapture(path))) {
    if (ev.kind === 'record') {
      records++;
      builder.add(ev.record);
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
  process.stdout.write(JSON.stringify({ ms, records, ikeSas: report.ikeSas.length, espSpis: report.esp.length, espPackets }) + '\n');
}

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node dist/bench/pass.js CAPTURE\n');
  process.exit(2);
}
main(path).catch((e: unknown) => {
  process.stderr.write(`pass: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
