/**
 * Argument parsing for the subcommands, on node:util parseArgs, with errors turned into one
 * usage line instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new UsageError(`${command}: ${msg.replace(/^Unknown option/, 'unknown option')} (see 'ikescope ${command} --help')`);
  }
}

export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

export function exactlyOneCapture(command: string, positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError(`${command}: which capture? (usage: ikescope ${command} CAPTURE; see --help)`);
  if (positionals.length > 1) throw new UsageError(`${command}: one capture at a time (got ${positionals.length}: ${positionals.join(' ')})`);
  return positionals[0]!;
}
