/**
 * `--keys FILE` (repeatable) for the commands that decrypt: loads every source, turns an
 * unreadable or unknown file into the one-line usage error, and hands the rest of the
 * problems (a bad row, a key of the wrong length) to the analysis as findings.
 */
import { loadKeys, type KeyStore } from '../src/keys/index.js';
import type { Problem } from '../src/problem.js';
import { UsageError } from './usage-error.js';

export const KEYS_HELP = `  --keys FILE           keys to decrypt with; repeat for several. The format is told by content:
                        Wireshark ikev2_decryption_table or esp_sa (also strongSwan save-keys),
                        a strongSwan charon log with 'ike 4' and 'chd 4', or an ikescope JSON key
                        file. With IKE keys alone (SK_d), ESP keys are derived (RFC 7296 §2.17).`;

export async function keysOption(command: string, files: string[] | undefined): Promise<{ store?: KeyStore; problems: Problem[] }> {
  if (!files?.length) return { problems: [] };
  const { store, problems } = await loadKeys(files);
  const fatal = problems.find((p) => p.fatal);
  if (fatal) throw new UsageError(`${command}: --keys: ${fatal.message}`);
  return { store, problems };
}
