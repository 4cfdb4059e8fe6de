/** Which IKE_SA's CHILD_SA an ESP SPI belongs to (decrypted IKE_AUTH / CREATE_CHILD_SA only). */
import type { IkeSaRecord } from '../../../analysis/model.js';

export function ownerOf(ikeSas: readonly IkeSaRecord[], spi: string): { sa: IkeSaRecord; child: string } | undefined {
  for (const sa of ikeSas) {
    const c = sa.childSas.find((x) => x.spiI === spi || x.spiR === spi);
    if (c) return { sa, child: c.id };
  }
  return undefined;
}
