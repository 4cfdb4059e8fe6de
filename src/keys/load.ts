/**
 * `--keys FILE`: the format is told by the content, never by the file name (DESIGN.md
 * "Contracts"), so a renamed table or a log cut out of syslog still reads.
 */
import { readFile } from 'node:fs/promises';
import type { Problem } from '../problem.js';
import { looksLikeCharonLog, parseCharonLog } from './charon-log.js';
import { parseKeysJson } from './json.js';
import type { EspSaKeySet, IkeSaKeySet, KeyStore } from './model.js';
import { problem } from './text.js';
import { parseEspSa, parseIkev2Table, uatKind } from './wireshark.js';

export type KeyFormat = 'ikev2_decryption_table' | 'esp_sa' | 'charon-log' | 'ikescope-json';

export const FORMAT_NAMES: Readonly<Record<KeyFormat, string>> = {
  ikev2_decryption_table: 'Wireshark ikev2_decryption_table (or strongSwan save-keys)',
  esp_sa: 'Wireshark esp_sa (or strongSwan save-keys)',
  'charon-log': 'strongSwan charon log',
  'ikescope-json': 'ikescope JSON key file (ikescope.keys/1)',
};

export interface ParsedKeys {
  /** Undefined when the text is no key file ikescope knows (then a fatal problem says so). */
  readonly format?: KeyFormat;
  readonly ike: IkeSaKeySet[];
  readonly esp: EspSaKeySet[];
  readonly problems: Problem[];
}

const UNKNOWN = (name: string) =>
  `${name}: not a key file ikescope knows (Wireshark ikev2_decryption_table or esp_sa, strongSwan charon log with ike 4/chd 4 or save-keys output, or ikescope JSON)`;

/** Parses the text of one key source; `sourceName` prefixes every key set's source and message. */
export function parseKeyText(text: string, sourceName: string): ParsedKeys {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') && !looksLikeCharonLog(body)) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      return { ike: [], esp: [], problems: [problem('keys/unknown-format', `${UNKNOWN(sourceName)}; it starts like JSON but does not parse as JSON`, true)] };
    }
    const r = parseKeysJson(doc, sourceName);
    const fatal = r.problems.some((p) => p.fatal);
    return { ...(fatal ? {} : { format: 'ikescope-json' as const }), ...r };
  }
  if (looksLikeCharonLog(body)) {
    const r = parseCharonLog(body, sourceName);
    const problems = [...r.problems];
    if (r.ike.length === 0 && r.esp.length === 0) {
      problems.push(problem('keys/no-keys', `${sourceName}: a strongSwan charon log, but without keys: log with "ike = 4" and "chd = 4" (charon.filelog.<name>.ike / .chd in strongswan.conf) to have charon write them`));
    }
    return { format: 'charon-log', ike: r.ike, esp: r.esp, problems };
  }
  const kind = uatKind(body);
  if (kind === 'ikev2_decryption_table') return { format: kind, ...parseIkev2Table(body, sourceName) };
  if (kind === 'esp_sa') return { format: kind, ...parseEspSa(body, sourceName) };
  if (kind === 'ikev1_decryption_table') {
    return { ike: [], esp: [], problems: [problem('keys/unsupported-format', `${sourceName}: a Wireshark/strongSwan ikev1_decryption_table; ikescope reads IKEv2 only`, true)] };
  }
  return { ike: [], esp: [], problems: [problem('keys/unknown-format', UNKNOWN(sourceName), true)] };
}

/** Reads and parses one key file; an unreadable file is a fatal problem, not an exception. */
export async function loadKeyFile(path: string): Promise<ParsedKeys> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.includes(0)) {
      return { ike: [], esp: [], problems: [problem('keys/unknown-format', `${UNKNOWN(path)}; it is binary`, true)] };
    }
    text = bytes.toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { ike: [], esp: [], problems: [problem('keys/unreadable', `cannot read ${path}: ${why}`, true)] };
  }
  return parseKeyText(text, path);
}

/** Every key source given with --keys, in order, as one store. */
export async function loadKeys(paths: string[]): Promise<{ store: KeyStore; problems: Problem[] }> {
  const ike: IkeSaKeySet[] = [];
  const esp: EspSaKeySet[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    const r = await loadKeyFile(path);
    ike.push(...r.ike);
    esp.push(...r.esp);
    problems.push(...r.problems);
  }
  return { store: { ike, esp, sources: [...paths] }, problems };
}
