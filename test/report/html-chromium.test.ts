/**
 * The HTML report in Debian's headless Chromium: it opens with no console error (a control page
 * with a script error shows the check sees them), the screenshot is a real picture, and the
 * timeline drew — a page with the SVG alone has the CHILD_SA bars' blue and the IKE_SA bar in
 * its state colour where the lanes are. Without chromium the test fails under
 * IKESCOPE_REQUIRE_LAB=1 (CI) and is skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/run.js';
import { renderHtml } from '../../src/report/html.js';
import { renderTimelineSvg } from '../../src/report/timeline-svg.js';
import { CAPTURES, ROOT } from '../helpers/cli.js';
import { reportOf } from '../helpers/lint.js';
import { labRequired } from '../helpers/tshark.js';
import { countPixels, decodePng } from './png.js';

const chromiumMissing = (): string | undefined =>
  spawnSync('chromium', ['--version'], { encoding: 'utf8' }).status === 0 ? undefined : 'chromium is not installed (run lab/install)';
const missing = chromiumMissing();
if (missing && labRequired()) {
  describe('HTML report in headless Chromium', () => { it('needs chromium', () => { throw new Error(`${missing}; IKESCOPE_REQUIRE_LAB=1 makes this a failure`); }); });
}

/** Screenshots a file; returns the PNG path and the console lines Chromium logged. */
function screenshot(html: string, out: string, size = '1200,900'): { png: string; console: string[] } {
  const png = out;
  const profile = mkdtempSync(join(tmpdir(), 'ikescope-chromium-'));
  const r = spawnSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0',
    `--screenshot=${png}`, `--window-size=${size}`, `file://${html}`,
  ], { encoding: 'utf8', timeout: 60_000 });
  const lines = (r.stderr ?? '').split('\n');
  return { png, console: lines.filter((l) => /:CONSOLE|Uncaught|Refused to|net::ERR_/i.test(l)) };
}

describe.skipIf(missing !== undefined)('HTML report in headless Chromium', () => {
  const dir = join(ROOT, 'dist', 'report-screenshots');
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'ikescope-html-'));

  it('the console check sees a page\'s errors (control)', () => {
    const bad = join(work, 'bad.html');
    writeFileSync(bad, '<!DOCTYPE html><html><body><script>console.error("control-error"); missingFunction();</script></body></html>');
    const shot = screenshot(bad, join(work, 'bad.png'));
    expect(shot.console.join('\n')).toContain('control-error');
    expect(shot.console.join('\n')).toContain('missingFunction');
  });

  for (const name of ['child-rekey', 'mobike-move', 'ike-rekey', 'gw-child-rekey-behind-nat']) {
    it(`${name}: opens without errors; the screenshot shows the timeline`, async () => {
      const r = lint(await reportOf(join(CAPTURES, `${name}.pcap`), [join(CAPTURES, `${name}.gateway.log`)]));
      const page = join(work, `${name}.html`);
      writeFileSync(page, renderHtml(r));
      const full = screenshot(page, join(dir, `${name}.png`));
      expect(full.console, name).toEqual([]);
      expect(existsSync(full.png)).toBe(true);
      expect(statSync(full.png).size).toBeGreaterThan(20_000);
      const img = decodePng(readFileSync(full.png));
      expect([img.width, img.height]).toEqual([1200, 900]);
      // Something besides white: text, tables, the verdict badge, the timeline.
      expect(countPixels(img, (R, G, B) => R < 240 || G < 240 || B < 240)).toBeGreaterThan(20_000);

      // The timeline alone: its bars must be there, in the lane area.
      const only = join(work, `${name}-svg.html`);
      writeFileSync(only, `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body>${renderTimelineSvg(r)}</body></html>`);
      const svgShot = screenshot(only, join(dir, `${name}-timeline.png`), '1200,400');
      expect(svgShot.console).toEqual([]);
      const svg = decodePng(readFileSync(svgShot.png));
      const childBlue = countPixels(svg, (R, G, B) => B > 200 && R < 140 && G > 120 && G < 200); // #42a5f5 over white
      const espDark = countPixels(svg, (R, G, B) => B > 120 && R < 40 && G < 100); // #0d47a1 / #1565c0
      const children = r.ikeSas.reduce((n, s) => n + s.childSas.length, 0);
      expect(childBlue, `${name}: CHILD_SA bars`).toBeGreaterThan(children * 300);
      expect(espDark, `${name}: ESP activity and outlines`).toBeGreaterThan(100);
      // An empty report draws no bars: the colour counts above come from the bars.
      const empty = join(work, `${name}-empty.html`);
      writeFileSync(empty, `<!DOCTYPE html><html><body style="margin:0">${renderTimelineSvg({ ...r, ikeSas: [], findings: [] })}</body></html>`);
      const emptyImg = decodePng(readFileSync(screenshot(empty, join(work, `${name}-empty.png`), '1200,400').png));
      expect(countPixels(emptyImg, (R, G, B) => B > 200 && R < 140 && G > 120 && G < 200)).toBe(0);
    });
  }
});
