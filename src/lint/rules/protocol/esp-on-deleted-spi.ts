/** protocol/esp-on-deleted-spi: ESP on a CHILD_SA's SPI after the CHILD_SA was deleted. */
import type { Rule, RuleHit } from '../../rule.js';
import { responseFrame } from './exchanges.js';

export const espOnDeletedSpi: Rule = {
  id: 'protocol/esp-on-deleted-spi',
  severity: 'warning',
  title: 'ESP was sent on a CHILD_SA after it was deleted',
  explanation: 'Once the INFORMATIONAL exchange with the Delete payload is answered, both ends have removed the CHILD_SA (RFC 7296 §1.4.1); ESP on its SPIs after that is dropped by the receiver (RFC 4303 §3.4.2: no SA, the packet is discarded): traffic lost around a rekey, usually because one side kept the old outbound SA installed or its kernel SA was not replaced (the lab\'s kernel-libipsec is one such case, see captures/README.md mobike-move). Packets between the Delete request and its response are normal and not counted. Needs the decrypted INFORMATIONAL exchange.',
  fix: 'Let the old SA drain before it is deleted: strongSwan deletes the old CHILD_SA only after the rekey; check `charon.delete_rekeyed_delay` (strongswan.conf, default 5 s) on the side that keeps sending, and that its kernel interface updates the outbound SA (`kernel-netlink`; swanctl.conf `children.<name>.rekey_time` with `rand_time` so both sides do not rekey at once; ipsec.conf `rekeymargin`/`rekeyfuzz`).',
  needsDecryption: true,
  check({ report, ikeSas }) {
    const out: RuleHit[] = [];
    for (const sa of ikeSas) {
      for (const c of sa.childSas) {
        if (c.deletedFrame === null) continue;
        const done = responseFrame(sa, c.deletedFrame) ?? c.deletedFrame;
        for (const spi of [c.spiI, c.spiR]) {
          const e = report.esp.find((x) => x.spi === spi);
          if (!e || e.lastFrame <= done) continue;
          out.push({
            ikeSa: sa.id, frames: [c.deletedFrame, ...(done !== c.deletedFrame ? [done] : []), e.lastFrame],
            detail: `${c.id}: ESP SPI 0x${spi} (${e.src} → ${e.dst}) was still sent in frame ${e.lastFrame}, after the delete in frame ${c.deletedFrame}${done !== c.deletedFrame ? ` was answered in frame ${done}` : ''}.`,
          });
        }
      }
    }
    return out;
  },
};
