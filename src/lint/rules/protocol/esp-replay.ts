/** protocol/esp-replay: an ESP sequence number seen twice on one SPI. */
import type { Rule } from '../../rule.js';
import { ownerOf } from './esp-owner.js';

export const espReplay: Rule = {
  id: 'protocol/esp-replay',
  severity: 'warning',
  title: 'ESP packets repeated a sequence number (replay)',
  explanation: 'The sender MUST increment the sequence number for every packet of an SA and the receiver drops a number it has already accepted (RFC 4303 §3.3.3, §3.4.3 anti-replay window). A repeated number is a replay attack, a sender whose counter was reset without a new SA (e.g. an HA failover without sequence sync, RFC 6311), or the capture seeing the same packet twice (two interfaces, a SPAN of both directions) — check the frames before blaming the peer. The report counts replays per SPI; it does not list each repeated packet.',
  fix: 'If the capture is clean (one interface), the sender reuses numbers: on HA clusters synchronise ESP sequence numbers (strongSwan `ha` plugin; vendor equivalents), and do not reinstall an SA with its counter at zero. Keep anti-replay on: swanctl.conf `children.<name>.replay_window = 32` or more (ipsec.conf `replay_window`), never 0.',
  check({ report, ikeSas }) {
    return report.esp.filter((e) => e.replays > 0).map((e) => {
      const owner = ownerOf(ikeSas, e.spi);
      return {
        ikeSa: owner?.sa.id ?? null, frames: [e.firstFrame, e.lastFrame],
        detail: `ESP SPI 0x${e.spi} (${e.src} → ${e.dst}${owner ? `, ${owner.child}` : ''}): ${e.replays} of ${e.packets} packets repeated a sequence number already seen (frames ${e.firstFrame}–${e.lastFrame}).`,
      };
    });
  },
};
