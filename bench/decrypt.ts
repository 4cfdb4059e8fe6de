/**
 * The decryption benchmark (issue 3): ikescope next to tshark with ESP decryption and ICV
 * checks, on the same synthesized AES-CBC-128 + HMAC-SHA1-96 capture, in one run. See
 * bench/README.md.
 *
 *   node dist/bench/decrypt.js                      # 200,000 ESP frames, 3 runs each, memory check
 *   npm run bench -- --decrypt                      # the same through bench/run.ts
 *   node dist/bench/decrypt.js --frames 50000 --repeat 5 --no-memory
 *
 * Prints a table and writes bench/out/decrypt-results.json. Nothing passes or fails on a timing;
 * the run stops (exit 1) when a tool does not decrypt everything it should.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasGnuTime, measure, median, benchOptions, ROOT, type Subject, runInterleaved } from './measure.js';
import { synthesizeEncrypted, type EncryptedSynthResult } from './synth-encrypted.js';

const TSHARK_DECRYPT = ['-o', 'esp.enable_encryption_decode:TRUE', '-o', 'esp.enable_authentication_check:TRUE'];


/** The encrypted capture and its keys for `frames` ESP frames, made once and reused. */
async function capture(dir: string, frames: number, fresh: boolean): Promise<EncryptedSynthResult> {
  const path = join(dir, `esp-aes128-sha1-${frames}.pcap`);
  const meta = `${path}.json`;
  if (!fresh && existsSync(path) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as EncryptedSynthResult;
    if (statSync(path).size === m.bytes && existsSync(m.keys.all) && existsSync(m.keys.ikeOnly) && existsSync(join(m.keys.wireshark, 'esp_sa'))) return m;
  }
  const t = Date.now();
  process.stderr.write(`synthesizing ${relative(process.cwd(), path)} (${frames} ESP frames, sealed)… `);
  const r = await synthesizeEncrypted(path, { frames, keysDir: `${path.slice(0, -'.pcap'.length)}.keys` });
  process.stderr.write(`${(r.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  writeFileSync(meta, JSON.stringify(r, null, 2));
  return r;
}

/**
 * tshark really decrypts: one pass over the whole capture printing, per frame, the ESP SPI,
 * the ICV verdict and the IP protocols (outer and, when decrypted, inner). Every ESP frame must
 * say "ICV good" and carry an inner IPv4 packet.
 */
function verifyTshark(cap: EncryptedSynthResult): { espFrames: number; icvGood: number; icvBad: number; innerIp: number; ms: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync('tshark', ['-r', cap.path, ...TSHARK_DECRYPT, '-T', 'fields', '-e', 'esp.spi', '-e', 'esp.icv_good', '-e', 'esp.icv_bad', '-e', 'ip.proto'], {
    env: { ...process.env, WIRESHARK_CONFIG_DIR: cap.keys.wireshark }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`tshark verification exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  let espFrames = 0, icvGood = 0, icvBad = 0, innerIp = 0;
  for (const line of r.stdout.split('\n')) {
    const [spi, good, bad, proto] = line.split('\t');
    if (!spi) continue;
    espFrames++;
    if (good === '1' || good === 'True') icvGood++;
    if (bad === '1' || bad === 'True') icvBad++;
    if ((proto ?? '').split(',').length === 2) innerIp++;
  }
  return { espFrames, icvGood, icvBad, innerIp, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

/** OpenSSL's own speed at the capture's mean ESP size: what the crypto alone needs. */
function opensslBound(cap: EncryptedSynthResult): { aesGBps: number; hmacGBps: number; bytes: number; seconds: number } | null {
  const mean = Math.round(cap.esp.octets / cap.espFrames);
  const speed = (args: string[]): number | null => {
    const r = spawnSync('openssl', ['speed', '-elapsed', '-seconds', '1', '-bytes', String(mean), ...args], { encoding: 'utf8' });
    const m = r.status === 0 ? /^\S+\s+([\d.]+)k\s*$/m.exec(r.stdout.trim().split('\n').pop() ?? '') : null;
    return m ? Number(m[1]) * 1000 : null; // "in 1000s of bytes per second"
  };
  const aes = speed(['-decrypt', '-evp', 'aes-128-cbc']);
  const hmac = speed(['-hmac', 'sha1']);
  if (aes === null || hmac === null) return null;
  return { aesGBps: aes / 1e9, hmacGBps: hmac / 1e9, bytes: mean, seconds: cap.esp.ciphertext / aes + cap.esp.authenticated / hmac };
}

/** Records in a classic pcap file and their captured octets, by walking the record headers. */
function pcapRecords(path: string): { records: number; octets: number } {
  const fd = openSync(path, 'r');
  const size = statSync(path).size;
  const h = Buffer.alloc(16);
  let at = 24;
  let records = 0;
  let octets = 0;
  try {
    while (at + 16 <= size) {
      readSync(fd, h, 0, 16, at);
      const incl = h.readUInt32LE(8);
      records++;
      octets += incl;
      at += 16 + incl;
    }
  } finally {
    closeSync(fd);
  }
  return { records, octets };
}


interface Row {
  name: string;
  command: string;
  runs: { wallMs: number; cpuMs?: number; rssKb: number; pipelineMs?: number }[];
  wallMs: number;
  cpuMs: number | null;
  framesPerSec: number;
  mbPerSec: number;
  peakRssMb: number;
  /** tshark-with-decryption's time over this row's: above 1 is faster than tshark. */
  speedup: number | null;
  /** The same for CPU time (user + system), steadier than wall time on a busy machine. */
  cpuSpeedup: number | null;
  checked?: string;
  note?: string;
}

function subjects(cap: EncryptedSynthResult, tmp: string, emptyWs: string): Subject[] {
  const node = process.execPath;
  const cli = join(ROOT, 'bin/ikescope.js');
  const plain = { ...process.env, NO_COLOR: '1' };
  const report = (name: string) => join(tmp, `${name}.json`);
  const decrypted = join(tmp, 'decrypted.pcap');
  const analyzeCheck = (file: string) => (): string => {
    const r = JSON.parse(readFileSync(file, 'utf8')) as { esp: { packets: number; decrypted: number; icvFailures: number }[]; keys: { childSasDecrypted: number } };
    const packets = r.esp.reduce((n, e) => n + e.packets, 0);
    const opened = r.esp.reduce((n, e) => n + e.decrypted, 0);
    const icv = r.esp.reduce((n, e) => n + e.icvFailures, 0);
    if (packets !== cap.espFrames || opened !== cap.espFrames || icv !== 0 || r.esp.some((e) => e.decrypted !== e.packets)) {
      throw new Error(`${file}: ${opened} of ${packets} ESP packets decrypted (capture: ${cap.espFrames}), ${icv} ICV failures`);
    }
    return `${opened}/${cap.espFrames} ESP decrypted, 0 ICV failures`;
  };
  return [
    { name: 'tshark -r, ESP decryption + ICV check', cmd: 'tshark', args: ['-r', cap.path, ...TSHARK_DECRYPT], env: { ...process.env, WIRESHARK_CONFIG_DIR: cap.keys.wireshark }, ok: [0], reference: true },
    { name: 'tshark -r, no decryption (context)', cmd: 'tshark', args: ['-r', cap.path], env: { ...process.env, WIRESHARK_CONFIG_DIR: emptyWs }, ok: [0], context: true },
    {
      name: 'ikescope analyze --keys (ESP keys)', cmd: node, args: [cli, 'analyze', cap.path, '--keys', cap.keys.all, '--format', 'json', '--out', report('analyze-esp'), '--fail-on', 'never'], env: plain, ok: [0],
      check: analyzeCheck(report('analyze-esp')),
    },
    {
      name: 'ikescope analyze --keys (IKE keys only)', cmd: node, args: [cli, 'analyze', cap.path, '--keys', cap.keys.ikeOnly, '--format', 'json', '--out', report('analyze-ike'), '--fail-on', 'never'], env: plain, ok: [0],
      check: analyzeCheck(report('analyze-ike')),
    },
    { name: 'ikescope dump --keys --format jsonl', cmd: node, args: [cli, 'dump', cap.path, '--keys', cap.keys.all, '--format', 'jsonl'], env: plain, ok: [0] },
    {
      name: 'ikescope decrypt --keys -o FILE', cmd: node, args: [cli, 'decrypt', cap.path, '--keys', cap.keys.all, '-o', decrypted], env: plain, ok: [0],
      check: () => {
        const p = pcapRecords(decrypted);
        if (p.records !== cap.espFrames || p.octets !== cap.inner.octets) {
          throw new Error(`decrypt wrote ${p.records} packets / ${p.octets} octets; the capture sealed ${cap.espFrames} / ${cap.inner.octets}`);
        }
        return `${p.records} inner packets, ${p.octets} octets, as sealed`;
      },
    },
    {
      name: 'in-process pass --keys (ESP keys)', cmd: node, args: [join(ROOT, 'dist/bench/pass.js'), cap.path, '--keys', cap.keys.all], env: plain, ok: [0], inProcess: true,
      check: (r) => {
        const o = JSON.parse(r.stdout!) as { records: number; espPackets: number; decrypted: number; icvFailures: number; innerIpv4: number; innerOctets: number };
        if (o.records !== cap.frames || o.decrypted !== cap.espFrames || o.icvFailures !== 0 || o.innerIpv4 !== cap.espFrames || o.innerOctets !== cap.inner.octets) {
          throw new Error(`the in-process pass: ${JSON.stringify(o)}; the capture has ${cap.frames} frames, ${cap.espFrames} ESP, ${cap.inner.octets} inner octets`);
        }
        return `${o.decrypted}/${cap.espFrames} ESP decrypted, 0 ICV failures, ${o.innerOctets} inner octets as sealed`;
      },
    },
    { name: 'in-process pass, no keys (context)', cmd: node, args: [join(ROOT, 'dist/bench/pass.js'), cap.path], env: plain, ok: [0], inProcess: true, context: true },
  ];
}

function table(rows: Row[]): string {
  const head = ['', 'wall s', 'CPU s', 'frames/s', 'MB/s', 'peak RSS MB', 'vs tshark+decrypt', 'by CPU'];
  const body = rows.map((r) => [
    r.name,
    (r.wallMs / 1000).toFixed(2),
    r.cpuMs === null ? '—' : (r.cpuMs / 1000).toFixed(2),
    Math.round(r.framesPerSec).toLocaleString('en-US'),
    r.mbPerSec.toFixed(1),
    r.peakRssMb.toFixed(0),
    r.speedup === null ? '—' : `${r.speedup.toFixed(2)}×`,
    r.cpuSpeedup === null ? '—' : `${r.cpuSpeedup.toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function git(args: string[]): string | null {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export async function main(argv: string[]): Promise<void> {
  const o = benchOptions('decrypt.js', argv);
  mkdirSync(o.out, { recursive: true });
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('not built: run `npx tsc -p tsconfig.json` (npm run bench builds first)');
  const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  const tsharkVersion = tshark.status === 0 ? tshark.stdout.split('\n')[0]!.trim().replace(/\.$/, '') : null;
  const loadBefore = loadavg()[0]!;
  const tmp = mkdtempSync(join(tmpdir(), 'ikescope-bench-decrypt-'));
  const emptyWs = join(tmp, 'wireshark-empty');
  mkdirSync(emptyWs);
  writeFileSync(join(emptyWs, 'preferences'), '');

  const cap = await capture(o.out, o.frames, o.fresh);
  const mb = cap.bytes / 1e6;
  process.stderr.write(`capture: ${cap.frames} frames (${cap.espFrames} ESP on SPIs ${cap.spis.join(', ')}, ${cap.ikeFrames} IKE), ${mb.toFixed(1)} MB, ESP ${cap.algorithms.esp}\n`);

  let tsharkCheck: ReturnType<typeof verifyTshark> | null = null;
  if (tsharkVersion) {
    tsharkCheck = verifyTshark(cap);
    const t = tsharkCheck;
    process.stderr.write(`tshark decrypts: ${t.espFrames} ESP frames, ICV good ${t.icvGood}, bad ${t.icvBad}, inner IP dissected ${t.innerIp} (${(t.ms / 1000).toFixed(1)} s)\n`);
    if (t.espFrames !== cap.espFrames || t.icvGood !== cap.espFrames || t.icvBad !== 0 || t.innerIp !== cap.espFrames) {
      throw new Error('tshark does not decrypt every ESP frame with these keys: its row would not be the reference issue 3 asks for');
    }
  }
  const bound = opensslBound(cap);
  if (bound) process.stderr.write(`openssl speed at ${bound.bytes} octets: AES-128-CBC decrypt ${bound.aesGBps.toFixed(2)} GB/s, HMAC-SHA1 ${bound.hmacGBps.toFixed(2)} GB/s → ${bound.seconds.toFixed(3)} s for this capture's ESP\n`);
  process.stderr.write(`peak RSS and CPU from ${hasGnuTime ? 'GNU time' : '/proc/PID/status VmHWM (no CPU time)'}; ${o.repeat} runs each, interleaved, median\n`);

  const list = subjects(cap, tmp, emptyWs).filter((s) => s.cmd !== 'tshark' || tsharkVersion !== null);
  const checked = new Map<string, string>();
  const runs = await runInterleaved(list, o.repeat, cap, checked);

  const rows: Row[] = list.map((s) => {
    const rs = runs.get(s.name)!;
    // The in-process pass is timed inside its process: start-up excluded, that is its point.
    const wallMs = median(rs.map((r) => r.pipelineMs ?? r.wallMs));
    const cpu = rs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
    return {
      name: s.name,
      command: [s.cmd === process.execPath ? 'node' : s.cmd, ...s.args.map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a))].join(' '),
      runs: rs,
      wallMs,
      cpuMs: cpu.length && !s.inProcess ? median(cpu) : null,
      framesPerSec: cap.frames / (wallMs / 1000),
      mbPerSec: mb / (wallMs / 1000),
      peakRssMb: median(rs.map((r) => r.rssKb)) / 1024,
      speedup: null,
      cpuSpeedup: null,
      checked: checked.get(s.name),
      note: s.inProcess ? 'time measured inside the process (no Node start-up); CPU time left out (it includes start-up)' : undefined,
    };
  });
  const refIndex = list.findIndex((s) => s.reference);
  const ref = refIndex >= 0 ? rows[refIndex] : undefined;
  for (const r of rows) {
    r.speedup = ref ? ref.wallMs / r.wallMs : null;
    r.cpuSpeedup = ref?.cpuMs && r.cpuMs ? ref.cpuMs / r.cpuMs : null;
  }

  let memory: Record<string, unknown> | undefined;
  if (o.memory) {
    const big = await capture(o.out, o.frames * 4, o.fresh);
    const rowsForMemory = list.filter((s) => s.name.startsWith('ikescope analyze --keys (ESP') || s.name.startsWith('ikescope decrypt'));
    const at = async (s: Subject, c: EncryptedSynthResult) => {
      const args = s.args.map((a) => (a === cap.path ? c.path : a === cap.keys.all ? c.keys.all : a));
      const r = await measure(s.cmd, args, s.env);
      if (!s.ok.includes(r.status)) throw new Error(`${s.name} on ${c.path} exited ${r.status}: ${r.stderr.trim()}`);
      return { frames: c.frames, mb: c.bytes / 1e6, wallMs: r.wallMs, peakRssMb: r.rssKb / 1024 };
    };
    const out: Record<string, unknown>[] = [];
    for (const s of rowsForMemory) {
      const small = await at(s, cap);
      const large = await at(s, big);
      out.push({ name: s.name, small, large, rssRatio: large.peakRssMb / small.peakRssMb });
      process.stderr.write(`  memory ${s.name}: ${small.peakRssMb.toFixed(0)} MB → ${large.peakRssMb.toFixed(0)} MB at 4×\n`);
    }
    memory = { commands: out };
  }

  const results = {
    schema: 'ikescope.bench-decrypt/1',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, tshark: tsharkVersion, rss: hasGnuTime ? 'GNU time %M' : '/proc VmHWM', loadAverage: { before: loadBefore, after: loadavg()[0]! } },
    tree: { commit: git(['rev-parse', 'HEAD']), srcModified: (git(['status', '--porcelain', '--', 'src', 'cli']) ?? '').split('\n').filter(Boolean) },
    capture: { path: relative(ROOT, cap.path), frames: cap.frames, espFrames: cap.espFrames, ikeFrames: cap.ikeFrames, bytes: cap.bytes, spis: cap.spis, algorithms: cap.algorithms, inner: cap.inner, esp: cap.esp },
    tsharkCheck,
    opensslBound: bound,
    repeat: o.repeat,
    rows,
    memory: memory ?? null,
  };
  writeFileSync(join(o.out, 'decrypt-results.json'), JSON.stringify(results, null, 2) + '\n');
  rmSync(tmp, { recursive: true, force: true });

  const out: string[] = [];
  out.push(`ikescope vs tshark, decrypting — ${cap.frames.toLocaleString('en-US')} frames, ${mb.toFixed(1)} MB of ESP ${cap.algorithms.esp} (${relative(process.cwd(), cap.path)}), median of ${o.repeat}`);
  out.push(`${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${tsharkVersion ?? 'tshark not installed'}; tree ${results.tree.commit?.slice(0, 7) ?? '?'}${results.tree.srcModified.length ? ` + ${results.tree.srcModified.length} uncommitted file(s) in src/ cli/` : ''}`);
  out.push('');
  out.push(table(rows));
  // tshark runs on one thread: wall time well above its CPU time means it waited for a CPU.
  const load = results.machine.loadAverage;
  if (ref?.cpuMs && ref.wallMs > 1.15 * ref.cpuMs) {
    out.push(`(the machine was busy: tshark's wall time was ${(ref.wallMs / ref.cpuMs).toFixed(2)}× its CPU time; 1-minute load average ${load.before.toFixed(1)} before, ` +
      `${load.after.toFixed(1)} after, on ${cpus().length} CPUs — trust the CPU columns more than wall time)`);
  }
  out.push('');
  out.push('vs tshark+decrypt: the wall time of `tshark -r FILE -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE`');
  out.push('divided by the row\'s (above 1 is faster; issue 3 aims for ≥ 10× with flat memory); by CPU: the same with user + system CPU time.');
  out.push('In-process rows: the pipeline alone, timed inside the process.');
  out.push('');
  out.push('correctness:');
  if (tsharkCheck) out.push(`  tshark: ${tsharkCheck.icvGood}/${cap.espFrames} ESP frames "ICV good", ${tsharkCheck.icvBad} bad, ${tsharkCheck.innerIp} with the inner IP dissected`);
  for (const r of rows) if (r.checked) out.push(`  ${r.name}: ${r.checked}`);
  if (bound) out.push(`crypto bound: openssl speed at ${bound.bytes} octets (the mean ESP packet): AES-128-CBC decrypt ${bound.aesGBps.toFixed(1)} GB/s, HMAC-SHA1 ${bound.hmacGBps.toFixed(2)} GB/s → ${bound.seconds.toFixed(2)} s for this capture (one core)`);
  if (memory) {
    out.push('memory (peak RSS, capture vs 4× the capture):');
    for (const m of (memory as { commands: { name: string; small: { frames: number; peakRssMb: number; wallMs: number }; large: { frames: number; peakRssMb: number; wallMs: number }; rssRatio: number }[] }).commands) {
      out.push(`  ${m.name}: ${m.small.frames.toLocaleString('en-US')} frames → ${m.small.peakRssMb.toFixed(0)} MB (${(m.small.wallMs / 1000).toFixed(1)} s); ` +
        `${m.large.frames.toLocaleString('en-US')} frames → ${m.large.peakRssMb.toFixed(0)} MB (${(m.large.wallMs / 1000).toFixed(1)} s); ratio ${m.rssRatio.toFixed(2)}`);
    }
  }
  out.push(`results: ${relative(process.cwd(), join(o.out, 'decrypt-results.json'))}`);
  process.stdout.write(out.join('\n') + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
