/** Key sources: load, match, convert. See ./README.md for the formats. */
export type { AlgorithmRef, IntegrityRef, IkeSaKeySet, EspSaKeySet, KeyStore } from './model.js';
export { loadKeys, loadKeyFile, parseKeyText, FORMAT_NAMES, type KeyFormat, type ParsedKeys } from './load.js';
export { matchAddress } from './address.js';
export { toWiresharkTables, type WiresharkTables } from './wireshark.js';
export { toJson, KEYS_SCHEMA } from './json.js';
export { encrLabel, integLabel, prfLabel, encrKeyBytes } from './algorithms.js';
