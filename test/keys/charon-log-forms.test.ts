/**
 * The other forms charon writes the same log in give the same keys as the lab's file logger:
 * made here from the real logs by rewriting their prefixes (file_logger.c, sys_logger.c):
 * no time stamp, strftime's default time, syslog (with the host prefix on every dump line, and
 * other programs' and threads' lines in between), the level in the group ("[IKE4]"), no
 * "<name|N>" prefix (ike_name = no), the JSON logger, CRLF line ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeyText } from '../../src/keys/load.js';
import { CAPTURES } from '../helpers/cli.js';
import { comparable } from './helpers.js';

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d:\d\d)\.\d{3} /;
const LINE = /^(?<stamp>\S+ \S+ )(?<thread>\d{2})\[(?<group>[A-Z]{3})\](?: <(?<ctx>[^<>]*)>)? (?<text>.*)$/;

const rewrite = (text: string, f: (line: string) => string | string[]) => text.split('\n').flatMap(f).join('\n');

const forms: Record<string, (text: string) => string> = {
  'without time stamps': (t) => rewrite(t, (l) => l.replace(STAMP, '')),
  "with strftime's default time (%b %e %T)": (t) => rewrite(t, (l) => l.replace(STAMP, (_m, _y, _mo, d, hms) => `Nov ${String(Number(d)).padStart(2)} ${hms} `)),
  'as syslog writes it, with other lines in between': (t) => rewrite(t, (l) => {
    const out = [l.replace(STAMP, (_m, _y, _mo, d, hms) => `Nov ${String(Number(d)).padStart(2)} ${hms} gw charon: `)];
    if (/ => \d+ bytes @/.test(l)) {
      // another thread and another program between a dump's header and its lines
      out.push('Nov 22 14:50:24 gw charon: 99[NET] sending packet: from 198.51.100.1[4500] to 198.51.100.2[4500] (240 bytes)');
      out.push('Nov 22 14:50:24 gw kernel: [ 1234.5678] eth0: link up');
    }
    return out;
  }),
  'with the level in the group ([IKE4])': (t) => rewrite(t, (l) => l.replace(/(\d{2})\[([A-Z]{3})\]/, '$1[$24]')),
  'without the <name|N> prefix (ike_name = no)': (t) => rewrite(t, (l) => l.replace(/(\d{2}\[[A-Z]{3}\]) <[^<>]*>/, '$1')),
  'with CRLF line ends': (t) => t.replace(/\n/g, '\r\n'),
  'as the JSON logger writes it (json = yes)': (t) => {
    // One object per message: a dump's lines join its header's message.
    const msgs: Array<Record<string, unknown>> = [];
    const open = new Map<string, Record<string, unknown>>();
    for (const l of t.split('\n')) {
      const m = LINE.exec(l);
      if (!m) continue;
      const g = m.groups!;
      const prev = open.get(g.thread!);
      if (prev && /^\s+\d+: [0-9A-F]{2}/.test(g.text!)) { prev.msg += `\n${g.text}`; continue; }
      const ctx = g.ctx?.split('|');
      const o: Record<string, unknown> = { time: g.stamp!.trim(), thread: Number(g.thread), group: g.group, level: 1 };
      if (ctx) { o['ikesa-uniqueid'] = ctx[ctx.length - 1]; if (ctx.length > 1) o['ikesa-name'] = ctx[0]; }
      o.msg = g.text;
      msgs.push(o);
      open.set(g.thread!, o);
    }
    return msgs.map((o) => JSON.stringify(o)).join('\n');
  },
};

describe('charon log forms', () => {
  for (const name of ['eap-mschapv2-ping', 'child-rekey', 'ike-rekey', 'aes-gcm']) {
    for (const side of ['gateway', 'client']) {
      const text = readFileSync(join(CAPTURES, `${name}.${side}.log`), 'utf8');
      const want = comparable(parseKeyText(text, 'log'));
      for (const [form, make] of Object.entries(forms)) {
        it(`${name}.${side}.log ${form}: the same keys`, () => {
          const r = parseKeyText(make(text), 'log');
          expect(r.format).toBe('charon-log');
          expect(r.problems).toEqual([]);
          expect(comparable(r)).toEqual(want);
        });
      }
    }
  }

  it('the forms really differ from the original', () => {
    const text = readFileSync(join(CAPTURES, 'eap-mschapv2-ping.gateway.log'), 'utf8');
    for (const make of Object.values(forms)) expect(make(text)).not.toBe(text);
    expect(forms['as syslog writes it, with other lines in between']!(text)).toMatch(/^Nov 22 14:50:24 gw charon: 15\[IKE\] <1> Sk_ei secret => 16 bytes/m);
    expect(forms['as syslog writes it, with other lines in between']!(text)).toMatch(/^Nov 22 14:50:24 gw charon: 15\[IKE\] <1> {4}0: AE DF/m);
  });
});
