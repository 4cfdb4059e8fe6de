/**
 * Streaming capture readers: pcap and pcapng, plain or gzip-compressed, as an async stream of
 * `info`, `frame` and `problem` events (see frame.ts). Bad input gives problems, not throws.
 */
export type { CaptureEvent, CaptureFormat, CaptureInfo, Frame } from './frame.js';
export { readCapture, type ReadOptions } from './read.js';
export { openCapture, type OpenOptions } from './open.js';
export { CaptureProblem, type CaptureProblemCode } from './problems.js';
export { SecretsType, type DecryptionSecrets } from './secrets.js';
