/** Weak-cryptography rules, in catalog order. */
import type { Rule } from '../../rule.js';
import { weakDh } from './weak-dh.js';

export const CRYPTO_RULES: readonly Rule[] = [weakDh];
