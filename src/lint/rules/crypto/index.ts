/** Weak-cryptography rules, in catalog order. */
import type { Rule } from '../../rule.js';
import { weakDh } from './weak-dh.js';
import { weakEncryption } from './weak-encryption.js';
import { weakIntegrity } from './weak-integrity.js';
import { weakPrf } from './weak-prf.js';

export const CRYPTO_RULES: readonly Rule[] = [weakDh, weakEncryption, weakPrf, weakIntegrity];
