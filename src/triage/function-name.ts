/**
 * Reduces a demangled function name, as gdb or cdb prints it, to the part that
 * names the code: scope and function, without anything that changes between
 * builds, runs or instantiations (parameters, return type, template arguments,
 * offsets, ABI tags, clone suffixes, lambda numbering).
 */

/** Frame labels that are not names and must survive as they are. */
const VERBATIM = new Set(['<signal handler called>']);

/** Operator tokens after `operator`, longest first so `<<=` wins over `<<` and `<`. */
const OPERATORS = [
  '<=>', '->*', '<<=', '>>=', '()', '[]', '->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '""', '<', '>', '+', '-', '*', '/', '%', '^', '&', '|', '~',
  '!', '=', ',',
];

const CLONE_SUFFIX = /\.(?:constprop|isra|part|cold|lto_priv|localalias|clone|llvm|specialized)(?:\.\d+)*/g;

// Deep recursive stacks repeat the same few names thousands of times.
const cache = new Map<string, string>();
const CACHE_LIMIT = 10_000;

export function normalizeFunctionName(raw: string): string {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const name = normalize(raw);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, name);
  return name;
}

function normalize(raw: string): string {
  let s = raw.trim();
  if (VERBATIM.has(s)) return s;
  s = s.replace(/^0x[0-9a-f]+\s+in\s+/i, ''); // gdb: `0x00007f.. in foo (...)`
  s = stripModulePrefix(s);
  s = stripClones(s);
  s = s.replace(/\+(?:0x[0-9a-f]+|\d+)$/i, '');
  s = s.replace(/^(?:(?:non-)?virtual thunk to |covariant return thunk to |\[thunk\]:)/, '');
  s = s.replace(/\[abi:[^[\]]*\]/g, ''); // `[^[\]]`: each `[abi:` looks only as far as the next bracket
  s = s.replace(/\(anonymous namespace\)::|`anonymous namespace'::/g, '');
  s = replaceLambdas(s);
  s = s.replace(CLONE_SUFFIX, '');
  s = scanName(s).replace(/\s+/g, ' ').trim().replace(/^::/, '');
  return s === '??' || looksLikeAddress(s) ? '' : s;
}

/** cdb's `module!function`; `operator!` and `operator!=` are not module prefixes. */
function stripModulePrefix(s: string): string {
  const m = /^([A-Za-z0-9_.-]+)!(?!=)/.exec(s);
  if (!m || m[1] === 'operator') return s;
  return s.slice(m[0].length);
}

function looksLikeAddress(s: string): boolean {
  if (!/^(?:0x)?[0-9a-f`]+$/i.test(s)) return false;
  return /^0x/i.test(s) || s.includes('`') || (s.length >= 8 && /\d/.test(s));
}

/**
 * GCC `{lambda(int)#2}` (gdb: `<lambda(int)>`), Clang `$_3` / `'lambda0'(int)`, MSVC `<lambda_9f2c…>`
 * all become `{lambda}`: their numbers change when a lambda is added nearby.
 */
function replaceLambdas(input: string): string {
  let s = input
    .replace(/<lambda_\w+>/g, '{lambda}')
    .replace(/(^|::)__l\d+::/g, '$1')
    .replace(/\$_\d+/g, '{lambda}')
    .replace(/\{unnamed type#\d+\}/g, '{unnamed}');
  // Built in one pass: replacing in place and searching the new string again is quadratic in the number of lambdas.
  for (const opener of ['{lambda(', '<lambda(', "'lambda"]) {
    let out = '';
    let from = 0;
    let at = s.indexOf(opener);
    while (at >= 0) {
      const end = lambdaEnd(s, at, opener);
      if (end < 0) break;
      out += `${s.slice(from, at)}{lambda}`;
      from = end;
      at = s.indexOf(opener, end);
    }
    s = out + s.slice(from);
  }
  return s;
}

/** GCC's ` [clone .cold]` annotations with the blanks before them; a `\s*\[clone` regex is quadratic on a run of blanks. */
function stripClones(s: string): string {
  let out = '';
  let from = 0;
  for (const m of s.matchAll(/\[clone [^[\]]*\]/g)) {
    out += s.slice(from, m.index).trimEnd();
    from = m.index + m[0].length;
  }
  return out + s.slice(from);
}

/** Index just past the lambda marker starting at `at`, or -1 when it is not one. */
function lambdaEnd(s: string, at: number, opener: string): number {
  if (opener !== "'lambda") {
    // GCC's `{lambda(int)#2}` in symbols; gdb's `<lambda(int)>` from debug info.
    const close = matchingClose(s, at + opener.length - 1, '(', ')');
    const tail = opener === '{lambda(' ? /^#\d+\}/ : /^>/;
    const m = close < 0 ? null : tail.exec(s.slice(close + 1));
    return m ? close + 1 + m[0].length : -1;
  }
  const m = /^'lambda\d*'/.exec(s.slice(at));
  if (!m) return -1;
  const open = at + m[0].length;
  if (s[open] !== '(') return open;
  const close = matchingClose(s, open, '(', ')');
  return close < 0 ? -1 : close + 1;
}

/** Index of the bracket closing the one at `open`, skipping string and char literals; -1 if none. */
function matchingClose(s: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      i = skipString(s, i);
      continue;
    }
    if (c === "'") {
      const lit = /^'(?:\\.[^']*|[^'\\])'/.exec(s.slice(i));
      if (lit) i += lit[0].length - 1;
      continue;
    }
    if (c === left) depth++;
    else if (c === right && --depth === 0) return i;
  }
  return -1;
}

function skipString(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length;
}

/** Index just past the template argument list opening at `open` (or the end of `s`). */
function skipTemplate(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '<') depth++;
    else if (c === '>' && s[i - 1] !== '-' && --depth === 0) return i + 1;
  }
  return s.length;
}

const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);

/**
 * One pass over the name at nesting depth 0: drops template arguments and
 * parameter lists, keeps operator tokens, and restarts the output at each
 * space before an identifier, which discards return types and calling
 * conventions (`void __cdecl Foo::bar`).
 */
function scanName(s: string): string {
  let out = '';
  let conversion = false; // inside `operator <type>`, where spaces and `*` belong to the name
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === 'o' && s.startsWith('operator', i) && !isIdentChar(s[i - 1]) && !isIdentChar(s[i + 8])) {
      out += 'operator';
      const op = readOperator(s, i + 8);
      out += op.text;
      conversion = op.conversion;
      i = op.end;
    } else if (c === '<') {
      i = skipTemplate(s, i);
    } else if (c === '(') {
      const close = matchingClose(s, i, '(', ')');
      if (close < 0) break;
      const after = skipSpaces(s, close + 1);
      // `Outer(int)::{lambda}`: a parameter list inside the scope; otherwise the call's own list ends the name.
      if (!s.startsWith('::', after)) break;
      i = after;
    } else if (c === '`') {
      const close = s.indexOf("'", i);
      const end = close < 0 ? s.length : close + 1;
      out += s.slice(i, end);
      i = end;
    } else if (c === '{') {
      const close = matchingClose(s, i, '{', '}');
      const end = close < 0 ? s.length : close + 1;
      out += s.slice(i, end);
      i = end;
    } else if (/\s/.test(c)) {
      const next = skipSpaces(s, i);
      if (conversion) out += ' ';
      else if (/[\w$`~{]/.test(s[next] ?? '')) out = '';
      i = next;
    } else if ((c === '*' || c === '&') && !conversion) {
      out = ''; // `char *name`: what came before was a type
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function skipSpaces(s: string, i: number): number {
  let j = i;
  while (j < s.length && /\s/.test(s[j] as string)) j++;
  return j;
}

function readOperator(s: string, from: number): { text: string; end: number; conversion: boolean } {
  const j = skipSpaces(s, from);
  for (const word of ['new', 'delete', 'co_await']) {
    if (s.startsWith(word, j) && !isIdentChar(s[j + word.length])) {
      const k = skipSpaces(s, j + word.length);
      const array = s.startsWith('[]', k);
      return { text: ` ${word}${array ? '[]' : ''}`, end: array ? k + 2 : j + word.length, conversion: false };
    }
  }
  for (const op of OPERATORS) {
    if (s.startsWith(op, j)) {
      // `operator""_km`: the literal suffix is part of the name.
      const suffix = op === '""' ? (/^\w*/.exec(s.slice(j + 2))?.[0] ?? '') : '';
      return { text: op + suffix, end: j + op.length + suffix.length, conversion: false };
    }
  }
  return { text: ' ', end: j, conversion: true };
}
