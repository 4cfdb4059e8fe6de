/** RFC 7296 conformance and behaviour rules, in catalog order. */
import type { Rule } from '../../rule.js';
import { cookieRoundtrip } from './cookie-roundtrip.js';
import { espOnDeletedSpi } from './esp-on-deleted-spi.js';
import { espReplay } from './esp-replay.js';
import { espSequenceGap } from './esp-sequence-gap.js';
import { initialContact } from './initial-contact.js';
import { invalidKeRoundtrip } from './invalid-ke-roundtrip.js';
import { messageIdGap } from './message-id-gap.js';
import { proposalNotOffered } from './proposal-not-offered.js';
import { responseWithoutRequest } from './response-without-request.js';
import { retransmissionStorm } from './retransmission-storm.js';
import { tsWidened } from './ts-widened.js';
import { unansweredRequest } from './unanswered-request.js';

export const PROTOCOL_RULES: readonly Rule[] = [
  unansweredRequest, responseWithoutRequest, messageIdGap, retransmissionStorm, invalidKeRoundtrip, cookieRoundtrip,
  proposalNotOffered, tsWidened, initialContact, espOnDeletedSpi, espReplay, espSequenceGap,
];
