/**
 * A describe block that needs the lab (and, if asked, tshark): where they cannot run it skips
 * with the reason, or fails under IKESCOPE_REQUIRE_LAB=1 (CI), as DESIGN.md asks of lab tests.
 */
import { describe, it } from 'vitest';
import { labAvailable } from '../../lab/lab.js';
import { labRequired, tsharkAvailable } from './tshark.js';

export function labSuite(name: string, body: () => void, o: { tshark?: boolean } = {}): void {
  const lab = labAvailable();
  const why = !lab.ok ? `the lab cannot run here (${lab.reason})` : o.tshark ? tsharkAvailable() : undefined;
  if (why === undefined) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    if (labRequired()) it('can run (IKESCOPE_REQUIRE_LAB=1)', () => { throw new Error(`the lab is required here but cannot run: ${why}`); });
    else it.skip(`skipped: ${why}`, () => {});
  });
}
