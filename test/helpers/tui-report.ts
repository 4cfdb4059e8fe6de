/** A shipped capture loaded the way the TUI loads it (src/tui/loader.ts), for the component tests. */
import { join } from 'node:path';
import { loadKeys } from '../../src/keys/index.js';
import { loadCapture, type DetailStore, type Snapshot } from '../../src/tui/loader.js';
import { CAPTURES } from './cli.js';

export async function loaded(name: string, opts: { keys?: boolean; assumeClient?: string } = {}): Promise<{ snapshot: Snapshot; details: DetailStore; path: string; keyFile: string }> {
  const path = join(CAPTURES, `${name}.pcap`);
  const keyFile = join(CAPTURES, `${name}.gateway.log`);
  const keys = opts.keys === false ? undefined : (await loadKeys([keyFile])).store;
  const l = loadCapture({ path, keys, assumeClient: opts.assumeClient, onSnapshot: () => undefined });
  return { snapshot: await l.finished, details: l.details, path, keyFile };
}
