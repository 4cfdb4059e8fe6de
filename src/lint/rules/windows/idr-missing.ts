/** windows/idr-missing: several gateway identities behind one address, and Windows sends no IDr. */
import type { IkeSaRecord } from '../../../analysis/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { fromGateway, gatewayRole } from './common.js';

export const idrMissing: Rule = {
  id: 'windows/idr-missing',
  severity: 'warning',
  title: 'Several gateway identities on one address, and the client sent no IDr',
  explanation: 'The Windows client never sends IDr in its IKE_AUTH request, "so two connection configurations can only be distinguished if their authentication type differs or the clients send different certificates for the different certificates\' root CAs" (seed 001, "Serving different IDs/Domain names"): the gateway picks its identity by auth type only, and a client that dialled another name gets the wrong certificate (13801).',
  fix: 'Gateway: distinguish the connections by auth type (swanctl.conf `remote { auth = eap-mschapv2 }` vs `auth = pubkey`) or by CA (`remote { cacerts = … }`), or give each identity its own address (`local_addrs`, ipsec.conf `left=`).',
  needsDecryption: true,
  check({ ikeSas, report }) {
    // The gateway's identity per IKE_SA, as far as the model tells it: IDr type and certificate sizes.
    const byGateway = new Map<string, Array<{ sa: IkeSaRecord; identity: string; frames: number[] }>>();
    for (const sa of ikeSas) {
      const gw = gatewayRole(sa, report);
      if (gw !== 'responder') continue;
      const req = sa.messages.find((m) => m.exchange === 'IKE_AUTH' && !m.response && m.mid === 1 && !fromGateway(m, gw));
      const res = sa.messages.find((m) => m.exchange === 'IKE_AUTH' && m.response && fromGateway(m, gw) && m.facts.ids?.some((i) => i.payload === 'IDr'));
      if (!req || !res || req.inner === null) continue;
      if (req.facts.ids?.some((i) => i.payload === 'IDr')) continue; // the client named the gateway
      const idr = res.facts.ids!.find((i) => i.payload === 'IDr')!;
      const identity = `${idr.type}${res.facts.certs?.length ? ` with a ${res.facts.certs[0]!.bytes}-octet certificate` : ''}`;
      const key = `${sa.responder.ip}:${sa.responder.port}`;
      (byGateway.get(key) ?? byGateway.set(key, []).get(key)!).push({ sa, identity, frames: [...req.frames, ...res.frames] });
    }
    const hits: RuleHit[] = [];
    for (const [address, list] of byGateway) {
      const identities = [...new Set(list.map((x) => x.identity))];
      if (identities.length < 2) continue;
      for (const x of list) {
        hits.push({
          ikeSa: x.sa.id,
          frames: x.frames,
          detail: `The client sent no IDr; the gateway ${address} answered as ${x.identity}, while it answers other clients without IDr as ${identities.filter((i) => i !== x.identity).join(', ')}.`,
        });
      }
    }
    return hits;
  },
};
