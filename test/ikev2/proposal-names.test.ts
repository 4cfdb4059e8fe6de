// Proposals named the way the JSON report writes them (DESIGN.md: "ENCR_AES_CBC_128",
// "AUTH_HMAC_SHA1_96", "PRF_HMAC_SHA1", "MODP_1024").
import { expect, it } from 'vitest';
import { PayloadType, chosenProposal, isPayload, parseMessage, proposalNames } from '../../src/ikev2/index.js';
import { allMessages } from './support/captures.js';
import { windowsIkeAuthInner, windowsIkeProposals } from './support/build.js';

it('names the Windows proposals', () => {
  const [first, second] = windowsIkeProposals();
  expect(chosenProposal(first!)).toEqual({ encr: 'ENCR_3DES', integ: 'AUTH_HMAC_SHA1_96', prf: 'PRF_HMAC_SHA1', dh: 'MODP_1024' });
  expect(proposalNames(second!).encr).toEqual(['ENCR_AES_CBC_256']);
  const esp = windowsIkeAuthInner().find((p) => isPayload(p, PayloadType.SA));
  if (!esp || !isPayload(esp, PayloadType.SA)) throw new Error('no SA');
  expect(chosenProposal(esp.proposals[0]!)).toEqual({ encr: 'ENCR_AES_CBC_256', integ: 'AUTH_HMAC_SHA1_96', esn: false });
});

it('names the proposal of the aes256cbc capture as tshark shows it (AES-CBC-256, SHA2-256, group 19)', () => {
  const m = allMessages().find((x) => x.name === 'ikev2-decrypt-aes256cbc.pcapng#2');
  const parsed = m && parseMessage(m.bytes);
  if (!parsed?.ok) throw new Error('capture missing');
  const sa = parsed.value.payloads.find((p) => isPayload(p, PayloadType.SA));
  if (!sa || !isPayload(sa, PayloadType.SA)) throw new Error('no SA');
  expect(chosenProposal(sa.proposals[0]!)).toEqual({
    encr: 'ENCR_AES_CBC_256',
    integ: 'AUTH_HMAC_SHA2_256_128',
    prf: 'PRF_HMAC_SHA2_256',
    dh: 'ECP_256',
  });
});
