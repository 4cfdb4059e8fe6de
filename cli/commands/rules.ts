/** `ikescope rules [ID]`: the rule catalog, or one rule explained. */
import { RULES, ruleById } from '../../src/lint/registry.js';
import { parse } from '../args.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope rules [ID]

Lists the interop rules 'analyze' checks: id, severity and title. With an id, explains the
rule: what it looks for, why it breaks peers (with its source), and the fix to paste.
Rules marked [windows] apply as written when the client is Windows (by fingerprint or
--assume-client); on other clients they report "would break a Windows client" as info.

examples:
  ikescope rules
  ikescope rules windows/rekey-dh-group
`;

export async function rules(argv: string[]): Promise<number> {
  const { values, positionals } = parse('rules', argv, {});
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  if (positionals.length > 1) throw new UsageError('rules: one rule id at a time');
  const id = positionals[0];
  if (!id) {
    const width = Math.max(...RULES.map((r) => r.id.length));
    process.stdout.write(RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.windowsOnly ? '[windows] ' : ''}${r.title}`).join('\n') + '\n');
    return EXIT_OK;
  }
  const rule = ruleById(id);
  if (!rule) throw new UsageError(`rules: no rule '${id}' (list them with 'ikescope rules')`);
  process.stdout.write(`${rule.id} — ${rule.title}\nseverity: ${rule.severity}${rule.windowsOnly ? ' (Windows clients; info on others)' : ''}${rule.needsDecryption ? '\nneeds: decrypted IKE_AUTH (give --keys)' : ''}\n\nwhy: ${rule.explanation}\n\nfix: ${rule.fix}\n`);
  return EXIT_OK;
}
