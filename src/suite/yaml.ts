/**
 * The YAML that suite files are written in: a strict subset of YAML 1.2 — block mappings and
 * sequences by indentation, flow sequences and mappings on one line (`[a, b]`, `{k: v}`),
 * plain, single- and double-quoted scalars, `#` comments, `|` and `>` block scalars. Anchors,
 * aliases, tags, multiple documents and complex keys are refused with the line they are on,
 * so a suite means one thing. Scalars resolve as YAML 1.2's core schema does: null, booleans,
 * integers, floats, else strings. JSON is a subset of this subset.
 *
 * Errors are values: `parseYaml` returns `{ ok: false, line, reason }`, never throws.
 */

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

export type YamlResult = { ok: true; value: YamlValue } | { ok: false; line: number; reason: string };

interface Line { readonly no: number; readonly indent: number; readonly text: string }

class YamlError extends Error {
  constructor(readonly line: number, reason: string) { super(reason); }
}

export function parseYaml(source: string): YamlResult {
  try {
    const lines = toLines(source);
    const first = lines.find((l) => l.indent >= 0);
    if (!first) return { ok: true, value: null };
    const p = new Parser(lines);
    const value = p.block(first.indent);
    const rest = lines.slice(p.i).find((l) => l.indent >= 0);
    if (rest) throw new YamlError(rest.no, 'unexpected indentation');
    return { ok: true, value };
  } catch (e) {
    if (e instanceof YamlError) return { ok: false, line: e.line, reason: e.message };
    throw e;
  }
}

/** Lines with their indentation, comments and blank lines dropped (block scalars keep theirs later). */
function toLines(source: string): Line[] {
  const out: Line[] = [];
  const raw = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  raw.forEach((l, idx) => {
    const no = idx + 1;
    if (/^\t| \t/.test(l.match(/^[ \t]*/)![0]) && l.trim()) throw new YamlError(no, 'tabs are not allowed in indentation');
    const text = stripComment(l).trimEnd();
    if (!text.trim()) { out.push({ no, indent: -1, text: '' }); return; }
    if (/^(---|\.\.\.)(\s|$)/.test(text)) {
      if (out.some((x) => x.indent >= 0)) throw new YamlError(no, 'one document per suite file (a second "---" or "..." found)');
      return;
    }
    if (/^%/.test(text)) throw new YamlError(no, 'YAML directives are not supported');
    const indent = text.length - text.trimStart().length;
    out.push({ no, indent, text: text.trimStart() });
  });
  // Blank lines stay (indent -1): block scalars keep them, the parser skips them elsewhere.
  return out;
}

/** Cuts a `#` comment that starts a line or follows whitespace, outside quotes. */
function stripComment(l: string): string {
  let q: string | null = null;
  for (let i = 0; i < l.length; i++) {
    const c = l[i]!;
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = null;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,:-]/.test(l[i - 1]!)) q = c;
    } else if (c === '#' && (i === 0 || /\s/.test(l[i - 1]!))) return l.slice(0, i);
  }
  return l;
}

class Parser {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i]!.indent < 0) this.i++;
  }

  private peek(): Line | undefined {
    this.skipBlank();
    return this.lines[this.i];
  }

  /** A block node whose lines are indented exactly `indent`. */
  block(indent: number): YamlValue {
    const first = this.peek();
    if (!first) return null;
    if (first.indent !== indent) throw new YamlError(first.no, 'unexpected indentation');
    if (first.text === '-' || first.text.startsWith('- ')) return this.sequence(indent);
    if (!isMappingEntry(first.text)) {
      // A node on its own line: a flow collection or a scalar (one line only).
      this.i++;
      return this.inlineOrBlockScalar(first.text, first, indent - 1);
    }
    return this.mapping(indent);
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (let l = this.peek(); l && l.indent === indent; l = this.peek()) {
      if (!(l.text === '-' || l.text.startsWith('- '))) throw new YamlError(l.no, 'a mapping key where a sequence item ("- ") was expected');
      const rest = l.text.slice(1).trimStart();
      if (!rest) {
        this.i++;
        const next = this.peek();
        out.push(next && next.indent > indent ? this.block(next.indent) : null);
        continue;
      }
      // "- key: value" starts a mapping whose keys line up with `key`.
      const inner = indent + (l.text.length - rest.length);
      if (isMappingEntry(rest) || rest === '-' || rest.startsWith('- ')) {
        this.lines[this.i] = { no: l.no, indent: inner, text: rest };
        out.push(this.block(inner));
      } else {
        this.i++;
        out.push(this.inlineOrBlockScalar(rest, l, indent));
      }
    }
    return out;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (let l = this.peek(); l && l.indent === indent; l = this.peek()) {
      if (l.text.startsWith('- ')) throw new YamlError(l.no, 'a sequence item where a mapping key was expected');
      const entry = splitEntry(l.text, l.no);
      if (Object.prototype.hasOwnProperty.call(out, entry.key)) throw new YamlError(l.no, `duplicate key "${entry.key}"`);
      if (entry.key === '__proto__') throw new YamlError(l.no, 'the key "__proto__" is not allowed');
      this.i++;
      if (entry.rest === '') {
        const next = this.peek();
        // A sequence may sit at the same indentation as its key (a common YAML style).
        if (next && (next.indent > indent || (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))))) out[entry.key] = this.block(next.indent);
        else out[entry.key] = null;
      } else {
        out[entry.key] = this.inlineOrBlockScalar(entry.rest, l, indent);
      }
    }
    return out;
  }

  private inlineOrBlockScalar(text: string, l: Line, indent: number): YamlValue {
    if (/^[|>][+-]?$/.test(text)) return this.blockScalar(text, indent);
    if (/^[[{]/.test(text)) text = this.flowLines(text, l, indent);
    if (/^[&*!]/.test(text)) throw new YamlError(l.no, 'anchors, aliases and tags are not supported');
    if (/^\?(\s|$)/.test(text)) throw new YamlError(l.no, 'complex keys are not supported');
    return flow(text, l.no);
  }

  /** A flow collection may go on over more-indented lines until its brackets close. */
  private flowLines(text: string, l: Line, indent: number): string {
    let joined = text;
    while (!balanced(joined)) {
      const next = this.peek();
      if (!next || next.indent <= indent) throw new YamlError(l.no, 'a flow collection ("[" or "{") that is never closed');
      joined += ' ' + next.text;
      this.i++;
    }
    return joined;
  }

  /** `|` keeps newlines, `>` folds them; `-` strips the final newline, `+` keeps all trailing ones. */
  private blockScalar(head: string, indent: number): string {
    const body: Array<Line | null> = [];
    let at = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      if (l.indent < 0) { body.push(null); this.i++; continue; }
      if (l.indent <= indent) break;
      if (at < 0) at = l.indent;
      if (l.indent < at) throw new YamlError(l.no, 'a block scalar line less indented than its first line');
      body.push(l);
      this.i++;
    }
    while (body.length && body[body.length - 1] === null && !head.endsWith('+')) body.pop();
    const texts = body.map((l) => (l ? ' '.repeat(l.indent - at) + l.text : ''));
    let s = head[0] === '|' ? texts.join('\n') : texts.reduce((acc, t, k) => (k === 0 ? t : acc + (t === '' || texts[k - 1] === '' ? '\n' : ' ') + t), '');
    if (!head.endsWith('-') && s) s += '\n';
    return s;
  }
}

/** Whether every "[" and "{" outside quotes is closed. */
function balanced(text: string): boolean {
  let depth = 0;
  let q: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) { if (c === '\\' && q === '"') i++; else if (c === q) q = null; continue; }
    if (c === '"' || c === "'") q = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth <= 0;
}

function isMappingEntry(text: string): boolean {
  if (/^["']/.test(text)) {
    const q = text[0]!;
    const end = q === '"' ? findClosingDouble(text) : text.indexOf("'", 1);
    return end > 0 && /^:(\s|$)/.test(text.slice(end + 1));
  }
  if (/^[[{]/.test(text)) return false;
  return /^[^:]+?:(\s|$)/.test(text);
}

function splitEntry(text: string, no: number): { key: string; rest: string } {
  if (/^["']/.test(text)) {
    const q = text[0]!;
    const end = q === '"' ? findClosingDouble(text) : text.indexOf("'", 1);
    if (end < 0) throw new YamlError(no, 'unterminated quoted key');
    const after = text.slice(end + 1);
    if (!/^:(\s|$)/.test(after)) throw new YamlError(no, 'expected ":" after the quoted key');
    return { key: String(flow(text.slice(0, end + 1), no)), rest: after.slice(1).trim() };
  }
  if (/^[?&*!]/.test(text)) throw new YamlError(no, 'complex keys, anchors, aliases and tags are not supported');
  const m = /^([^:]+?):(\s|$)/.exec(text);
  if (!m) throw new YamlError(no, `expected "key: value", found "${text.slice(0, 40)}"`);
  return { key: m[1]!.trim(), rest: text.slice(m[0].length).trim() };
}

function findClosingDouble(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** A value on one line: a flow collection or a scalar. */
function flow(text: string, no: number): YamlValue {
  const r = new FlowReader(text, no);
  const v = r.value();
  r.ws();
  if (r.pos < text.length) throw new YamlError(no, `unexpected "${text.slice(r.pos, r.pos + 20)}"`);
  return v;
}

class FlowReader {
  pos = 0;
  constructor(private readonly s: string, private readonly no: number) {}

  ws(): void { while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++; }

  value(inFlow = false): YamlValue {
    this.ws();
    const c = this.s[this.pos];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") return this.quoted();
    if (c === '&' || c === '*' || c === '!') throw new YamlError(this.no, 'anchors, aliases and tags are not supported');
    const stop = inFlow ? /[,\]}]/ : /$^/;
    let end = this.pos;
    while (end < this.s.length && !stop.test(this.s[end]!) && !(inFlow && this.s[end] === ':' && /\s/.test(this.s[end + 1] ?? ' '))) end++;
    const raw = this.s.slice(this.pos, end).trim();
    this.pos = end;
    return scalar(raw);
  }

  private quoted(): string {
    const q = this.s[this.pos]!;
    let out = '';
    for (let i = this.pos + 1; i < this.s.length; i++) {
      const c = this.s[i]!;
      if (q === "'") {
        if (c === "'" && this.s[i + 1] === "'") { out += "'"; i++; continue; }
        if (c === "'") { this.pos = i + 1; return out; }
        out += c;
        continue;
      }
      if (c === '"') { this.pos = i + 1; return out; }
      if (c !== '\\') { out += c; continue; }
      const e = this.s[++i];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ' };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'x' || e === 'u') {
        const n = e === 'x' ? 2 : 4;
        const hex = this.s.slice(i + 1, i + 1 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new YamlError(this.no, `bad escape "\\${e}${hex}"`);
        out += String.fromCharCode(parseInt(hex, 16));
        i += n;
      } else throw new YamlError(this.no, `unknown escape "\\${e ?? ''}"`);
    }
    throw new YamlError(this.no, 'unterminated quoted string');
  }

  private seq(): YamlValue[] {
    this.pos++;
    const out: YamlValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.pos] === ']') { this.pos++; return out; }
      out.push(this.value(true));
      this.ws();
      if (this.s[this.pos] === ',') { this.pos++; continue; }
      if (this.s[this.pos] === ']') { this.pos++; return out; }
      throw new YamlError(this.no, 'expected "," or "]" in a flow sequence');
    }
  }

  private map(): { [key: string]: YamlValue } {
    this.pos++;
    const out: { [key: string]: YamlValue } = {};
    for (;;) {
      this.ws();
      if (this.s[this.pos] === '}') { this.pos++; return out; }
      const key = this.value(true);
      this.ws();
      if (this.s[this.pos] !== ':') throw new YamlError(this.no, 'expected ":" in a flow mapping');
      this.pos++;
      const k = String(key);
      if (k === '__proto__') throw new YamlError(this.no, 'the key "__proto__" is not allowed');
      if (Object.prototype.hasOwnProperty.call(out, k)) throw new YamlError(this.no, `duplicate key "${k}"`);
      out[k] = this.value(true);
      this.ws();
      if (this.s[this.pos] === ',') { this.pos++; continue; }
      if (this.s[this.pos] === '}') { this.pos++; return out; }
      throw new YamlError(this.no, 'expected "," or "}" in a flow mapping');
    }
  }
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function scalar(raw: string): YamlValue {
  if (raw === '' || raw === '~' || /^(null|Null|NULL)$/.test(raw)) return null;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  if (/^[-+]?[0-9]+$/.test(raw)) return Number(raw);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
  if (/^0o[0-7]+$/.test(raw)) return parseInt(raw.slice(2), 8);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(raw)) return Number(raw);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(raw)) return NaN;
  return raw;
}
