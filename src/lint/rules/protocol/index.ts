/** RFC 7296 conformance and behaviour rules, in catalog order. */
import type { Rule } from '../../rule.js';
import { unansweredRequest } from './unanswered-request.js';

export const PROTOCOL_RULES: readonly Rule[] = [unansweredRequest];
