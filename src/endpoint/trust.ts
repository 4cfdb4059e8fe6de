/**
 * Whether the endpoint may believe the gateway's certificate: the chain the gateway sent
 * (end-entity first, RFC 7296 §3.6) must lead to one of the trust anchors the user gave, every
 * certificate valid at `now`, each signed by the next (RFC 5280 §6.1, without policies or
 * revocation), every issuer a CA. With a name, the end-entity must carry it in its
 * subjectAltName (RFC 6125 §6.4, as a DNS name, or as an IP address when the name is one).
 *
 * `windowsChecks` adds what the Windows IKEv2 client requires of a gateway certificate before
 * it fails with error 13801 (WINDOWS-INTEROP.md, windows/cert-eku-san; strongSwan docs
 * interop/windowsCertRequirements): EKU serverAuth (1.3.6.1.5.5.7.3.1) — a missing EKU
 * extension fails too — an RSA or ECDSA P-256/P-384 key (not EdDSA, not P-521), and the name
 * in the SAN (a certificate that names the host only in its CN fails). ikeIntermediate
 * (1.3.6.1.5.5.8.2.2) is what "some versions" want besides serverAuth: the lab's certificates
 * carry it (lab/make-certs), and its absence is reported as a note, not a failure.
 *
 * The result is a `Decoded`: offset is the index in `chainDer` of the certificate at fault.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { parseIp } from '../net/address.js';
import { fail, ok, type Decoded } from '../problem.js';
import { EkuOid } from '../ikev2/oids.js';
import { decodeCertificate, hasKeyPurpose, type CertificateSummary } from '../ikev2/x509.js';
import { equalBytes } from '../ikev2/bytes.js';

export interface TrustOptions {
  /** Trust anchors, DER. */
  readonly ca: readonly Uint8Array[];
  /** The name the user dialled (DNS name or IP address). */
  readonly name?: string;
  readonly windowsChecks?: boolean;
  readonly now?: Date;
}

export interface TrustedServer {
  /** The end-entity's subject DN text. */
  readonly subject: string;
  /** Its public key, to verify the AUTH payload with (crypto/signature.ts). */
  readonly key: KeyObject;
  /** Observations that do not fail validation (a missing ikeIntermediate EKU). */
  readonly notes: readonly string[];
}

/** Certificates more than this deep are not followed (a loop guard; real chains have 2-4). */
const MAX_DEPTH = 8;

interface Parsed {
  readonly x509: X509Certificate;
  readonly view: CertificateSummary;
  readonly der: Uint8Array;
}

function parse(der: Uint8Array): Decoded<Parsed> {
  const view = decodeCertificate(der);
  if (!view.ok) return view;
  try {
    return ok({ x509: new X509Certificate(der), view: view.value, der });
  } catch (e) {
    return fail(0, `certificate: ${(e as Error).message}`);
  }
}

function validAt(c: Parsed, now: Date): string | undefined {
  const t = now.getTime();
  if (t < Date.parse(c.view.notBefore)) return `"${c.view.subject.text}" is not valid before ${c.view.notBefore}`;
  if (t > Date.parse(c.view.notAfter)) return `"${c.view.subject.text}" expired ${c.view.notAfter}`;
  return undefined;
}

/** `issuer` issued `c`: names chain (and key identifiers agree) and the signature verifies. */
function issued(issuer: Parsed, c: Parsed): boolean {
  try {
    // node: `a.checkIssued(b)` is "a was issued by b".
    return c.x509.checkIssued(issuer.x509) && c.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

/** RFC 5280 §4.2.1.9/§4.2.1.3: an issuer is a CA and, if it has keyUsage, may sign certificates. */
function mayIssue(c: Parsed): boolean {
  return c.view.ca && (c.view.keyUsage === undefined || c.view.keyUsage.includes('keyCertSign'));
}

/** RFC 6125 §6.4: the name against the SAN entries of its kind (IP addresses compared as octets). */
function namedInSan(c: Parsed, name: string): boolean {
  const ip = parseIp(name);
  return c.view.subjectAltNames.some((g) => {
    if (g.kind === 'dns') return g.value.toLowerCase() === name.toLowerCase().replace(/\.$/, '');
    if (g.kind === 'ip' && ip) {
      const other = parseIp(g.value);
      return other !== undefined && equalBytes(other, ip);
    }
    return false;
  });
}

const WINDOWS_KEYS = /^(RSA \d+|EC P-256|EC P-384)$/;

export function validateServerCertificate(chainDer: Uint8Array[], o: TrustOptions): Decoded<TrustedServer> {
  const now = o.now ?? new Date();
  if (chainDer.length === 0) return fail(0, 'the gateway sent no certificate');
  const chain: Parsed[] = [];
  for (let i = 0; i < chainDer.length; i++) {
    const p = parse(chainDer[i]!);
    if (!p.ok) return fail(i, `certificate ${i + 1} of the chain does not decode: ${p.reason}`);
    chain.push(p.value);
  }
  const anchors: Parsed[] = [];
  for (let i = 0; i < o.ca.length; i++) {
    const p = parse(o.ca[i]!);
    if (!p.ok) return fail(0, `CA certificate ${i + 1} does not decode: ${p.reason}`);
    anchors.push(p.value);
  }
  if (anchors.length === 0) return fail(0, 'no CA certificate to validate the gateway against');

  const ee = chain[0]!;
  // Walk from the end-entity to an anchor, taking issuers from the chain the gateway sent.
  let current = ee;
  let index = 0;
  const used = new Set<Parsed>([ee]);
  for (let depth = 0; ; depth++) {
    const expired = validAt(current, now);
    if (expired) return fail(index, `certificate ${expired}`);
    // A gateway may send a trust anchor itself (the root after its intermediate): reaching it ends the walk.
    if (current !== ee && anchors.some((a) => equalBytes(a.der, current.der))) break;
    const anchor = anchors.find((a) => issued(a, current));
    if (anchor) {
      const bad = validAt(anchor, now);
      if (bad) return fail(index, `CA certificate ${bad}`);
      if (!mayIssue(anchor)) return fail(index, `"${anchor.view.subject.text}" is not a CA certificate`);
      break;
    }
    if (depth >= MAX_DEPTH) return fail(index, `no trusted CA within ${MAX_DEPTH} certificates`);
    const next = chain.findIndex((c) => !used.has(c) && issued(c, current));
    if (next < 0) {
      return fail(index, `"${current.view.subject.text}" is not issued by a trusted CA (issuer "${current.view.issuer.text}")`);
    }
    const issuer = chain[next]!;
    if (!mayIssue(issuer)) return fail(next, `"${issuer.view.subject.text}" signs "${current.view.subject.text}" but is not a CA`);
    used.add(issuer);
    current = issuer;
    index = next;
  }

  const notes: string[] = [];
  if (o.name !== undefined && !namedInSan(ee, o.name)) {
    const san = ee.view.subjectAltNames.map((g) => `${g.kind}:${g.value}`).join(', ') || 'none';
    return fail(0, `the gateway certificate's subjectAltName (${san}) does not hold ${o.name}`);
  }
  if (o.windowsChecks) {
    const v = ee.view;
    // Windows: "The EKU extension must contain serverAuth" (error 13801 otherwise).
    if (!v.extendedKeyUsage) return fail(0, 'Windows: the gateway certificate has no EKU extension; it needs serverAuth (1.3.6.1.5.5.7.3.1)');
    if (!hasKeyPurpose(v, EkuOid.SERVER_AUTH)) {
      return fail(0, `Windows: the gateway certificate's EKU (${v.extendedKeyUsage.map((k) => k.name ?? k.oid).join(', ')}) lacks serverAuth (1.3.6.1.5.5.7.3.1)`);
    }
    if (!hasKeyPurpose(v, EkuOid.IKE_INTERMEDIATE)) notes.push('no ikeIntermediate EKU (1.3.6.1.5.5.8.2.2), which some Windows versions also want');
    if (!WINDOWS_KEYS.test(v.publicKey.label)) return fail(0, `Windows: the gateway certificate's key is ${v.publicKey.label}; Windows takes RSA or ECDSA P-256/P-384`);
    if (o.name === undefined) return fail(0, 'Windows: the name the client dials is needed to check the subjectAltName');
  }
  return ok({ subject: ee.view.subject.text, key: ee.x509.publicKey, notes });
}
