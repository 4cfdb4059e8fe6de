/**
 * A key log on disk: the JSON key file (schema ikescope.keys/1) and beside it, in PATH.wireshark/,
 * Wireshark's tables with the preferences that make it check ICVs, so both `ikescope analyze
 * --keys PATH` and `WIRESHARK_CONFIG_DIR=PATH.wireshark wireshark` open the session. Key files
 * are secrets: written readable by their owner only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Decoded } from '../problem.js';
import { toJson } from './json.js';
import type { KeyStore } from './model.js';
import { toWiresharkTables } from './wireshark.js';

export const WIRESHARK_PREFERENCES = `# Written by ikescope: with WIRESHARK_CONFIG_DIR set to this folder, Wireshark decrypts ESP
# with the esp_sa table here and checks its ICVs (IKEv2 needs no preference).
esp.enable_encryption_decode: TRUE
esp.enable_authentication_check: TRUE
`;

export function writeKeyLog(path: string, store: KeyStore): Decoded<{ json: string; wiresharkDir: string }> {
  const dir = `${path}.wireshark`;
  try {
    const tables = toWiresharkTables(store);
    writeFileSync(path, toJson(store), { mode: 0o600 });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ikev2_decryption_table'), tables.ikev2DecryptionTable, { mode: 0o600 });
    writeFileSync(join(dir, 'esp_sa'), tables.espSa, { mode: 0o600 });
    writeFileSync(join(dir, 'preferences'), WIRESHARK_PREFERENCES);
    return ok({ json: path, wiresharkDir: dir });
  } catch (e) {
    return fail(0, `cannot write the key log ${path}: ${(e as Error).message}`);
  }
}
