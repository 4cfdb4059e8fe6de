/**
 * `ikescope suite case FILE --case ID --gateway ADDR --dir DIR`: one case of a suite, in this
 * process, with the reference initiator (src/endpoint). It leaves in DIR the capture, the key
 * log, its log and outcome.json (what the endpoint itself saw: established or why not, the
 * virtual addresses, the pings); `suite run` then judges the case by analysing the capture.
 * Gateway-side steps run the suite's hook commands.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionCapture } from '../../src/endpoint/capture.js';
import { PROFILES } from '../../src/endpoint/profiles/index.js';
import { parseProposal, type ProposalSpec } from '../../src/endpoint/proposals.js';
import { Session, type Credentials } from '../../src/endpoint/session.js';
import { writeKeyLog } from '../../src/keys/key-log.js';
import { fail, ok, type Decoded } from '../../src/problem.js';
import { loadSuiteFile } from '../../src/suite/load.js';
import type { Case, GatewaySpec, Step } from '../../src/suite/model.js';
import type { EndpointOutcome } from '../../src/suite/oracle.js';
import { CASE_FILES } from '../../src/suite/run.js';
import { parse } from '../args.js';
import { credentialsFrom, type CredentialValues } from '../credentials-option.js';
import { EXIT_OK, UsageError } from '../usage-error.js';
import { sleep } from '../../src/sleep.js';


/** The case's credentials as the options `connect` takes, so both build them the same way. */
function credentials(c: Case, gw: GatewaySpec, gateway: string): Decoded<Credentials> {
  const cr = c.credentials;
  const trust = { ...(gw.ca ? { ca: [gw.ca] } : {}), ...(gw.name ? { 'server-name': gw.name } : {}), ...(c.profile.startsWith('windows') ? { 'windows-checks': true } : {}) };
  const values: CredentialValues =
    c.auth === 'psk' ? { ...(cr.pskFile ? { 'psk-file': cr.pskFile } : {}) }
      : c.auth === 'cert' ? { ...trust, ...(cr.cert ? { cert: cr.cert } : {}), ...(cr.key ? { key: cr.key } : {}) }
        : c.auth === 'eap-tls' ? { ...trust, eap: 'tls', ...(cr.cert ? { cert: cr.cert } : {}), ...(cr.key ? { key: cr.key } : {}), ...(cr.user ? { user: cr.user } : {}) }
          : { ...trust, eap: c.auth === 'eap-md5' ? 'md5' : 'mschapv2', ...(cr.user ? { user: cr.user } : {}), ...(cr.passwordFile ? { 'password-file': cr.passwordFile } : {}) };
  try {
    return ok(credentialsFrom(`case ${c.id}`, values, gateway).credentials);
  } catch (e) {
    return fail(0, (e as Error).message);
  }
}

function proposalsOf(texts: readonly string[], kind: 'ike' | 'esp'): Decoded<ProposalSpec[]> {
  const out: ProposalSpec[] = [];
  for (const t of texts) {
    const p = parseProposal(t, kind);
    if (!p.ok) return p;
    out.push(p.value);
  }
  return ok(out);
}

/** Runs a gateway hook with {ike}, {child} and {client} filled in; its output goes to the case log. */
function runHook(command: string, vars: Record<string, string>, log: (l: string) => void): Promise<Decoded<true>> {
  const line = command.replace(/\{(ike|child|client)\}/g, (_, k: string) => vars[k] ?? '');
  log(`hook: ${line}`);
  return new Promise((resolve) => {
    const p = spawn('/bin/sh', ['-c', line], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', (e) => resolve(fail(0, `hook ${line}: ${e.message}`)));
    p.on('close', (code) => {
      for (const l of out.trim().split('\n').filter(Boolean)) log(`hook| ${l}`);
      resolve(code === 0 ? ok(true) : fail(0, `hook "${line}" exited with ${code}`));
    });
  });
}

export async function suiteCase(argv: string[]): Promise<number> {
  const { values, positionals } = parse('suite case', argv, {
    case: { type: 'string' }, gateway: { type: 'string' }, dir: { type: 'string' }, hook: { type: 'string', multiple: true },
  });
  const file = positionals[0];
  if (!file || !values.case || !values.gateway || !values.dir) throw new UsageError("suite case: FILE --case ID --gateway ADDR --dir DIR (see 'ikescope suite --help')");
  const loaded = loadSuiteFile(file);
  if (!loaded.ok) throw new UsageError(`${file}: ${loaded.errors[0]}`);
  const suite = loaded.suite;
  const c = suite.cases.find((x) => x.id === values.case);
  if (!c) throw new UsageError(`suite case: no case "${values.case}" in ${file}`);
  const hooks: Record<string, string> = { ...suite.gateway.hooks };
  for (const h of values.hook ?? []) { const i = h.indexOf('='); if (i > 0) hooks[h.slice(0, i)] = h.slice(i + 1); }
  mkdirSync(values.dir, { recursive: true });
  const logFile = createWriteStream(join(values.dir, CASE_FILES.log));
  const started = performance.now();
  const log = (l: string) => logFile.write(`${((performance.now() - started) / 1000).toFixed(3).padStart(7)} ${l}\n`);
  const outcome = await runCase(c, suite.gateway, values.gateway, values.dir, hooks, log);
  writeFileSync(join(values.dir, CASE_FILES.outcome), JSON.stringify(outcome, null, 2) + '\n');
  log(outcome.failure ? `case ended: ${outcome.failure}` : 'case ended');
  await new Promise<void>((r) => logFile.end(r));
  return EXIT_OK;
}

async function runCase(c: Case, gw: GatewaySpec, gateway: string, dir: string, hooks: Record<string, string>, log: (l: string) => void): Promise<EndpointOutcome> {
  const down = (failure: string): EndpointOutcome => ({ established: false, failure, virtualIps: [], pings: { sent: 0, received: 0 } });
  const profile = PROFILES[c.profile];
  if (!profile) return down(`no client profile "${c.profile}" (known: ${Object.keys(PROFILES).join(', ')})`);
  const creds = credentials(c, gw, gateway);
  if (!creds.ok) return down(creds.reason);
  const po = { negotiateDh2048Aes256: c.negotiateDh2048Aes256 ?? 0 };
  const ike = proposalsOf(c.proposal ? [c.proposal] : profile.ikeProposals(po), 'ike');
  const esp = proposalsOf(c.espProposal ? [c.espProposal] : profile.espProposals(po), 'esp');
  if (!ike.ok) return down(`proposal: ${ike.reason}`);
  if (!esp.ok) return down(`espProposal: ${esp.reason}`);
  const capture = new SessionCapture(join(dir, CASE_FILES.pcap));

  const session = new Session({
    gateway, credentials: creds.value, profile, ike: ike.value, esp: esp.value,
    ...(c.credentials.identity ? { identity: c.credentials.identity } : {}),
    ...(gw.name && profile.sendsIdr ? { remoteIdentity: gw.name } : {}),
    virtualIp: { v4: true, v6: c.ipv6 || c.steps.some((x) => x.kind === 'ping' && x.to.includes(':')) },
    fakeNat: true, capture, log,
  });
  let pings = { sent: 0, received: 0 };
  let failure: string | undefined;
  let established = false;
  const vars = { ike: c.connection ?? gw.ike ?? '', child: c.connection ?? gw.child ?? '', client: '' };
  const step = async (s: Step): Promise<Decoded<true>> => {
    switch (s.kind) {
      case 'connect': {
        const r = await session.connect();
        if (r.ok) established = true;
        return r;
      }
      case 'ping': {
        const r = await session.ping(s.to, s.count);
        if (!r.ok) return r;
        pings = { sent: pings.sent + r.value.sent, received: pings.received + r.value.received };
        return ok(true);
      }
      case 'wait': return session.hold(s.seconds * 1000);
      case 'rekey':
        if (s.by === 'client') return s.sa === 'child' ? session.rekeyChild() : session.rekeyIke();
        return gatewayStep(`rekey-${s.sa}`);
      case 'delete':
        if (s.by === 'client' && s.sa === 'ike') return session.close();
        if (s.by === 'client') return fail(0, 'deleting a CHILD_SA from the client is not supported by the endpoint');
        return gatewayStep(`delete-${s.sa}`);
      case 'disconnect': return session.close();
      case 'move': {
        const deletes = session.facts.gatewayDeletes;
        const r = await session.moveTo(s.to);
        if (!r.ok) return r;
        // A gateway that cannot move its SAs in place (strongSwan on kernel-libipsec) rekeys the
        // CHILD_SA to the new address and deletes the old one: let that finish before traffic.
        for (let i = 0; i < 15 && session.facts.gatewayDeletes === deletes && !session.endReason; i++) await sleep(100);
        return ok(true);
      }
    }
  };
  const gatewayStep = async (hook: string): Promise<Decoded<true>> => {
    const cmd = hooks[hook];
    if (!cmd) return fail(0, `a gateway-side ${hook} needs a hook (gateway.hooks.${hook} in the suite, or --hook ${hook}=COMMAND)`);
    const before = session.facts.rekeys.length;
    const deletesBefore = session.facts.gatewayDeletes;
    const r = await runHook(cmd, vars, log);
    if (!r.ok) return r;
    // The gateway's request arrives after the hook returns; the session answers it meanwhile.
    // A rekey is over when the gateway has deleted the old SA too (RFC 7296 §2.8): traffic sent
    // before that races the DELETE, and an echo answered on the old SA would be lost.
    if (hook.startsWith('rekey')) {
      for (let i = 0; i < 50 && (session.facts.rekeys.length === before || session.facts.gatewayDeletes === deletesBefore) && !session.endReason; i++) await sleep(100);
    }
    return ok(true);
  };
  for (const s of c.steps) {
    log(`step ${s.kind}${'sa' in s ? ` ${s.sa} by ${s.by}` : ''}${'to' in s ? ` ${s.to}` : ''}${'seconds' in s ? ` ${s.seconds} s` : ''}`);
    const r = await step(s);
    if (!r.ok) { failure = r.reason; break; }
    if (session.endReason) { failure = session.endReason; break; }
  }
  // Always: it sends the DELETE when there is an IKE_SA, and closes the sockets either way.
  const closed = await session.close();
  if (established && !failure && !closed.ok) failure = closed.reason;
  await capture.close();
  const w = writeKeyLog(join(dir, CASE_FILES.keylog), session.keyStore());
  if (!w.ok && !failure) failure = w.reason;
  const f = session.facts;
  return { established, ...(failure ? { failure } : {}), virtualIps: [f.vip4, f.vip6].filter((x): x is string => !!x), pings };
}
