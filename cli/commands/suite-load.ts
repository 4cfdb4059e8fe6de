/**
 * `ikescope suite load`: many simulated clients against one gateway from this process
 * (src/suite/load-test.ts), with a live progress line on stderr and a summary on stdout.
 */
import { writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseProposal, type ProposalSpec } from '../../src/endpoint/proposals.js';
import { PROFILES } from '../../src/endpoint/profiles/index.js';
import type { Credentials } from '../../src/endpoint/session.js';
import { runLoad, type LoadProgress, type LoadReport } from '../../src/suite/load-test.js';
import { parse } from '../args.js';
import { credentialsFrom, passwordEap, type CredentialValues } from '../credentials-option.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

const DEFAULT_ID = 'client{n}@load.example.net';

const HELP = `usage: ikescope suite load --gateway ADDR --clients N --rate R
                           (--psk-file F | --user U --password-file F --ca CA)
                           [--profile P] [--id PATTERN] [--remote-id ID] [--hold S]
                           [--ping ADDR] [--json FILE]

Puts load on an IKEv2 gateway: N simulated clients run from this one process, each with its
own identity, its own IKE and ESP SPIs and its own UDP ports, as the reference initiator of
'ikescope connect' (IKE_SA_INIT, IKE_AUTH with a configuration request and the first
CHILD_SA). A new client starts every 1/R seconds whether or not earlier ones are done (open
loop, as independent users would), so a gateway that falls behind shows as rising latency
and setups in flight rather than as a lower offered rate. When every setup has finished, all
IKE_SAs that came up are held S seconds (the gateway's requests answered), then each is
deleted in an orderly way (INFORMATIONAL with D).

What it reports (stdout; --json for every figure and every client):
  setups/s       established setups over the time from the first start to the last setup
                 done; compare with R to see whether the gateway kept up
  concurrent     IKE_SAs up at the same time: the peak, and how many were still up at the
                 end of the hold (an IKE_SA the gateway deletes meanwhile counts as lost)
  latency        IKE_SA_INIT request sent → IKE_AUTH response verified, per client:
                 p50, p90, p99 and max, established clients only
  failures       setups that failed, counted by reason: the IKEv2 notify the gateway sent
                 (AUTHENTICATION_FAILED, NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE, ...), or 'no
                 response to IKE_SA_INIT' when every retransmission went unanswered (a
                 gateway that drops requests: half-open limits, a full receive buffer)
  resources      peak RSS and CPU time of this process, and its event-loop delay: a high
                 delay means this machine, not the gateway, limited the run

All clients send from this machine's one address, so a gateway's per-address limits act on
the whole load as if it were one aggressive peer. strongSwan answers with COOKIEs from the
3rd half-open IKE_SA of one address (charon.cookie_threshold_ip) and ignores IKE_SA_INITs
from the 5th (charon.block_threshold): latency then grows by round trips and 1 s
retransmissions, and 'no response to IKE_SA_INIT' failures appear. To measure the gateway
rather than its defences, raise both, as fixtures/gateways/load/strongswan.conf does.

While it runs, stderr shows progress: one line redrawn in place on a terminal, a line every
5 seconds otherwise (CI logs).

gateway and load:
  --gateway ADDR        the gateway's IPv4 or IPv6 address
  --clients N           how many clients (1 to 100000)
  --rate R              new setups per second (may be fractional, e.g. 0.5)
  --hold S              seconds to keep every IKE_SA up once all setups are done (default 0)
  --ping ADDR           one ICMP echo through each client's tunnel right after its setup,
                        from its virtual IP (e.g. an address on the gateway's inside)

client:
  --profile P           which client every simulated client is (default strongswan):
                        ${Object.keys(PROFILES).join(', ')};
                        its IKE_SA_INIT and IKE_AUTH as 'ikescope connect --profile' sends
                        them (proposals, Vendor IDs, notifies, configuration attributes)
  --negotiate-dh2048-aes256 N
                        Windows' registry value NegotiateDH2048_AES256, for the windows
                        profiles: 0 (default) MODP_1024 proposals only, 1 also AES-256 with
                        MODP_2048, 2 only those
  --id PATTERN          identities (IDi); {n} is replaced with the client's number, 1 to N,
                        and must be there: every client needs its own identity, or the
                        gateway's INITIAL_CONTACT handling replaces one client's IKE_SA with
                        the next one's (default ${DEFAULT_ID})
  --remote-id ID        the gateway's identity to ask for (IDr); default: none sent
  --proposal P          IKE proposal, swanctl.conf syntax; repeat for several; replaces the
                        profile's; the first key exchange method is the KE sent
  --esp-proposal P      ESP proposal; replaces the profile's
  --local ADDR          local address to send from (default: the route's)
  --natt force|auto     force UDP encapsulation with a NAT_DETECTION_SOURCE_IP of no real
                        address (default), or send the true hash (see 'ikescope connect --help')

Every client asks for an IPv4 and an IPv6 virtual address and offers traffic selectors of
both families: a pool of documentation addresses for IPv4 has room for 254 clients at most,
so a gateway under load usually gives out IPv6 addresses (the lab's 'load' gateway does).

authentication (as 'ikescope connect' takes it; secrets from files only, never printed; not
with certificates, where one certificate is one identity):
  --psk-file F          one pre-shared key for every client (the gateway matches it to the
                        identities, e.g. swanctl.conf 'id = *@load.example.net')
  --user PATTERN        EAP-MSCHAPv2 (or --eap md5) with user names from PATTERN ({n} as
                        in --id), all with the password of --password-file; the gateway's
                        certificate is checked against --ca
  --password-file F     the EAP password
  --ca FILE             CA certificate(s) the gateway's chain must lead to; repeatable
  --server-name N       the name the gateway's certificate must carry (default ADDR)
  --eap M               mschapv2 (default) or md5

output:
  --json FILE           every figure and one record per client (identity, eapIdentity with
                        --user, IKE SPIs ispi and rspi, which swanctl --list-sas shows as
                        <ispi>_i <rspi>_r, outcome, latency, reason, virtual IPs, CHILD_SA
                        SPIs), schema ikescope.load/1;
                        '-' for stdout instead of the summary

exit codes: 0 every client established and held (and, with --ping, every echo answered);
1 some did not (the summary says why); 2 usage error. Ctrl-C stops starting clients, deletes
the IKE_SAs that are up, and reports what was done.

examples:
  ikescope suite load --gateway 198.51.100.1 --clients 1000 --rate 50 --psk-file load.psk \\
      --remote-id vpn.example.net --hold 30 --json load.json
  ikescope suite load --gateway 198.51.100.1 --clients 20 --rate 10 --psk-file load.psk \\
      --ping 2001:db8:8000::53:1
  ikescope suite load --gateway 198.51.100.1 --clients 1000 --rate 50 --remote-id vpn.example.net \\
      --user 'user{n}@load.example.net' --password-file load.pw --ca root-ca.pem
`;

export const EXIT_LOAD_FAILED = 1;

function positiveNumber(flag: string, v: string | undefined, o: { integer?: boolean; max: number; zero?: boolean }): number {
  if (v === undefined) throw new UsageError(`suite load: ${flag} is required (see --help)`);
  const n = Number(v);
  const ok = Number.isFinite(n) && (o.zero ? n >= 0 : n > 0) && n <= o.max && (!o.integer || Number.isInteger(n));
  if (!ok) throw new UsageError(`suite load: ${flag} takes ${o.integer ? 'a whole number' : 'a number'} ${o.zero ? 'from 0' : 'above 0'} up to ${o.max} (got '${v}')`);
  return n;
}

function proposals(flag: string, values: string[] | undefined, fallback: readonly string[], kind: 'ike' | 'esp'): ProposalSpec[] {
  return (values?.length ? values : fallback).map((text) => {
    const p = parseProposal(text, kind);
    if (!p.ok) throw new UsageError(`suite load: ${flag}: ${p.reason}`);
    return p.value;
  });
}

const numbered = (pattern: string, k: number) => pattern.replaceAll('{n}', String(k));

export async function suiteLoad(argv: string[]): Promise<number> {
  const { values, positionals } = parse('suite load', argv, {
    gateway: { type: 'string' },
    clients: { type: 'string' },
    rate: { type: 'string' },
    hold: { type: 'string' },
    ping: { type: 'string' },
    profile: { type: 'string' },
    'negotiate-dh2048-aes256': { type: 'string' },
    id: { type: 'string' },
    'remote-id': { type: 'string' },
    proposal: { type: 'string', multiple: true },
    'esp-proposal': { type: 'string', multiple: true },
    local: { type: 'string' },
    natt: { type: 'string' },
    'psk-file': { type: 'string' },
    user: { type: 'string' },
    'password-file': { type: 'string' },
    ca: { type: 'string', multiple: true },
    'server-name': { type: 'string' },
    eap: { type: 'string' },
    json: { type: 'string' },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  if (positionals.length) throw new UsageError(`suite load: unexpected argument '${positionals[0]}' (the gateway is --gateway ADDR; see --help)`);
  const gateway = values.gateway;
  if (!gateway) throw new UsageError('suite load: which gateway? --gateway ADDR (see --help)');
  if (!isIP(gateway)) throw new UsageError(`suite load: --gateway must be an IPv4 or IPv6 address (got '${gateway}')`);
  const clients = positiveNumber('--clients', values.clients, { integer: true, max: 100_000 });
  const rate = positiveNumber('--rate', values.rate, { max: 100_000 });
  const hold = values.hold === undefined ? 0 : positiveNumber('--hold', values.hold, { max: 86_400 * 7, zero: true });
  if (values.ping !== undefined && !isIP(values.ping)) throw new UsageError(`suite load: --ping takes an address (got '${values.ping}')`);
  if (values.local !== undefined && !isIP(values.local)) throw new UsageError(`suite load: --local takes an address (got '${values.local}')`);
  const natt = values.natt ?? 'force';
  if (natt !== 'force' && natt !== 'auto') throw new UsageError(`suite load: --natt must be force or auto (got '${natt}')`);
  const profileName = values.profile ?? 'strongswan';
  const profile = PROFILES[profileName];
  if (!profile) throw new UsageError(`suite load: --profile must be one of ${Object.keys(PROFILES).join(', ')} (got '${profileName}')`);
  const dh2048 = values['negotiate-dh2048-aes256'] ?? '0';
  if (dh2048 !== '0' && dh2048 !== '1' && dh2048 !== '2') throw new UsageError(`suite load: --negotiate-dh2048-aes256 must be 0, 1 or 2 (got '${dh2048}')`);
  const po = { negotiateDh2048Aes256: Number(dh2048) as 0 | 1 | 2 };
  const ike = proposals('--proposal', values.proposal, profile.ikeProposals(po), 'ike');
  const esp = proposals('--esp-proposal', values['esp-proposal'], profile.espProposals(po), 'esp');
  const idPattern = values.id ?? DEFAULT_ID;
  if (!idPattern.includes('{n}')) throw new UsageError(`suite load: --id '${idPattern}' has no {n}: every client needs its own identity (e.g. client{n}@example.net)`);

  const credentials = credentialsFor(values);
  const jsonOut = values.json;

  const abort = new AbortController();
  const onSignal = () => { process.stderr.write('\ninterrupted: no new clients; deleting the IKE_SAs that are up\n'); abort.abort(); };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const display = progressDisplay(clients);
  let report: LoadReport;
  try {
    report = await runLoad({
      profile: profileName, clients, rate, holdMs: hold * 1000,
      session: {
        gateway,
        ...(values.local ? { localIp: values.local } : {}),
        ...(values['remote-id'] ? { remoteIdentity: values['remote-id'] } : {}),
        profile, ike, esp,
        virtualIp: { v4: true, v6: true },
        fakeNat: natt === 'force',
      },
      identity: (k) => numbered(idPattern, k),
      credentials,
      ...(values.user ? { eapIdentity: (k: number) => numbered(values.user!, k) } : {}),
      ...(values.ping ? { ping: values.ping } : {}),
      onProgress: display.update,
      abort: abort.signal,
    });
  } finally {
    display.done();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const json = JSON.stringify(report, null, 2) + '\n';
  if (jsonOut === '-') process.stdout.write(json);
  else {
    process.stdout.write(summary(report));
    if (jsonOut) {
      try { writeFileSync(jsonOut, json); } catch (e) { process.stderr.write(`ikescope: suite load: cannot write ${jsonOut}: ${(e as Error).message}\n`); return EXIT_LOAD_FAILED; }
    }
  }
  const allGood = report.setups.established === clients && report.concurrent.atEnd === clients && !report.interrupted
    && Object.keys(report.holdFailures).length === 0
    && (report.pings === null || report.pings.answered === clients);
  return allGood ? EXIT_OK : EXIT_LOAD_FAILED;
}

/** Credentials of client k: one PSK for all, or an EAP peer of its own (its state is per conversation). */
function credentialsFor(values: CredentialValues): (k: number) => Credentials {
  if (values['psk-file'] && values.user) throw new UsageError('suite load: --psk-file or --user, not both');
  if (values['psk-file']) {
    const { credentials } = credentialsFrom('suite load', values, '');
    return () => credentials;
  }
  if (!values.user) throw new UsageError('suite load: how do the clients authenticate? --psk-file F, or --user PATTERN --password-file F --ca CA (see --help)');
  if (!values.user.includes('{n}')) throw new UsageError(`suite load: --user '${values.user}' has no {n}: every client needs its own EAP identity`);
  const user = values.user;
  const eap = passwordEap('suite load', values);
  return (k) => eap(numbered(user, k));
}

const ms = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x < 10 ? x.toFixed(1) : Math.round(x).toString());
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

function progressLine(p: LoadProgress, total: number): string {
  return `load ${p.phase.padEnd(8)} ${(p.elapsedMs / 1000).toFixed(1).padStart(6)} s  started ${p.started}/${total}  in setup ${p.inSetup}  up ${p.concurrent} (peak ${p.peak})`
    + `  failed ${p.failed}${p.lost ? `  lost ${p.lost}` : ''}${p.phase === 'teardown' || p.phase === 'done' ? `  deleted ${p.deleted}` : ''}`
    + `  ${p.setupsPerSecond.toFixed(1)}/s  p50 ${ms(p.p50Ms)} ms  p99 ${ms(p.p99Ms)} ms  RSS ${mb(p.rssBytes)}`;
}

/** One line redrawn in place on a terminal; otherwise a line every 5 s and at each phase change. */
function progressDisplay(total: number): { update: (p: LoadProgress) => void; done: () => void } {
  const err = process.stderr;
  const tty = err.isTTY === true && !process.env.CI;
  let lastLine = 0;
  let lastPhase = '';
  let drawn = false;
  return {
    update(p) {
      if (tty) {
        err.write(`\r${progressLine(p, total).slice(0, Math.max(40, (err.columns || 160) - 1))}\x1b[K`);
        drawn = true;
        return;
      }
      if (p.elapsedMs - lastLine >= 5000 || p.phase !== lastPhase) {
        lastLine = p.elapsedMs;
        lastPhase = p.phase;
        err.write(`${progressLine(p, total)}\n`);
      }
    },
    done() { if (tty && drawn) err.write('\r\x1b[K'); },
  };
}

function reasons(r: Readonly<Record<string, number>>): string {
  const e = Object.entries(r).sort((a, b) => b[1] - a[1]);
  return e.length ? e.map(([k, n]) => `${n} ${k}`).join(', ') : 'none';
}

export function summary(r: LoadReport): string {
  const l = r.latencyMs;
  const lines = [
    `load: ${r.clients} clients (profile ${r.profile}) against ${r.gateway}, ${r.rate} new setups/s offered, held ${r.holdSeconds} s${r.interrupted ? ' — interrupted' : ''}`,
    `  setups      ${r.setups.established} established, ${r.setups.failed} failed of ${r.setups.attempted} started; ${r.setups.perSecond.toFixed(1)}/s achieved (ramp ${r.seconds.ramp.toFixed(1)} s)`,
    `  concurrent  ${r.concurrent.peak} IKE_SAs at the peak, ${r.concurrent.atEnd} at the end of the hold`,
    `  latency     IKE_SA_INIT→IKE_AUTH: ${l ? `p50 ${ms(l.p50)} ms  p90 ${ms(l.p90)} ms  p99 ${ms(l.p99)} ms  max ${ms(l.max)} ms` : 'no setup finished'}`,
    `  failures    ${reasons(r.failures)}`,
  ];
  const cut = r.results.filter((c) => c.outcome === 'interrupted').length;
  if (cut) lines.push(`  interrupted ${cut} clients not started or cut short in their setup`);
  if (Object.keys(r.lost).length) lines.push(`  lost        ${reasons(r.lost)} (ended by the gateway during the hold)`);
  if (Object.keys(r.holdFailures).length) lines.push(`  hold        our requests failed: ${reasons(r.holdFailures)}`);
  if (r.pings) lines.push(`  pings       ${r.pings.answered} of ${r.pings.sent} answered (${r.pings.target})`);
  lines.push(`  teardown    ${r.teardown.deleted} IKE_SAs deleted${Object.keys(r.teardown.failures).length ? `; DELETE failed: ${reasons(r.teardown.failures)}` : ''} (${r.seconds.teardown.toFixed(1)} s)`);
  const d = r.process.eventLoopDelayMs;
  lines.push(`  this process peak RSS ${mb(r.process.peakRssBytes)}, CPU ${r.process.cpuSeconds.toFixed(1)} s, event-loop delay p99 ${ms(d.p99)} ms max ${ms(d.max)} ms`);
  return lines.join('\n') + '\n';
}
