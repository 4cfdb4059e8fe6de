/**
 * Reads a suite file (YAML subset or JSON) into the model, checking every field: a mistake is
 * reported with its place in the file ("cases[2].steps[1]: unknown step \"rekey-all\"") rather
 * than discovered half-way through a run against a gateway. `defaults` are merged into every
 * case; relative paths resolve against the file's directory.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuthMethod, Case, Credentials, Expectations, GatewaySpec, ProposalExpectation, SaKind, Side, Step, Suite } from './model.js';
import { parseYaml, type YamlValue } from './yaml.js';

export type SuiteResult = { ok: true; suite: Suite } | { ok: false; errors: string[] };

type Obj = { [key: string]: YamlValue };

const AUTH: readonly AuthMethod[] = ['eap-mschapv2', 'eap-tls', 'eap-md5', 'cert', 'psk'];
const STEP_KINDS = ['connect', 'ping', 'rekey', 'delete', 'wait', 'move', 'disconnect'] as const;
const HOOKS = ['rekey-child', 'rekey-ike', 'delete-child', 'delete-ike'] as const;

export function loadSuiteFile(path: string): SuiteResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  return parseSuite(text, dirname(resolve(path)));
}

export function parseSuite(text: string, baseDir: string): SuiteResult {
  const y = parseYaml(text);
  if (!y.ok) return { ok: false, errors: [`line ${y.line}: ${y.reason}`] };
  const c = new Checker(baseDir);
  const suite = c.suite(y.value);
  return c.errors.length || !suite ? { ok: false, errors: c.errors } : { ok: true, suite };
}

const isObj = (v: YamlValue | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly errors: string[] = [];
  constructor(private readonly baseDir: string) {}

  private err(at: string, msg: string): undefined {
    this.errors.push(`${at}: ${msg}`);
    return undefined;
  }

  private keys(o: Obj, at: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.err(at, `unknown field "${k}" (known: ${allowed.join(', ')})`);
  }

  private str(o: Obj, k: string, at: string, required = false): string | undefined {
    const v = o[k];
    if (v === undefined || v === null) return required ? this.err(at, `"${k}" is required`) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') return this.err(`${at}.${k}`, 'expected a string');
    return String(v);
  }

  private path(o: Obj, k: string, at: string): string | undefined {
    const s = this.str(o, k, at);
    return s === undefined ? undefined : resolve(this.baseDir, s);
  }

  private bool(o: Obj, k: string, at: string): boolean | undefined {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.err(`${at}.${k}`, 'expected true or false');
    return v;
  }

  private oneOf<T extends string>(v: YamlValue | undefined, options: readonly T[], at: string): T | undefined {
    if (typeof v !== 'string' || !options.includes(v as T)) return this.err(at, `expected one of ${options.join(', ')}, found ${JSON.stringify(v)}`);
    return v as T;
  }

  private strings(v: YamlValue | undefined, at: string): string[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return this.err(at, 'expected a list of strings');
    return v as string[];
  }

  suite(v: YamlValue): Suite | undefined {
    if (!isObj(v)) return this.err('suite file', 'expected a mapping with "suite" and "cases"');
    this.keys(v, 'suite file', ['suite', 'description', 'gateway', 'credentials', 'defaults', 'cases']);
    const name = this.str(v, 'suite', 'suite file', true);
    const gateway = this.gateway(v.gateway);
    const creds = this.credentialTable(v.credentials);
    const defaults = v.defaults === undefined ? {} : isObj(v.defaults) ? v.defaults : (this.err('defaults', 'expected a mapping'), {});
    if (!Array.isArray(v.cases) || !v.cases.length) return this.err('cases', 'expected a non-empty list of cases');
    const cases: Case[] = [];
    const ids = new Set<string>();
    v.cases.forEach((raw, i) => {
      const at = `cases[${i}]`;
      if (!isObj(raw)) return this.err(at, 'expected a mapping');
      const merged: Obj = { ...defaults, ...raw };
      if (isObj(defaults.expect) && isObj(raw.expect)) merged.expect = { ...defaults.expect, ...raw.expect };
      const c = this.case(merged, at, creds);
      if (!c) return;
      if (ids.has(c.id)) return this.err(at, `duplicate case id "${c.id}"`);
      ids.add(c.id);
      cases.push(c);
    });
    for (const c of cases) if (c.via && gateway && !(c.via in gateway.alternates)) this.err(`cases (${c.id}).via`, `no gateway.alternates.${c.via}`);
    if (!name || !gateway) return undefined;
    return { name, description: typeof v.description === 'string' ? v.description.trim() : '', baseDir: this.baseDir, gateway, cases };
  }

  private gateway(v: YamlValue | undefined): GatewaySpec | undefined {
    if (v === undefined || v === null) return { hooks: {}, alternates: {} };
    if (!isObj(v)) return this.err('gateway', 'expected a mapping');
    this.keys(v, 'gateway', ['address', 'address6', 'ca', 'name', 'hooks', 'ike', 'child', 'alternates']);
    const alternates: Record<string, string> = {};
    if (v.alternates !== undefined && v.alternates !== null) {
      if (!isObj(v.alternates)) this.err('gateway.alternates', 'expected a mapping of names to addresses');
      else for (const [k, a] of Object.entries(v.alternates)) { if (typeof a === 'string') alternates[k] = a; else this.err(`gateway.alternates.${k}`, 'expected an address'); }
    }
    const hooks: Partial<Record<(typeof HOOKS)[number], string>> = {};
    if (v.hooks !== undefined && v.hooks !== null) {
      if (!isObj(v.hooks)) this.err('gateway.hooks', 'expected a mapping');
      else {
        this.keys(v.hooks, 'gateway.hooks', HOOKS);
        for (const h of HOOKS) { const s = this.str(v.hooks, h, 'gateway.hooks'); if (s) hooks[h] = s; }
      }
    }
    const g: { -readonly [K in keyof GatewaySpec]: GatewaySpec[K] } = { hooks, alternates };
    for (const k of ['address', 'address6', 'name', 'ike', 'child'] as const) { const s = this.str(v, k, 'gateway'); if (s !== undefined) g[k] = s; }
    const ca = this.path(v, 'ca', 'gateway');
    if (ca) g.ca = ca;
    return g;
  }

  private credentialTable(v: YamlValue | undefined): Map<string, Credentials> {
    const out = new Map<string, Credentials>();
    if (v === undefined || v === null) return out;
    if (!isObj(v)) { this.err('credentials', 'expected a mapping of names to credentials'); return out; }
    for (const [name, c] of Object.entries(v)) {
      const cred = this.credentials(c, `credentials.${name}`);
      if (cred) out.set(name, cred);
    }
    return out;
  }

  private credentials(v: YamlValue | undefined, at: string): Credentials | undefined {
    if (!isObj(v)) return this.err(at, 'expected a mapping');
    if ('password' in v || 'psk' in v) return this.err(at, 'secrets go in files: use passwordFile or pskFile, never the secret itself');
    this.keys(v, at, ['identity', 'user', 'passwordFile', 'cert', 'key', 'pskFile']);
    const c: { -readonly [K in keyof Credentials]: Credentials[K] } = {};
    for (const k of ['identity', 'user'] as const) { const s = this.str(v, k, at); if (s !== undefined) c[k] = s; }
    for (const k of ['passwordFile', 'cert', 'key', 'pskFile'] as const) { const p = this.path(v, k, at); if (p) c[k] = p; }
    return c;
  }

  private case(v: Obj, at: string, table: Map<string, Credentials>): Case | undefined {
    this.keys(v, at, ['id', 'title', 'profile', 'auth', 'credentials', 'connection', 'via', 'site', 'ipv6', 'proposal', 'espProposal', 'fragmentation', 'negotiateDh2048Aes256', 'steps', 'expect', 'tags']);
    const id = this.str(v, 'id', at, true);
    const profile = this.str(v, 'profile', at, true);
    const auth = v.auth === undefined ? this.err(at, '"auth" is required') : this.oneOf(v.auth, AUTH, `${at}.auth`);
    let credentials: Credentials | undefined;
    if (typeof v.credentials === 'string') {
      credentials = table.get(v.credentials);
      if (!credentials) this.err(`${at}.credentials`, `no credentials named "${v.credentials}" (known: ${[...table.keys()].join(', ') || 'none'})`);
    } else credentials = v.credentials === undefined ? {} : this.credentials(v.credentials, `${at}.credentials`);
    const site = v.site === undefined ? 'direct' : this.oneOf(v.site, ['direct', 'nat'] as const, `${at}.site`);
    const ndh = v.negotiateDh2048Aes256;
    if (ndh !== undefined && ndh !== 0 && ndh !== 1 && ndh !== 2) this.err(`${at}.negotiateDh2048Aes256`, 'expected 0, 1 or 2 (the Windows registry value)');
    const steps = this.steps(v.steps, `${at}.steps`);
    const expect = this.expect(v.expect, `${at}.expect`);
    const tags = this.strings(v.tags, `${at}.tags`) ?? [];
    if (!id || !profile || !auth || !credentials || !site || !steps || !expect) return undefined;
    const c: { -readonly [K in keyof Case]: Case[K] } = {
      id, title: this.str(v, 'title', at) ?? id, profile, auth, credentials, site, ipv6: this.bool(v, 'ipv6', at) ?? false, steps, expect, tags,
    };
    const via = this.str(v, 'via', at);
    if (via) c.via = via;
    const connection = this.str(v, 'connection', at);
    if (connection) c.connection = connection;
    const proposal = this.str(v, 'proposal', at);
    if (proposal) c.proposal = proposal;
    const esp = this.str(v, 'espProposal', at);
    if (esp) c.espProposal = esp;
    const frag = this.bool(v, 'fragmentation', at);
    if (frag !== undefined) c.fragmentation = frag;
    if (ndh === 0 || ndh === 1 || ndh === 2) c.negotiateDh2048Aes256 = ndh;
    return c;
  }

  private steps(v: YamlValue | undefined, at: string): Step[] | undefined {
    if (v === undefined || v === null) return [{ kind: 'connect' }];
    if (!Array.isArray(v)) return this.err(at, 'expected a list of steps');
    const out: Step[] = [];
    v.forEach((s, i) => {
      const step = this.step(s, `${at}[${i}]`);
      if (step) out.push(step);
    });
    if (out[0]?.kind !== 'connect') this.err(at, 'the first step must be "connect"');
    return out;
  }

  private step(s: YamlValue, at: string): Step | undefined {
    let kind: string;
    let arg: YamlValue | undefined;
    if (typeof s === 'string') kind = s;
    else if (isObj(s) && Object.keys(s).length === 1) [kind, arg] = Object.entries(s)[0]!;
    else return this.err(at, 'expected a step name or a one-key mapping like "ping: 192.0.2.200"');
    if (!(STEP_KINDS as readonly string[]).includes(kind)) return this.err(at, `unknown step "${kind}" (known: ${STEP_KINDS.join(', ')})`);
    const saBy = (x: YamlValue | undefined): { sa: SaKind; by: Side } | undefined => {
      if (typeof x === 'string') { const sa = this.oneOf(x, ['child', 'ike'] as const, `${at}.${kind}`); return sa && { sa, by: 'client' }; }
      if (!isObj(x)) return this.err(`${at}.${kind}`, 'expected child, ike or {sa: child|ike, by: client|gateway}');
      this.keys(x, `${at}.${kind}`, ['sa', 'by']);
      const sa = this.oneOf(x.sa, ['child', 'ike'] as const, `${at}.${kind}.sa`);
      const by = x.by === undefined ? 'client' : this.oneOf(x.by, ['client', 'gateway'] as const, `${at}.${kind}.by`);
      return sa && by ? { sa, by } : undefined;
    };
    switch (kind) {
      case 'connect': case 'disconnect':
        if (arg !== undefined && arg !== null) return this.err(at, `"${kind}" takes no argument`);
        return { kind };
      case 'ping': {
        if (typeof arg === 'string') return { kind, to: arg, count: 3 };
        if (!isObj(arg)) return this.err(at, 'expected "ping: ADDRESS" or "ping: {to: ADDRESS, count: N}"');
        this.keys(arg, `${at}.ping`, ['to', 'count']);
        const to = this.str(arg, 'to', `${at}.ping`, true);
        const count = arg.count ?? 3;
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) return this.err(`${at}.ping.count`, 'expected a whole number from 1 to 1000');
        return to ? { kind, to, count } : undefined;
      }
      case 'rekey': case 'delete': {
        const x = saBy(arg);
        return x && { kind, ...x };
      }
      case 'wait':
        if (typeof arg !== 'number' || !(arg >= 0) || arg > 3600) return this.err(at, 'expected "wait: SECONDS" (0 to 3600)');
        return { kind, seconds: arg };
      case 'move':
        if (typeof arg !== 'string') return this.err(at, 'expected "move: ADDRESS"');
        return { kind, to: arg };
    }
    return undefined;
  }

  private proposal(v: YamlValue | undefined, at: string): ProposalExpectation | undefined {
    if (!isObj(v)) return this.err(at, 'expected a mapping of encr, integ, prf, dh');
    this.keys(v, at, ['encr', 'integ', 'prf', 'dh']);
    const p: { -readonly [K in keyof ProposalExpectation]: ProposalExpectation[K] } = {};
    for (const k of ['encr', 'integ', 'prf', 'dh'] as const) { const s = this.str(v, k, at); if (s !== undefined) p[k] = s; }
    return p;
  }

  private expect(v: YamlValue | undefined, at: string): Expectations | undefined {
    if (v === undefined || v === null) return this.err(at, 'every case needs expectations ("expect"): a case that checks nothing cannot fail');
    if (!isObj(v)) return this.err(at, 'expected a mapping');
    this.keys(v, at, ['established', 'refused', 'proposal', 'address', 'childSurvivesRekey', 'espRoundTrip', 'fragmented', 'moved', 'findings']);
    const e: { -readonly [K in keyof Expectations]: Expectations[K] } = {};
    for (const k of ['established', 'childSurvivesRekey', 'espRoundTrip', 'fragmented', 'moved'] as const) { const b = this.bool(v, k, at); if (b !== undefined) e[k] = b; }
    if (v.refused !== undefined) {
      if (typeof v.refused === 'string') e.refused = { notify: v.refused };
      else if (isObj(v.refused)) {
        this.keys(v.refused, `${at}.refused`, ['notify', 'exchange']);
        const notify = this.str(v.refused, 'notify', `${at}.refused`, true);
        const exchange = this.str(v.refused, 'exchange', `${at}.refused`);
        if (notify) e.refused = exchange ? { notify, exchange } : { notify };
      } else this.err(`${at}.refused`, 'expected a notify name or {notify, exchange}');
    }
    if (v.proposal !== undefined) {
      if (!isObj(v.proposal)) this.err(`${at}.proposal`, 'expected {ike: {...}, esp: {...}}');
      else {
        this.keys(v.proposal, `${at}.proposal`, ['ike', 'esp']);
        const ike = v.proposal.ike === undefined ? undefined : this.proposal(v.proposal.ike, `${at}.proposal.ike`);
        const esp = v.proposal.esp === undefined ? undefined : this.proposal(v.proposal.esp, `${at}.proposal.esp`);
        e.proposal = { ...(ike ? { ike } : {}), ...(esp ? { esp } : {}) };
      }
    }
    if (v.address !== undefined) { const a = this.oneOf(v.address, ['ipv4', 'ipv6', 'both', 'none'] as const, `${at}.address`); if (a) e.address = a; }
    if (v.findings !== undefined) {
      if (!isObj(v.findings)) this.err(`${at}.findings`, 'expected {present: [...], absent: [...], maxSeverity: ...}');
      else {
        this.keys(v.findings, `${at}.findings`, ['present', 'absent', 'maxSeverity']);
        const present = this.strings(v.findings.present, `${at}.findings.present`);
        const absent = this.strings(v.findings.absent, `${at}.findings.absent`);
        const max = v.findings.maxSeverity === undefined ? undefined : this.oneOf(v.findings.maxSeverity, ['error', 'warning', 'info', 'none'] as const, `${at}.findings.maxSeverity`);
        e.findings = { ...(present ? { present } : {}), ...(absent ? { absent } : {}), ...(max ? { maxSeverity: max } : {}) };
      }
    }
    if (!Object.keys(e).length) return this.err(at, 'no expectation given: a case that checks nothing cannot fail');
    if (e.established === false && e.espRoundTrip) this.err(at, 'espRoundTrip cannot hold for a session expected not to establish');
    return e;
  }
}
