import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ProgressBar, progressText } from './progress-bar.js';

const p = { bytes: 2_500_000, total: 10_000_000, frames: 4321, ikeSas: 3, keysMatched: 2, elapsedMs: 100 };

describe('ProgressBar', () => {
  it('shows percent, bytes, frames, IKE_SAs and how many the keys opened while loading', () => {
    expect(progressText(p, false)).toBe(' 25% 2.5 MB of 10.0 MB, 4321 frames, 3 IKE_SA(s), 2 decrypted');
    const f = render(<ProgressBar progress={p} done={false} width={100} />).lastFrame()!;
    expect(f).toContain('loading  25%');
    const full = f.match(/█/g)!.length;
    const empty = f.match(/░/g)!.length;
    expect(full / (full + empty)).toBeCloseTo(0.25, 1);
    expect(f).toMatch(/█+░+ loading/);
  });

  it('says loaded at 100% when done', () => {
    const f = render(<ProgressBar progress={p} done width={100} />).lastFrame()!;
    expect(f).toContain('loaded 100%');
    expect(f).not.toContain('░');
  });
});
