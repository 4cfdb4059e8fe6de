/** `ikescope connect`: the reference IKEv2 initiator against a real gateway (src/endpoint). */
import { isIP } from 'node:net';
import { SessionCapture } from '../../src/endpoint/capture.js';
import { parseProposal, type ProposalSpec } from '../../src/endpoint/proposals.js';
import { parseSelector } from '../../src/endpoint/traffic-selectors.js';
import { Session } from '../../src/endpoint/session.js';
import { checkClientCertificate } from '../../src/endpoint/credentials.js';
import { PROFILES } from '../../src/endpoint/profiles/index.js';
import { writeKeyLog } from '../../src/keys/key-log.js';
import { CREDENTIAL_OPTIONS, CREDENTIALS_HELP, credentialsFrom } from '../credentials-option.js';
import { parse } from '../args.js';
import { EXIT_OK, UsageError } from '../usage-error.js';

const HELP = `usage: ikescope connect GATEWAY (--psk-file F | --user U --password-file F --ca CA
                        | --cert C --key K --ca CA | --eap tls --cert C --key K --user U --ca CA)
                        [--profile P] [--id ID] [--remote-id ID] [--add-child TSR] [--ping ADDR]
                        [--hold S] [--rekey-child-after S] [--rekey-ike-after S] [--dpd S]
                        [--pcap F] [--keylog F] [--proposal P] [--esp-proposal P]

Connects to an IKEv2 gateway as a road-warrior client would: IKE_SA_INIT, IKE_AUTH with a
configuration request (a virtual IP and DNS servers) and the first CHILD_SA, then traffic
through the tunnel in userspace ESP, then an orderly DELETE. Each exchange is printed as it
happens, then a summary (SAs, chosen proposals, assigned addresses, pings).

ESP always travels UDP-encapsulated on port 4500 (RFC 3948): Node.js has no raw socket for
IP protocol 50. To make the gateway encapsulate even where no NAT is on the path, ikescope
sends a NAT_DETECTION_SOURCE_IP hash of no real address, as strongSwan's 'encap = yes' does;
the gateway then believes we are behind a NAT (its log says so). --natt auto sends the true
hash instead (ESP then only works where a NAT really is in between).

client profile:
  --profile P           which client to be: ${Object.keys(PROFILES).join(', ')} (default strongswan).
                        A profile fixes the IKE_SA_INIT (Vendor IDs, proposals and their
                        order, notifies, payload order), the IKE_AUTH shape (IDr or not,
                        configuration attributes such as Windows' 23456/23457), and the
                        client's quirks: windows-10 behind a NAT refuses a gateway-initiated
                        CHILD_SA rekey with N(12345) 13863, and refuses an IKE_SA rekey in
                        another group than the negotiated one without INVALID_KE_PAYLOAD
  --negotiate-dh2048-aes256 N
                        Windows' registry value NegotiateDH2048_AES256: 0 (default) MODP_1024
                        proposals only, 1 also AES-256 with MODP_2048, 2 only those

${CREDENTIALS_HELP}

what to do once connected:
  --add-child TSR[,TSR...]
                        one more CHILD_SA (CREATE_CHILD_SA without REKEY_SA, RFC 7296 §1.3.1)
                        for the gateway's side TSR: subnets, addresses or FROM-TO ranges, each
                        optionally with a protocol and ports as 'analyze' prints them, e.g.
                        --add-child 10.2.0.0/24 or 10.2.0.0/24[udp/53]; our side is the
                        virtual IP. With a KE (PFS)
                        when --esp-proposal has a group. Repeat for several. The gateway may
                        narrow what is asked (§2.9); a refusal (TS_UNACCEPTABLE,
                        NO_PROPOSAL_CHOSEN) fails the run (exit 1) but the IKE_SA and the
                        other steps carry on. --ping goes through the CHILD_SA whose TSr
                        covers ADDR
  --ping ADDR           ICMP echo requests to ADDR through the tunnel, from the virtual IP
                        (e.g. 192.0.2.200, a host behind the gateway); fails if none is answered
  --count N             how many echo requests (default 3)
  --hold S              stay connected S seconds, then disconnect: the gateway's requests are
                        answered meanwhile (liveness checks, CHILD_SA and IKE_SA rekeys, DELETEs);
                        Ctrl-C disconnects at once, with a DELETE. With --ping and a rekey, the
                        pings are sent again at the end, through the new CHILD_SA
  --rekey-child-after S rekey the newest CHILD_SA S seconds into --hold (CREATE_CHILD_SA with
                        N(REKEY_SA); with a KE when --esp-proposal has a group: PFS), then
                        delete the old one
  --rekey-ike-after S   rekey the IKE_SA S seconds into --hold (RFC 7296 §2.18), then delete
                        the old one; the CHILD_SAs move to the new IKE_SA
  --move-to ADDR        MOBIKE (RFC 4555): S seconds into --hold (--move-after, default 1) move
                        the IKE_SA to our local address ADDR with UPDATE_SA_ADDRESSES, as a
                        client changing networks does; the pings are sent again afterwards
  --move-after S        when to move (seconds into --hold)
  --keepalive S         NAT-T keepalives every S seconds when we are behind a NAT (RFC 3948
                        §4; default 20)
  --dpd S               send a liveness check when nothing came from the gateway for S seconds

what to keep:
  --pcap F              write what was sent and received to F (pcap, raw IP; the IP and UDP
                        headers are rebuilt with the real addresses and ports)
  --keylog F            write every IKE and ESP key to F (JSON, schema ikescope.keys/1) and
                        Wireshark's tables to the folder F.wireshark/ (ikev2_decryption_table,
                        esp_sa, preferences): ikescope analyze --keys F, or
                        WIRESHARK_CONFIG_DIR=F.wireshark wireshark -r PCAP

proposals (strongSwan's swanctl.conf syntax):
  --proposal P          IKE proposal, e.g. aes128gcm16-prfsha256-ecp256; repeat for several;
                        replaces the profile's; the first key exchange method is the KE sent
  --esp-proposal P      ESP proposal, e.g. aes256-sha1; replaces the profile's

network:
  --local ADDR          local address to send from (default: the route's)
  --natt force|auto     see above (default force)
  --fragment-size N     IKEv2 fragmentation (RFC 7383) of messages whose IP packet would exceed
                        N octets (default 1280), when the gateway supports it; received
                        fragments are always reassembled

exit codes: 0 the session did all it was asked, 1 it failed (the reason on stderr in one
line), 2 usage error

examples:
  ikescope connect 198.51.100.1 --psk-file gw.psk --id client.example.net --ping 192.0.2.200
  ikescope connect 198.51.100.1 --psk-file gw.psk --pcap s.pcap --keylog s.keys.json --hold 30
  ikescope connect 198.51.100.1 --psk-file gw.psk --add-child 10.2.0.0/24 --ping 10.2.0.1
  ikescope connect 198.51.100.1 --user user1 --password-file pw --ca root-ca.pem --ping 192.0.2.200
  ikescope connect 198.51.100.1 --cert alice.pem --key alice.key --ca root-ca.pem --id alice.example.net
  ikescope connect 198.51.100.1 --eap tls --cert alice.pem --key alice.key --user alice.example.net --ca root-ca.pem
  ikescope analyze s.pcap --keys s.keys.json
`;

export const EXIT_SESSION_FAILED = 1;


function proposals(flag: string, values: string[] | undefined, fallback: readonly string[], kind: 'ike' | 'esp'): ProposalSpec[] {
  return (values?.length ? values : fallback).map((text) => {
    const p = parseProposal(text, kind);
    if (!p.ok) throw new UsageError(`connect: ${flag}: ${p.reason}`);
    return p.value;
  });
}

function seconds(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`connect: ${flag} takes seconds (got '${v}')`);
  return n;
}

export async function connect(argv: string[]): Promise<number> {
  const { values, positionals } = parse('connect', argv, {
    ...CREDENTIAL_OPTIONS,
    id: { type: 'string' },
    'remote-id': { type: 'string' },
    ping: { type: 'string' },
    count: { type: 'string' },
    hold: { type: 'string' },
    pcap: { type: 'string' },
    keylog: { type: 'string' },
    proposal: { type: 'string', multiple: true },
    'esp-proposal': { type: 'string', multiple: true },
    local: { type: 'string' },
    natt: { type: 'string' },
    'rekey-child-after': { type: 'string' },
    'rekey-ike-after': { type: 'string' },
    dpd: { type: 'string' },
    keepalive: { type: 'string' },
    'fragment-size': { type: 'string' },
    profile: { type: 'string' },
    'move-to': { type: 'string' },
    'move-after': { type: 'string' },
    'negotiate-dh2048-aes256': { type: 'string' },
    'add-child': { type: 'string', multiple: true },
  });
  if (values.help) { process.stdout.write(HELP); return EXIT_OK; }
  if (positionals.length !== 1) throw new UsageError(`connect: which gateway? (usage: ikescope connect GATEWAY --psk-file F; see --help)`);
  const gateway = positionals[0]!;
  if (!isIP(gateway)) throw new UsageError(`connect: GATEWAY must be an IPv4 or IPv6 address (got '${gateway}')`);
  const { credentials, certificate } = credentialsFrom('connect', values, gateway);
  if (values.ping !== undefined && !isIP(values.ping)) throw new UsageError(`connect: --ping takes an address (got '${values.ping}')`);
  if (values.local !== undefined && !isIP(values.local)) throw new UsageError(`connect: --local takes an address (got '${values.local}')`);
  const count = values.count === undefined ? 3 : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 65535) throw new UsageError(`connect: --count takes a number from 1 to 65535 (got '${values.count}')`);
  const hold = seconds('--hold', values.hold);
  const rekeyChildAfter = seconds('--rekey-child-after', values['rekey-child-after']);
  const rekeyIkeAfter = seconds('--rekey-ike-after', values['rekey-ike-after']);
  const dpd = seconds('--dpd', values.dpd);
  const keepalive = seconds('--keepalive', values.keepalive);
  if (keepalive !== undefined && keepalive < 0.1) throw new UsageError('connect: --keepalive takes at least 0.1 seconds');
  if (values['move-to'] !== undefined && !isIP(values['move-to'])) throw new UsageError(`connect: --move-to takes an address (got '${values['move-to']}')`);
  const moveAfter = seconds('--move-after', values['move-after']) ?? 1;
  if (values['move-to'] !== undefined && hold === undefined) throw new UsageError('connect: --move-to acts during --hold S (see --help)');
  if ((rekeyChildAfter !== undefined || rekeyIkeAfter !== undefined || dpd !== undefined) && hold === undefined) {
    throw new UsageError('connect: --rekey-child-after, --rekey-ike-after and --dpd act during --hold S (see --help)');
  }
  const addChildren = (values['add-child'] ?? []).map((list) => list.split(',').map((text) => {
    const ts = parseSelector(text.trim());
    if (!ts.ok) throw new UsageError(`connect: --add-child: ${ts.reason}`);
    return ts.value;
  }));
  const fragmentSize = values['fragment-size'] === undefined ? undefined : Number(values['fragment-size']);
  if (fragmentSize !== undefined && (!Number.isInteger(fragmentSize) || fragmentSize < 256 || fragmentSize > 65535)) {
    throw new UsageError(`connect: --fragment-size takes octets from 256 to 65535 (got '${values['fragment-size']}')`);
  }
  const natt = values.natt ?? 'force';
  if (natt !== 'force' && natt !== 'auto') throw new UsageError(`connect: --natt must be force or auto (got '${natt}')`);
  const profileName = values.profile ?? 'strongswan';
  const profile = PROFILES[profileName];
  if (!profile) throw new UsageError(`connect: --profile must be one of ${Object.keys(PROFILES).join(', ')} (got '${profileName}')`);
  const dh2048 = values['negotiate-dh2048-aes256'] ?? '0';
  if (dh2048 !== '0' && dh2048 !== '1' && dh2048 !== '2') throw new UsageError(`connect: --negotiate-dh2048-aes256 must be 0, 1 or 2 (got '${dh2048}')`);
  const po = { negotiateDh2048Aes256: Number(dh2048) as 0 | 1 | 2 };
  const ike = proposals('--proposal', values.proposal, profile.ikeProposals(po), 'ike');
  const esp = proposals('--esp-proposal', values['esp-proposal'], profile.espProposals(po), 'esp');

  // A key that is not the certificate's would only be refused: the session fails before anything is sent.
  if (certificate) {
    const own = checkClientCertificate(certificate);
    if (!own.ok) {
      process.stderr.write(`ikescope: connect: ${own.reason}\n`);
      return EXIT_SESSION_FAILED;
    }
  }
  let capture: SessionCapture | undefined;
  if (values.pcap) {
    try { capture = new SessionCapture(values.pcap); } catch (e) { throw new UsageError(`connect: --pcap: ${(e as Error).message}`); }
  }
  const abort = new AbortController();
  const onSigint = () => { process.stdout.write('interrupted: disconnecting\n'); abort.abort(); };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const started = performance.now();
  const t = () => ((performance.now() - started) / 1000).toFixed(3).padStart(7);
  const session = new Session({
    gateway,
    ...(values.local ? { localIp: values.local } : {}),
    ...(values.id ? { identity: values.id } : {}),
    ...(values['remote-id'] ? { remoteIdentity: values['remote-id'] } : {}),
    credentials, profile, ike, esp,
    virtualIp: { v4: true, v6: values.ping !== undefined && values.ping.includes(':') },
    fakeNat: natt === 'force',
    ...(fragmentSize ? { fragmentSize } : {}),
    ...(capture ? { capture } : {}),
    log: (line) => process.stdout.write(`${t()} ${line}\n`),
    abort: abort.signal,
  });

  let failure: string | undefined;
  let pings: { sent: number; received: number } | undefined;
  const up = await session.connect();
  if (!up.ok) failure = up.reason;
  // A refused CHILD_SA fails the run, but the IKE_SA is still up: the other steps go on.
  let childFailure: string | undefined;
  for (const tsr of failure ? [] : addChildren) {
    if (abort.signal.aborted) break;
    const r = await session.createChild({ tsr });
    if (!r.ok) childFailure ??= r.reason;
  }
  if (!failure && values.ping && !abort.signal.aborted) {
    const r = await session.ping(values.ping, count);
    if (!r.ok) failure = r.reason;
    else {
      pings = r.value;
      if (r.value.received === 0) failure = `none of ${r.value.sent} echo requests to ${values.ping} was answered`;
    }
  }
  if (!failure && hold !== undefined && !abort.signal.aborted) {
    const h = await session.hold(hold * 1000, {
      ...(rekeyChildAfter !== undefined ? { rekeyChildAfter } : {}),
      ...(rekeyIkeAfter !== undefined ? { rekeyIkeAfter } : {}),
      ...(dpd !== undefined ? { dpd } : {}),
      ...(keepalive !== undefined ? { keepalive } : {}),
      ...(values['move-to'] ? { moveTo: { ip: values['move-to'], after: moveAfter } } : {}),
    });
    if (!h.ok) failure = h.reason;
    // Traffic through what the rekeys made.
    if (!failure && values.ping && (session.facts.rekeys.length > 0 || session.facts.moves.length > 0) && !session.endReason && !abort.signal.aborted) {
      const r = await session.ping(values.ping, count);
      if (!r.ok) failure = r.reason;
      else {
        pings = { sent: (pings?.sent ?? 0) + r.value.sent, received: (pings?.received ?? 0) + r.value.received };
        if (r.value.received === 0) failure = `none of ${r.value.sent} echo requests to ${values.ping} after the rekey was answered`;
      }
    }
  }
  if (!failure && session.endReason) failure = session.endReason;
  failure ??= childFailure;
  const closed = await session.close();
  if (!failure && !closed.ok) failure = closed.reason;
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  await capture?.close();
  if (values.keylog) writeKeylog(values.keylog, session);

  const f = session.facts;
  const lines = ['summary:'];
  for (const s of f.ikeSpis) lines.push(`  IKE_SA    ${s}  ${f.ikeProposal ?? ''}`);
  for (const c of f.childSpis) lines.push(`  CHILD_SA  ${c}`);
  for (const c of f.newChildren) lines.push(`  added     ${c}`);
  for (const r of f.rekeys) lines.push(`  rekey     ${r}`);
  for (const m of f.moves) lines.push(`  moved     ${m} (MOBIKE)`);
  if (f.retries.length) lines.push(`  retries   ${f.retries.join(', ')}`);
  if (f.peerId) lines.push(`  gateway   ${f.peerId}`);
  if (f.vip4 || f.vip6) lines.push(`  virtual   ${[f.vip4, f.vip6].filter(Boolean).join(', ')}${f.dns.length ? `  DNS ${f.dns.join(', ')}` : ''}`);
  if (f.natLocal !== undefined) lines.push(`  NAT       ${f.natLocal ? 'we are behind a NAT' : 'none in front of us'}${natt === 'force' ? '; UDP encapsulation forced' : ''}`);
  if (pings) lines.push(`  ping      ${values.ping}: ${pings.received} of ${pings.sent} answered`);
  if (capture) lines.push(`  pcap      ${capture.path} (${capture.count} packets)`);
  if (values.keylog) lines.push(`  keylog    ${values.keylog}, ${values.keylog}.wireshark/`);
  process.stdout.write(lines.join('\n') + '\n');
  if (failure) {
    process.stderr.write(`ikescope: connect: ${failure}\n`);
    return EXIT_SESSION_FAILED;
  }
  return EXIT_OK;
}

function writeKeylog(path: string, session: Session): void {
  const w = writeKeyLog(path, session.keyStore());
  if (!w.ok) process.stderr.write(`ikescope: connect: ${w.reason}\n`);
}
