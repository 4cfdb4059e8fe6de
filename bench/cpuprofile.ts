/**
 * Sums a V8 .cpuprofile (from `node --cpu-prof`): self and inclusive time per function, with
 * the function's place in the TypeScript source (through dist's .js.map files), and self time
 * per line of the compiled JavaScript.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/pass.js CAPTURE --keys KEYS
 *   node dist/bench/cpuprofile.js /tmp/prof [top=25]
 *
 * Caveat for the per-line table: V8 reports the ticks of a function inlined into another under
 * the outer function's script, at the inlined function's own line numbers; a line that makes
 * no sense in the file named is usually a line of a callee's file (the per-function table is
 * right either way, but inlined callees' self time counts as their caller's there too).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[]; positionTicks?: { line: number; ticks: number }[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const maps = new Map<string, SourceMap | null>();

function sourceMap(path: string): SourceMap | null {
  if (!maps.has(path)) maps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : null);
  return maps.get(path)!;
}

/** "src/esp/decrypt.ts:73" for a 0-based line/column in a dist file; the script itself otherwise. */
function where(url: string, line: number, column: number): string {
  if (!url.startsWith('file://')) return url ? `${url}:${line + 1}` : '(native)';
  const path = fileURLToPath(url);
  const e = sourceMap(path)?.findEntry(line, column);
  if (e && 'originalSource' in e && e.originalSource) {
    const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : resolve(dirname(path), e.originalSource);
    return `${relative(ROOT, src)}:${e.originalLine + 1}`;
  }
  return `${relative(ROOT, path)}:${line + 1}`;
}

function main(): void {
  const arg = process.argv[2];
  const top = Number(process.argv[3] ?? 25);
  if (!arg) {
    process.stderr.write('usage: node dist/bench/cpuprofile.js PROFILE.cpuprofile|DIR [top]\n');
    process.exit(2);
  }
  const file = statSync(arg).isDirectory()
    ? join(arg, readdirSync(arg).filter((f) => f.endsWith('.cpuprofile')).sort().pop() ?? '')
    : arg;
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    total += d;
    selfUs.set(id, (selfUs.get(id) ?? 0) + d);
  });
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber)}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, us] of selfUs) {
    self.set(label(byId.get(id)!), (self.get(label(byId.get(id)!)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      incl.set(l, (incl.get(l) ?? 0) + us);
    }
  }
  // Per JS line: positionTicks count samples; spread the profile's mean interval over them.
  const ticks = p.samples.length;
  const perTick = total / Math.max(1, ticks);
  const lines = new Map<string, number>();
  for (const n of p.nodes) {
    for (const t of n.positionTicks ?? []) {
      const url = n.callFrame.url.startsWith('file://') ? relative(ROOT, fileURLToPath(n.callFrame.url)) : n.callFrame.url;
      const k = `${url}:${t.line}  [${n.callFrame.functionName || '(anonymous)'}]`;
      lines.set(k, (lines.get(k) ?? 0) + t.ticks * perTick);
    }
  }
  const print = (title: string, m: Map<string, number>) => {
    process.stdout.write(`${title}\n`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`);
    }
  };
  process.stdout.write(`${relative(process.cwd(), file)}: ${(total / 1000).toFixed(0)} ms sampled\n\n`);
  print('self time per function (TypeScript place of the function)', self);
  process.stdout.write('\n');
  print('inclusive time per function', incl);
  process.stdout.write('\n');
  print('self time per compiled line (see the caveat on inlining in bench/cpuprofile.ts)', lines);
}

main();
