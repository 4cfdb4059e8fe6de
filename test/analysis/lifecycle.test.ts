/**
 * Lifecycles on the lab's captures, decrypted with the gateway's charon log: states, links and
 * events named by frame, checked against what strongSwan logged for the same session.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/analysis/model.js';
import { CAPTURES, ikescope } from '../helpers/cli.js';

const analyse = (name: string, extra: string[] = [], withKeys = true): Report =>
  JSON.parse(ikescope(['analyze', '--format', 'json', ...(withKeys ? ['--keys', join(CAPTURES, `${name}.gateway.log`)] : []), ...extra, join(CAPTURES, `${name}.pcap`)]).stdout) as Report;
const log = (name: string) => readFileSync(join(CAPTURES, `${name}.gateway.log`), 'utf8');
const events = (r: Report, sa = 0) => r.ikeSas[sa]!.events.map((e) => [e.frame, e.kind, e.by]);

describe('IKE_SA lifecycles', () => {
  it('ike-rekey: the client rekeys the IKE_SA; old and new are linked, the new one has the SPIs strongSwan logged', () => {
    const r = analyse('ike-rekey');
    expect(r.ikeSas.map((s) => [s.id, s.state, s.rekeyedFrom, s.rekeyedTo])).toEqual([['ike-1', 'rekeyed', null, 'ike-2'], ['ike-2', 'deleted', 'ike-1', null]]);
    const [old, fresh] = r.ikeSas;
    const rekeyed = /IKE_SA \S+ rekeyed between .*/.test(log('ike-rekey'));
    expect(rekeyed).toBe(true);
    // charon logs the new SA's SPIs when it checks it in; the report took them from the SA payloads.
    expect(log('ike-rekey')).toContain(`${fresh!.ispi}_i ${fresh!.rspi}_r`);
    expect(events(r, 0)).toEqual([[14, 'child-created', 'initiator'], [14, 'established', 'responder'], [20, 'ike-rekeyed', 'initiator'], [21, 'deleted', 'initiator']]);
    expect(fresh!.messages[0]!.frames[0]).toBeGreaterThan(21);
    expect(fresh!.decrypted).toBe(true);
    expect(old!.childSas.length).toBe(1);
  });

  it('child-rekey: three CHILD_SA generations, each with its own ESP, rekeyed by the client then the gateway', () => {
    const r = analyse('child-rekey');
    const sa = r.ikeSas[0]!;
    expect(sa.state).toBe('deleted');
    expect(sa.childSas.map((c) => [c.id, c.createdFrame, c.deletedFrame, c.rekeyedFrom, c.rekeyedTo])).toEqual([
      ['child-1', 14, 21, null, 'child-2'],
      ['child-2', 20, 29, 'child-1', 'child-3'],
      ['child-3', 28, null, 'child-2', null],
    ]);
    for (const c of sa.childSas) {
      expect(Object.values(c.esp).map((e) => [e.packets, e.decrypted, e.icvFailures])).toEqual([[2, 2, 0], [2, 2, 0]]);
    }
    // The second rekey came from the gateway: its request has the responder's I flag clear.
    expect(events(r).filter(([, k]) => k === 'child-rekeyed')).toEqual([[20, 'child-rekeyed', 'initiator'], [28, 'child-rekeyed', 'responder']]);
    const gwRekey = sa.messages.find((m) => m.frames[0] === 27)!;
    expect(gwRekey).toMatchObject({ exchange: 'CREATE_CHILD_SA', response: false, requester: 'responder', fromInitiator: false });
    // strongSwan logged the same SPIs for each generation.
    for (const c of sa.childSas) expect(log('child-rekey')).toMatch(new RegExp(`(${c.spiI}|${c.spiR})_i`));
  });

  it('EAP summary: identity, method and outcome of the EAP-MSCHAPv2 conversation', () => {
    const sa = analyse('eap-mschapv2-ping').ikeSas[0]!;
    expect(sa.eap).toMatchObject({ identity: 'alice', offered: ['MSCHAPv2'], method: 'MSCHAPv2', outcome: 'success', nak: null });
    // charon's own account of the same conversation.
    expect(log('eap-mschapv2-ping')).toContain(`received EAP identity '${sa.eap!.identity}'`);
    expect(log('eap-mschapv2-ping')).toMatch(/EAP method EAP_MSCHAPV2 succeeded/);
  });

  it('fingerprint and --assume-client', () => {
    const seen = analyse('eap-mschapv2-ping').ikeSas[0]!.client;
    expect(seen.profile).toBe('strongswan');
    expect(seen.evidence.join(' ')).toMatch(/strongSwan's order/);
    const win = analyse('eap-mschapv2-ping', ['--assume-client', 'windows-10']).ikeSas[0]!.client;
    expect(win).toMatchObject({ profile: 'windows', version: 'Windows 10', assumed: true });
  });

  it('the move from port 500 to 4500 after NAT detection is not an address move', () => {
    const sa = analyse('nat-t').ikeSas[0]!;
    expect(sa.addresses.length).toBe(2);
    expect(sa.addresses[1]).toMatchObject({ initiator: { ip: '198.51.100.3', port: 4500 }, responder: { port: 4500 } });
    expect(sa.events.some((e) => e.kind === 'address-move')).toBe(false);
  });
});

describe('MOBIKE', () => {
  it('mobike-move: the client probes from its new address, then UPDATE_SA_ADDRESSES; ESP follows it', () => {
    const r = analyse('mobike-move');
    const sa = r.ikeSas[0]!;
    const move = sa.events.find((e) => e.kind === 'address-move')!;
    const update = sa.events.find((e) => e.kind === 'mobike-update')!;
    // RFC 4555 §3.5: the client tests the new path (an empty INFORMATIONAL, frame 19) before the
    // update (frame 23); the SA moves with the update.
    expect([move.frame, move.by, update.frame, update.by]).toEqual([23, 'initiator', 23, 'initiator']);
    expect(move.ts).toBe(0.481891);
    expect(move.detail).toBe('initiator moved 198.51.100.2:4500 → 198.51.100.4:4500 (first used in frame 19, testing the path)');
    expect(sa.addresses.at(-1)).toMatchObject({ frame: 23, initiator: { ip: '198.51.100.4' }, responder: { ip: '198.51.100.1' } });
    // Without keys the update is not visible: the move stays where the new address first shows.
    const blind = analyse('mobike-move', [], false).ikeSas[0]!;
    expect(blind.events.filter((e) => e.kind === 'address-move').map((e) => e.frame)).toEqual([19]);
    expect(blind.events.some((e) => e.kind === 'mobike-update')).toBe(false);
    // The gateway logged the move too.
    expect(log('mobike-move')).toMatch(/198\.51\.100\.4/);
    const espFromNew = r.esp.filter((e) => e.src === '198.51.100.4');
    expect(espFromNew.length).toBe(1);
    expect(espFromNew[0]!.decrypted).toBe(espFromNew[0]!.packets);
    // Its time and volume: the first packet is frame 29 at 0.584065 s (as tshark shows it).
    expect([espFromNew[0]!.firstFrame, espFromNew[0]!.firstTs]).toEqual([29, 0.584065]);
    const v = espFromNew[0]!.volume;
    expect(v.packets.reduce((a, b) => a + b, 0)).toBe(espFromNew[0]!.packets);
    expect(v.packets.findIndex((n) => n > 0)).toBe(Math.floor(0.584065 / v.binSeconds));
  });
});
