/** `ikescope replay`: re-enact a captured session against a gateway and compare its answers. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { readRecording } from '../../src/suite/recording.js';
import { planFromRecording } from '../../src/suite/replay-plan.js';
import { replay as runReplay } from '../../src/suite/replay.js';
import { regressions, trafficRegressions, renderReplayHtml, renderReplayJson, renderReplayJunit, renderReplayMarkdown, renderReplayText, type ReplaySummary } from '../../src/suite/replay-report.js';
import { exactlyOneCapture, oneOf, parse } from '../args.js';
import { CREDENTIAL_OPTIONS, CREDENTIALS_HELP, credentialsFrom } from '../credentials-option.js';
import { KEYS_HELP, keysOption } from '../keys-option.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope replay CAPTURE --keys FILE… --gateway ADDR (credentials) [--speed N]
                       [--move-to ADDR…] [--out DIR] [--format text|md|json|html|junit] [--sa ID]

Takes the initiator of a captured session — its IKE_SA_INIT (Vendor IDs, notifies and their
order, its proposals exactly), its IKE_AUTH (payload order, identities, CP request, the CHILD_SA
it asked for, traffic selectors), the exchanges it started later (CHILD_SA and IKE_SA rekeys,
additional CHILD_SAs with their traffic selectors and PFS, liveness checks, MOBIKE address
updates, its DELETE) and its pings through the tunnel, with their timing — and does it again
against GATEWAY with fresh keys and the credentials you give, answering the gateway's own
requests meanwhile. Then it compares, exchange by exchange, what the gateway answers now with
what it answered then: chosen proposals, KE groups, notifies (NAT detection, COOKIE2 echo), CP
attributes, traffic selectors, certificate chain, authentication, EAP, fragmentation, rekey
outcomes. Each exchange gets a verdict:

  same          the gateway answered alike
  changed       it answered, differently (what changed is listed)
  new failure   it answered without an error then and with one (or not at all) now
  fixed         the other way round
  missing       the replay did not get that far (an earlier failure, or not re-enactable)
  new           an exchange the recording did not have

The recorded ICMP echo requests through the tunnel (decrypted ESP) are sent again to the same
address at their time, and listed with how many were answered then and now (same, changed,
new failure when none is answered now, fixed).

The encrypted part (IKE_AUTH on) needs the recording's keys: give the initiator's or the
gateway's (--keys, any format 'ikescope keys' reads, e.g. strongSwan's charon log). The replay
writes its own capture and key log to --out, so it can be analysed like any other.

options:
${KEYS_HELP}
  --gateway ADDR        the gateway to replay against
  --speed N             play the recorded timing N times faster (default 1); 0 plays the
                        exchanges back to back
  --out DIR             where the replay's capture and key log go (default ikescope-replay)
  --format F            text (default), md, json (schema ikescope.replay/1), html, junit
  --sa ID               which IKE_SA of the capture (an id as 'ikescope analyze' numbers them;
                        default the first one that is not a rekey)
  --id ID, --remote-id ID
                        override the recorded identities (IDi, IDr)
  --local ADDR          local address to send from
  --move-to ADDR        MOBIKE (RFC 4555): where to move at the recording's address update
                        (INFORMATIONAL with N(UPDATE_SA_ADDRESSES)), as 'connect --move-to':
                        a second local address, since the recorded one was another machine's.
                        Repeatable, one per recorded update, in order; without it an update is
                        listed as not replayed. A refused update (UNACCEPTABLE_ADDRESSES or
                        another error) is a new failure; that, or an answer without our COOKIE2
                        (RFC 4555 §3.8), ends the replay

${CREDENTIALS_HELP}

exit codes: 0 no exchange is a new failure or missing and no ping is, 1 some are, 2 usage or
            input error (also more --move-to than the recording has address updates)

examples:
  ikescope replay captures/eap-mschapv2-ping.pcap --keys captures/eap-mschapv2-ping.client.log \\
      --gateway 198.51.100.1 --user alice --password-file alice.password --ca root-ca.pem
  ikescope replay windows.pcap --keys windows.keys.json --gateway vpn.example.net-address \\
      --user user1 --password-file pw --ca ca.pem --speed 10 --format md --out /tmp/replay
  ikescope replay captures/mobike-move.pcap --keys captures/mobike-move.gateway.log \\
      --gateway 198.51.100.1 --user alice --password-file alice.password --ca root-ca.pem \\
      --move-to 198.51.100.5
`;

export async function replay(argv: string[]): Promise<number> {
  const { values, positionals } = parse('replay', argv, {
    ...CREDENTIAL_OPTIONS,
    keys: { type: 'string', multiple: true }, gateway: { type: 'string' }, speed: { type: 'string' }, out: { type: 'string' },
    format: { type: 'string' }, sa: { type: 'string' }, id: { type: 'string' }, 'remote-id': { type: 'string' }, local: { type: 'string' },
    'move-to': { type: 'string', multiple: true },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  const path = exactlyOneCapture('replay', positionals);
  const format = oneOf('replay', 'format', values.format, ['text', 'md', 'json', 'html', 'junit'] as const, 'text');
  if (!values.gateway || !isIP(values.gateway)) throw new UsageError(`replay: --gateway takes the gateway's address (got '${values.gateway ?? ''}')`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed >= 0) || !Number.isFinite(speed)) throw new UsageError(`replay: --speed takes a number ≥ 0 (got '${values.speed}')`);
  const moveTo = values['move-to'] ?? [];
  for (const m of moveTo) if (!isIP(m)) throw new UsageError(`replay: --move-to takes an address (got '${m}')`);
  const { credentials } = credentialsFrom('replay', values, values.gateway);
  const keys = await keysOption('replay', values.keys);
  const rec = await readRecording(path, { ...(keys.store ? { keys: keys.store } : {}), keyProblems: keys.problems, ...(values.sa ? { saId: values.sa } : {}) });
  if (!rec.ok) throw new UsageError(`replay: ${rec.reason}`);
  const plan = planFromRecording(rec.recording, { moveTo });
  if (!plan.ok) throw new UsageError(`replay: ${plan.reason}`);
  const expected = plan.value.auth === 'eap' ? 'eap' : plan.value.auth === 'psk' ? 'psk' : 'cert';
  if (plan.value.auth !== 'unknown' && credentials.method !== expected) {
    process.stderr.write(`ikescope: replay: the recorded client used ${plan.value.auth === 'certificate' ? 'a certificate' : plan.value.auth.toUpperCase()}; these credentials are ${credentials.method}: the IKE_AUTH shape will differ\n`);
  }
  const dir = resolve(values.out ?? 'ikescope-replay');
  mkdirSync(dir, { recursive: true });
  const r = await runReplay(rec.recording.report, plan.value, {
    gateway: values.gateway, ...(values.local ? { localIp: values.local } : {}), credentials,
    ...(values.id ? { identity: values.id } : {}), ...(values['remote-id'] ? { remoteIdentity: values['remote-id'] } : {}),
    speed: speed === 0 ? Infinity : speed, dir, log: (l) => process.stderr.write(`replay: ${l}\n`),
  }, values.sa);
  if (!r.ok) throw new UsageError(`replay: ${r.reason}`);
  const summary: ReplaySummary = {
    recording: path, gateway: values.gateway, diffs: r.value.diffs, ...(r.value.failure ? { failure: r.value.failure } : {}), traffic: r.value.traffic,
    notReplayed: plan.value.notReplayed, assumptions: plan.value.assumptions, files: r.value.files,
  };
  const text = format === 'md' ? renderReplayMarkdown(summary) : format === 'json' ? renderReplayJson(summary)
    : format === 'html' ? renderReplayHtml(summary) : format === 'junit' ? renderReplayJunit(summary) : renderReplayText(summary);
  process.stdout.write(text);
  if (format !== 'text') writeFileSync(resolve(dir, `replay.${format === 'junit' ? 'xml' : format}`), text);
  return regressions(summary).length || trafficRegressions(summary).length ? EXIT_FINDINGS : EXIT_OK;
}
