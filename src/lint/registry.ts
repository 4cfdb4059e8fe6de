/** The catalog: every rule, in the order `ikescope rules` lists them. */
import type { Rule } from './rule.js';
import { weakDh } from './rules/crypto/weak-dh.js';
import { unansweredRequest } from './rules/protocol/unanswered-request.js';
import { notify12345 } from './rules/windows/notify-12345.js';

export const RULES: readonly Rule[] = [
  notify12345,
  unansweredRequest,
  weakDh,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
