/** The catalog: every rule, in the order `ikescope rules` lists them (one index per family). */
import type { Rule } from './rule.js';
import { CRYPTO_RULES } from './rules/crypto/index.js';
import { PROTOCOL_RULES } from './rules/protocol/index.js';
import { WINDOWS_RULES } from './rules/windows/index.js';

export const RULES: readonly Rule[] = [...WINDOWS_RULES, ...PROTOCOL_RULES, ...CRYPTO_RULES];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
