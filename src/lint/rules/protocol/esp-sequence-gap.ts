/** protocol/esp-sequence-gap: ESP sequence numbers missing on one SPI (loss). */
import type { Rule } from '../../rule.js';
import { ownerOf } from './esp-owner.js';

export const espSequenceGap: Rule = {
  id: 'protocol/esp-sequence-gap',
  severity: 'info',
  title: 'ESP sequence numbers are missing (packets lost before the capture point)',
  explanation: 'The ESP sequence number grows by one per packet from 1 on a new SA (RFC 4303 §2.2, §3.3.3), so numbers missing at the capture point are packets lost between the sender and it (or dropped by the capture itself: compare with the capture tool\'s drop counter). A new CHILD_SA created in this capture whose first packet is not number 1 lost the ones before. Loss through the tunnel shows as retransmissions and slowness; heavy loss of large packets points at MTU/fragmentation. The report counts missing numbers per SPI; it does not list where each gap is.',
  fix: 'Find where packets drop: capture at both ends; for large packets lower the tunnel MTU / clamp TCP MSS (iptables `-j TCPMSS --clamp-mss-to-pmtu`, or strongSwan kernel-libipsec `charon.plugins.kernel-libipsec.mtu`), and allow IP fragments of UDP 4500.',
  check({ report, ikeSas }) {
    return report.esp.flatMap((e) => {
      const owner = ownerOf(ikeSas, e.spi);
      const child = owner?.sa.childSas.find((c) => c.id === owner.child);
      // A CHILD_SA made in this capture starts at 1; one seen mid-life starts where it is.
      const before = child && e.firstFrame > child.createdFrame && e.firstSeq > 1 ? e.firstSeq - 1 : 0;
      const missing = e.missing + before;
      if (missing <= 0) return [];
      return [{
        ikeSa: owner?.sa.id ?? null, frames: [e.firstFrame, e.lastFrame],
        detail: `ESP SPI 0x${e.spi} (${e.src} → ${e.dst}${owner ? `, ${owner.child}` : ''}): ${missing} sequence number${missing > 1 ? 's' : ''} missing among ${e.packets} packets up to ${e.highestSeq}${before ? ` (${before} before the first seen, number ${e.firstSeq})` : ''}.`,
      }];
    });
  },
};
