/**
 * A demangled name as llvm-symbolizer prints it (`void ns::f<int>(int) const`)
 * cut to what gdb prints for a frame with DWARF (`ns::f<int>`): without the
 * parameter list, its qualifiers and the return type of a template. Template
 * arguments stay. A name without a parameter list (C, `.dynsym`) is kept whole.
 */
export function gdbStyleName(name: string): string {
  const s = name.trim();
  const open = parameterListStart(s);
  if (open === null) return s;
  const head = s.slice(0, open);
  return head.slice(returnTypeEnd(head)).trim() || s;
}

/** Where the last top-level `(...)` starts, when the name ends with it and optional qualifiers (`const`, `&`, `&&`, `volatile`). */
function parameterListStart(s: string): number | null {
  const end = s.replace(/(?:\s*(?:const|volatile|&&|&))*\s*$/, '');
  if (!end.endsWith(')')) return null;
  let depth = 0;
  for (let i = end.length - 1; i >= 0; i--) {
    const c = end[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return null;
}

/** After the last space outside `<>` and `()`: the return type ends there. `operator<<`, `operator new` and `operator bool` are names. */
function returnTypeEnd(head: string): number {
  let depth = 0;
  let end = 0;
  for (let i = 0; i < head.length; i++) {
    if (head.startsWith('operator', i) && !/\w/.test(head[i - 1] ?? '')) {
      const op = /^operator(?:\s*(?:<=>|<<=|>>=|<<|>>|<=|>=|->\*?|<|>|\(\)|\[\])|\s+[\w:]+)?/.exec(head.slice(i));
      i += (op?.[0].length ?? 8) - 1;
      continue;
    }
    const c = head[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    // `operator<< <char>`: a space before template arguments does not end a return type.
    else if (c === ' ' && depth === 0 && head[i + 1] !== '<') end = i + 1;
  }
  return end;
}
