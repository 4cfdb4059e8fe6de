/**
 * Progress on stderr while a long capture streams, only when stderr is a terminal, so pipes
 * and CI logs stay clean. Redraws at most ten times a second.
 */
export interface Progress {
  update(bytes: number, total: number, frames: number): void;
  done(): void;
}

const NONE: Progress = { update() {}, done() {} };

export function progressOnStderr(label: string): Progress {
  const err = process.stderr;
  if (!err.isTTY || process.env.CI) return NONE;
  let last = 0;
  let shown = false;
  const started = Date.now();
  return {
    update(bytes, total, frames) {
      const now = Date.now();
      // Small files finish before anyone could read a progress line.
      if (now - last < 100 || now - started < 300) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.min(100, (100 * bytes) / total) : 0;
      const mb = (bytes / 1e6).toFixed(1);
      const rate = Math.round(frames / ((now - started) / 1000));
      err.write(`\r${label}: ${pct.toFixed(0).padStart(3)}%  ${mb} MB  ${frames} frames  ${rate} frames/s \x1b[K`);
    },
    done() {
      if (shown) err.write('\r\x1b[K');
    },
  };
}
