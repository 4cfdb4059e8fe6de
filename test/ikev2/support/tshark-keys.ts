/**
 * tshark 4.0 as the oracle for decrypted payload fields: a lab capture read with the keys of its
 * gateway log, converted in-process to Wireshark's ikev2_decryption_table, in a private
 * WIRESHARK_CONFIG_DIR (so a user's preferences never change the oracle).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeys, toWiresharkTables } from '../../../src/keys/index.js';
import { CAPTURES } from '../../helpers/cli.js';
import { TSHARK } from './tshark.js';

export { labRequired, tsharkAvailable } from './tshark.js';

const dirs = new Map<string, string>();

async function configDir(name: string): Promise<string> {
  let dir = dirs.get(name);
  if (dir) return dir;
  const { store } = await loadKeys([join(CAPTURES, `${name}.gateway.log`)]);
  dir = mkdtempSync(join(tmpdir(), 'ikescope-ws-'));
  writeFileSync(join(dir, 'preferences'), '');
  writeFileSync(join(dir, 'ikev2_decryption_table'), toWiresharkTables(store).ikev2DecryptionTable);
  dirs.set(name, dir);
  return dir;
}

/**
 * One row per frame matching `filter`: for each field, its occurrences in that frame (tshark's
 * aggregator is set to a character no field of these captures contains).
 */
export async function decryptedFields(name: string, fields: readonly string[], filter: string): Promise<Map<number, string[][]>> {
  const args = ['-r', join(CAPTURES, `${name}.pcap`), '-Y', filter, '-T', 'fields', '-E', 'separator=\t', '-E', 'aggregator=^', '-e', 'frame.number'];
  for (const f of fields) args.push('-e', f);
  const text = execFileSync(TSHARK, args, {
    encoding: 'utf8', env: { ...process.env, WIRESHARK_CONFIG_DIR: await configDir(name) }, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rows = new Map<number, string[][]>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [frame, ...rest] = line.split('\t');
    rows.set(Number(frame), rest.map((v) => (v === '' ? [] : v.split('^'))));
  }
  return rows;
}
