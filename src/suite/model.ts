/**
 * A regression suite: what a gateway must do for each kind of client. Read from YAML or JSON
 * by load.ts, described for editors by suites/suite.schema.json (the two are kept in step by
 * test/suite/schema.test.ts).
 */

export type SaKind = 'child' | 'ike';
export type Side = 'client' | 'gateway';

export type Step =
  | { readonly kind: 'connect' }
  | { readonly kind: 'ping'; readonly to: string; readonly count: number }
  | { readonly kind: 'rekey'; readonly sa: SaKind; readonly by: Side }
  | { readonly kind: 'delete'; readonly sa: SaKind; readonly by: Side }
  | { readonly kind: 'wait'; readonly seconds: number }
  | { readonly kind: 'move'; readonly to: string }
  | { readonly kind: 'disconnect' };

export type AuthMethod = 'eap-mschapv2' | 'eap-tls' | 'eap-md5' | 'cert' | 'psk';

/** Where credentials come from; secrets only ever by file. */
export interface Credentials {
  readonly identity?: string;
  readonly user?: string;
  readonly passwordFile?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly pskFile?: string;
}

export interface ProposalExpectation {
  readonly encr?: string;
  readonly integ?: string;
  readonly prf?: string;
  readonly dh?: string;
}

export interface Expectations {
  /** The IKE_SA came up (true) or did not (false). */
  readonly established?: boolean;
  /** The gateway refused with this notify, in this exchange if given. */
  readonly refused?: { readonly notify: string; readonly exchange?: string };
  readonly proposal?: { readonly ike?: ProposalExpectation; readonly esp?: ProposalExpectation };
  /** The family of the virtual address the gateway assigned. */
  readonly address?: 'ipv4' | 'ipv6' | 'both' | 'none';
  /** After every CHILD_SA rekey, ESP still flows on the new generation. */
  readonly childSurvivesRekey?: boolean;
  /** Pings through the tunnel were answered. */
  readonly espRoundTrip?: boolean;
  /** The IKE_AUTH response came in IKEv2 fragments (RFC 7383). */
  readonly fragmented?: boolean;
  /** The client moved the IKE_SA with MOBIKE (UPDATE_SA_ADDRESSES, RFC 4555) and ESP followed. */
  readonly moved?: boolean;
  /** Rule ids (a trailing `*` matches a prefix) that must or must not be reported. */
  readonly findings?: { readonly present?: readonly string[]; readonly absent?: readonly string[]; readonly maxSeverity?: 'error' | 'warning' | 'info' | 'none' };
}

export interface Case {
  readonly id: string;
  readonly title: string;
  readonly profile: string;
  readonly auth: AuthMethod;
  readonly credentials: Credentials;
  /** The name of a gateway.alternates address this case connects to instead of the gateway's. */
  readonly via?: string;
  /** The gateway's name for the connection this case uses: fills {ike} and {child} in hooks. */
  readonly connection?: string;
  /** Where the client sits: on the gateway's network, or behind a NAT (the lab's `ncl`). */
  readonly site: 'direct' | 'nat';
  readonly ipv6: boolean;
  /** Overrides of the profile. */
  readonly proposal?: string;
  readonly espProposal?: string;
  readonly fragmentation?: boolean;
  readonly negotiateDh2048Aes256?: 0 | 1 | 2;
  readonly steps: readonly Step[];
  readonly expect: Expectations;
  readonly tags: readonly string[];
}

export interface GatewaySpec {
  readonly address?: string;
  readonly address6?: string;
  /** CA certificate(s) the gateway's certificate must chain to. */
  readonly ca?: string;
  /** The name the gateway's certificate must carry (Windows checks it in the SAN). */
  readonly name?: string;
  /**
   * Commands run for gateway-side steps, with {ike} and {child} replaced by the connection
   * names (e.g. `swanctl --rekey --child {child}`), and {client} by the client's address.
   */
  readonly hooks: Readonly<Partial<Record<'rekey-child' | 'rekey-ike' | 'delete-child' | 'delete-ike', string>>>;
  readonly ike?: string;
  readonly child?: string;
  /** Other addresses of the gateway by name, for cases that need another connection (`via`). */
  readonly alternates: Readonly<Record<string, string>>;
}

export interface Suite {
  readonly name: string;
  readonly description: string;
  /** The directory relative paths in the file are resolved from. */
  readonly baseDir: string;
  readonly gateway: GatewaySpec;
  readonly cases: readonly Case[];
}
