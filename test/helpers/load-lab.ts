/**
 * `ikescope suite load` in the lab (test/interop/load*.test.ts): the command run from the client
 * namespace against the gateway, and the gateway's own list of IKE_SAs (swanctl --list-sas),
 * the oracle those tests compare our JSON with.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CommandResult, Lab } from '../../lab/lab.js';
import { ROOT } from './cli.js';

/** `ikescope suite load --gateway 198.51.100.1 ARGS` from the client namespace. */
export function suiteLoad(lab: Lab, args: readonly string[]): Promise<CommandResult> {
  return lab.exec('cl', ['node', join(ROOT, 'dist/cli/main.js'), 'suite', 'load', '--gateway', '198.51.100.1', ...args], 120_000);
}

export interface GatewaySa { uniqueId: string; state: string; spis: string; remote: string; eap: string | undefined }

/** swanctl --list-sas: "CONN: #3, ESTABLISHED, IKEv2, <ispi>_i <rspi>_r*" then "  remote 'ID' @ ADDR[ EAP: 'USER']". */
export async function gatewaySas(lab: Lab, connection: string): Promise<GatewaySa[]> {
  const r = await lab.swanctl('gateway', ['--list-sas']);
  expect(r.code).toBe(0);
  const out: GatewaySa[] = [];
  const sa = new RegExp(`^${connection}: #(\\d+), (\\w+), IKEv2, ([0-9a-f]{16})_i\\*? ([0-9a-f]{16})_r\\*?\\n(?:.*\\n)*?\\s+remote '([^']+)' @ \\S+(?: EAP: '([^']+)')?`, 'gm');
  for (const m of r.stdout.matchAll(sa)) out.push({ uniqueId: m[1]!, state: m[2]!, spis: `${m[3]}_i ${m[4]}_r`, remote: m[5]!, eap: m[6] });
  return out;
}

/** The gateway's ESTABLISHED IKE_SAs, polled until there are `n` or the run has ended. */
export async function whileHeld(lab: Lab, connection: string, running: Promise<unknown>, n: number): Promise<GatewaySa[]> {
  let finished = false;
  void running.then(() => { finished = true; });
  let held: GatewaySa[] = [];
  while (!finished) {
    held = (await gatewaySas(lab, connection)).filter((s) => s.state === 'ESTABLISHED');
    if (held.length >= n) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return held;
}
