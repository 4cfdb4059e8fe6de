/**
 * Wireshark's "User Accessible Table" file syntax (epan/uat_load.l), the form of
 * ikev2_decryption_table and esp_sa: one record per line, fields separated by commas (spaces
 * before and after a comma allowed), a field either a double-quoted string with C escapes
 * (\\xNN, \\NNN octal, \\n, \\", \\\\ …) or a bare token (Wireshark allows hex digits there: the
 * hex-bytes fields), an empty field between two commas, `#` comments and blank lines skipped.
 * A quoted string may span lines. Errors are per record: the rest of the file still reads.
 */

export interface UatField {
  readonly value: string;
  readonly quoted: boolean;
}

export interface UatRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly fields: readonly UatField[];
}

export interface UatError {
  readonly line: number;
  readonly message: string;
}

export interface UatParse {
  readonly records: UatRecord[];
  readonly errors: UatError[];
}

/** uat_undquote: the text between the quotes with its escapes resolved. */
function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) { out += c; continue; }
    const n = raw[++i]!;
    switch (n) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 1));
        if (m) { out += String.fromCharCode(parseInt(m[0], 16)); i += m[0].length; } else out += 'x';
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          const m = /^[0-7]{1,3}/.exec(raw.slice(i))!;
          out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
          i += m[0].length - 1;
        } else {
          out += n; // \" \' \\ and anything else stand for themselves
        }
    }
  }
  return out;
}

export function parseUat(text: string): UatParse {
  const records: UatRecord[] = [];
  const errors: UatError[] = [];
  const s = text.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  let fields: UatField[] = [];
  let recordLine = 1;
  let state: 'start' | 'next' | 'sep' = 'start';

  const endRecord = () => {
    records.push({ line: recordLine, fields });
    fields = [];
    state = 'start';
  };
  const skipLine = (message: string) => {
    errors.push({ line, message });
    while (i < s.length && s[i] !== '\n') i++;
    fields = [];
    state = 'start';
  };

  while (i < s.length) {
    const c = s[i]!;
    if (c === '\r' && s[i + 1] === '\n') { i++; continue; }
    if (state === 'sep') {
      if (c === ' ' || c === '\t') { i++; continue; }
      if (c === ',') { i++; state = 'next'; continue; }
      if (c === '\n') { i++; endRecord(); line++; continue; }
      skipLine(`unexpected '${c === '"' ? '"' : c}' after field ${fields.length}; fields are separated by commas`);
      continue;
    }
    // start of a line or of a field
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\n') {
      i++;
      if (state === 'next') { fields.push({ value: '', quoted: false }); endRecord(); }
      line++;
      continue;
    }
    if (state === 'start' && c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (state === 'start') { recordLine = line; state = 'next'; }
    if (c === ',') { fields.push({ value: '', quoted: false }); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      let raw = '';
      let lines = 0;
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) { raw += s[j]! + s[j + 1]!; if (s[j + 1] === '\n') lines++; j += 2; continue; }
        if (s[j] === '\n') lines++;
        raw += s[j]!;
        j++;
      }
      if (j >= s.length) {
        errors.push({ line, message: 'a quoted field is not closed' });
        i = s.length;
        fields = [];
        state = 'start';
        break;
      }
      fields.push({ value: unescape(raw), quoted: true });
      line += lines;
      i = j + 1;
      state = 'sep';
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== ',' && s[j] !== '\n' && s[j] !== '"' && !(s[j] === '\r' && s[j + 1] === '\n')) j++;
    fields.push({ value: s.slice(i, j).replace(/[ \t]+$/, ''), quoted: false });
    i = j;
    state = 'sep';
  }
  if (state === 'next') { fields.push({ value: '', quoted: false }); endRecord(); }
  else if (state === 'sep') endRecord();
  return { records, errors };
}

/** uat_esc: a field as Wireshark writes it, quoted, non-printables and `"` `\` as \xNN. */
export function quoteField(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code > 0x7e || ch === '"' || ch === '\\' ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return `${out}"`;
}
