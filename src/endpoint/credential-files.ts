/**
 * Secrets and certificates the endpoint reads from files (never from a command line): a
 * secret is the file's text without its final newline, or hex after "0x"; certificates are
 * every CERTIFICATE block of a PEM file, or one DER certificate. Errors are values naming the
 * file, never the secret.
 */
import { readFileSync } from 'node:fs';
import { fail, ok, type Decoded } from '../problem.js';

function read(path: string): Decoded<Buffer> {
  try {
    return ok(readFileSync(path));
  } catch (e) {
    return fail(0, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function readSecretFile(path: string): Decoded<Uint8Array> {
  const b = read(path);
  if (!b.ok) return b;
  const text = b.value.toString('utf8').replace(/\r?\n$/, '');
  if (/^0x[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) return ok(Uint8Array.from(Buffer.from(text.slice(2), 'hex')));
  if (text.length === 0) return fail(0, `${path} is empty`);
  return ok(new TextEncoder().encode(text));
}

export function readCertificateFile(path: string): Decoded<Uint8Array[]> {
  const b = read(path);
  if (!b.ok) return b;
  const text = b.value.toString('latin1');
  const pem = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  if (pem.length > 0) return ok(pem);
  if (b.value[0] === 0x30) return ok([Uint8Array.from(b.value)]);
  return fail(0, `${path} holds no certificate (PEM or DER)`);
}
