/**
 * Waits `ms` milliseconds, or less when `abort` fires: a wait that Ctrl-C or a stopping run
 * cuts short resolves (the caller then sees the signal), it does not reject as
 * node:timers/promises does.
 */
export function sleep(ms: number, abort?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (abort?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); abort?.removeEventListener('abort', done); resolve(); }
    abort?.addEventListener('abort', done);
  });
}
