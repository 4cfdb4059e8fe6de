/**
 * Certificate Request payload, RFC 7296 §3.7: | Cert Encoding | Certification Authority ... |
 * For X.509 (encoding 4) the authority field "contains an indicator of trusted authorities for
 * this certificate type ... a concatenated list of SHA-1 hashes of the public keys of trusted
 * Certification Authorities (CAs)" — split here into `caHashes`.
 */
import { fail, ok } from '../../problem.js';
import { concat, copy } from '../bytes.js';
import { CertEncoding } from '../registry/cert-encodings.js';
import { PayloadType } from '../registry/payload-types.js';
import type { PayloadCodec, PayloadCommon } from './codec.js';

export const SHA1_LENGTH = 20;

export interface CertReqPayload extends PayloadCommon {
  readonly type: typeof PayloadType.CERTREQ;
  readonly encoding: number;
  /** The Certification Authority field as sent; this is what gets serialized. */
  readonly data: Uint8Array;
  /**
   * The 20-octet SHA-1 public-key hashes (subjectPublicKeyInfo hashes), for X.509 encodings
   * whose field length is a multiple of 20; undefined when the field cannot be such a list
   * (a peer sending DER names instead, as some IKEv1-era stacks do).
   */
  readonly caHashes?: readonly Uint8Array[];
}

function splitHashes(encoding: number, data: Uint8Array): Uint8Array[] | undefined {
  if (encoding !== CertEncoding.X509_SIGNATURE && encoding !== CertEncoding.X509_ATTRIBUTE) return undefined;
  if (data.length % SHA1_LENGTH !== 0) return undefined;
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += SHA1_LENGTH) out.push(copy(data, i, i + SHA1_LENGTH));
  return out;
}

export const certReqCodec: PayloadCodec<CertReqPayload> = {
  parse(body) {
    if (body.length < 1) return fail(0, 'CERTREQ payload has no Cert Encoding octet');
    const encoding = body[0]!;
    const data = copy(body, 1);
    const caHashes = splitHashes(encoding, data);
    return ok(
      caHashes ? { type: PayloadType.CERTREQ, encoding, data, caHashes } : { type: PayloadType.CERTREQ, encoding, data },
    );
  },
  serialize(p) {
    const out = new Uint8Array(1 + p.data.length);
    out[0] = p.encoding;
    out.set(p.data, 1);
    return out;
  },
};

/** A CERTREQ for X.509 signature certificates naming these CA key hashes. */
export function makeCertReq(caHashes: readonly Uint8Array[]): CertReqPayload {
  for (const h of caHashes) {
    if (h.length !== SHA1_LENGTH) throw new RangeError(`CA hash of ${h.length} octets, want 20`);
  }
  const data = concat(caHashes);
  return {
    type: PayloadType.CERTREQ,
    encoding: CertEncoding.X509_SIGNATURE,
    data,
    caHashes: caHashes.map((h) => copy(h)),
  };
}
