/**
 * The Python that runs inside gdb after the core is loaded. It prints one JSON
 * document between the markers below; everything else gdb prints is ignored.
 * Kept as a string so the ncc bundle carries it. Python 3.6 compatible (gdb 8
 * on older distributions); addresses are hex strings because JSON numbers lose
 * 64-bit precision in JavaScript.
 */
export const JSON_BEGIN = '<<<crash-autofix:gdb-json:begin>>>';
export const JSON_END = '<<<crash-autofix:gdb-json:end>>>';

export interface ScriptLimits {
  /** Frames walked per thread, innermost first; deep recursion is cut here. */
  maxFrames: number;
  /** Threads reported; the crashing thread is always among them. */
  maxThreads: number;
}

const SCRIPT = String.raw`
import bisect, json, os, re, tempfile, traceback
import gdb

MAX_FRAMES = __MAX_FRAMES__
MAX_THREADS = __MAX_THREADS__

def _hex(value):
    return None if value is None else '0x%x' % (int(value) & 0xffffffffffffffff)

# gdb decodes names and paths with its host charset, which the adapter sets to
# ISO-8859-1 so that every byte decodes. The bytes are then read as UTF-8, with
# U+FFFD for those that are not (a program run from a folder named in Latin-1).
def _text(value):
    if value is None:
        return None
    try:
        return value.encode('latin-1').decode('utf-8', 'replace')
    except UnicodeEncodeError:
        return value

def _run(command):
    try:
        return gdb.execute(command, to_string=True)
    except UnicodeDecodeError:
        return _run_to_file(command)
    except gdb.error:
        return ''

# to_string output must be valid UTF-8; gdb's log file takes any bytes.
def _run_to_file(command):
    fd, name = tempfile.mkstemp(prefix='crash-autofix-gdb-')
    os.close(fd)
    try:
        gdb.execute('set logging file ' + name)
        gdb.execute('set logging overwrite on')
        gdb.execute('set logging redirect on')
        _logging('on')
        try:
            gdb.execute(command)
        finally:
            _logging('off')
        with open(name, 'rb') as f:
            return f.read().decode('utf-8', 'replace')
    except gdb.error:
        return ''
    finally:
        os.unlink(name)

def _logging(state):
    try:
        gdb.execute('set logging enabled ' + state)
    except gdb.error:
        gdb.execute('set logging ' + state)  # gdb 11 and older

MAP_RE = re.compile(r'^\s*(0x[0-9a-fA-F]+)\s+(0x[0-9a-fA-F]+)\s+0x[0-9a-fA-F]+\s+(0x[0-9a-fA-F]+)\s+(?:[rwxsp-]{4}\s+)?(\S.*?)\s*$')
LIB_RE = re.compile(r'^\s*(?:(0x[0-9a-fA-F]+)\s+(0x[0-9a-fA-F]+)\s+)?(Yes \(\*\)|Yes|No)\s+(\S.*?)\s*$')

def _mappings():
    rows = []
    for line in _run('info proc mappings').splitlines():
        m = MAP_RE.match(line)
        if m:
            rows.append((int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16), m.group(4)))
    rows.sort()
    return {'rows': rows, 'starts': [r[0] for r in rows]}

def _libraries():
    out = []
    for line in _run('info sharedlibrary').splitlines():
        m = LIB_RE.match(line)
        if m and m.group(4).startswith('/'):
            out.append({'path': m.group(4), 'from': m.group(1), 'to': m.group(2), 'symbols': m.group(3).startswith('Yes')})
    return out

def _module_for(pc, mappings):
    try:
        name = _text(gdb.solib_name(pc))
    except Exception:
        name = None
    if name:
        return name
    i = bisect.bisect_right(mappings['starts'], pc) - 1
    if i >= 0 and pc < mappings['rows'][i][1]:
        return mappings['rows'][i][3]
    try:
        block = gdb.block_for_pc(pc)
        if block is not None and block.function is not None:
            return _text(block.function.symtab.objfile.filename)
    except Exception:
        pass
    return None

def _frame(frame, mappings):
    pc = frame.pc()
    try:
        name = _text(frame.name())
    except gdb.error:
        name = None
    kind = frame.type()
    if name is None and kind == gdb.SIGTRAMP_FRAME:
        name = '<signal handler called>'
    filename = fullname = None
    line = None
    try:
        sal = frame.find_sal()
        if sal.symtab is not None:
            filename = _text(sal.symtab.filename)
            try:
                fullname = _text(sal.symtab.fullname())
            except Exception:
                fullname = None
            line = sal.line or None
    except gdb.error:
        pass
    return {'pc': _hex(pc), 'function': name, 'file': filename, 'fullname': fullname, 'line': line,
            'module': _module_for(pc, mappings), 'inline': kind == gdb.INLINE_FRAME}

def _frames(mappings):
    frames = []
    try:
        frame = gdb.newest_frame()
    except gdb.error:
        return frames, False
    while frame is not None and len(frames) < MAX_FRAMES:
        frames.append(_frame(frame, mappings))
        try:
            frame = frame.older()
        except gdb.error:
            frame = None
    return frames, frame is not None

def _signal():
    out = {'number': None, 'code': None, 'address': None, 'error': None}
    try:
        info = gdb.parse_and_eval('$_siginfo')
        out['number'] = int(info['si_signo'])
        out['code'] = int(info['si_code'])
        try:
            out['address'] = _hex(int(info['_sifields']['_sigfault']['si_addr']))
        except Exception:
            pass
    except Exception as e:
        out['error'] = _text(str(e))
    return out

def _main():
    inferior = gdb.selected_inferior()
    selected = gdb.selected_thread()
    mappings = _mappings()
    everything = sorted(inferior.threads(), key=lambda t: t.num)
    chosen = [t for t in everything if selected is not None and t.num == selected.num]
    chosen += [t for t in everything if selected is None or t.num != selected.num][:max(0, MAX_THREADS - len(chosen))]
    chosen.sort(key=lambda t: t.num)
    signal = _signal()
    threads = []
    for thread in chosen:
        thread.switch()
        frames, truncated = _frames(mappings)
        threads.append({'num': thread.num, 'lwp': thread.ptid[1] or thread.ptid[0], 'name': _text(thread.name),
                        'frames': frames, 'truncated': truncated})
    if selected is not None:
        selected.switch()
    return {
        'gdbVersion': gdb.VERSION,
        'pid': inferior.pid or None,
        'executable': _text(gdb.current_progspace().filename),
        'selectedThread': selected.num if selected is not None else None,
        'threadCount': len(everything),
        'signal': signal,
        'threads': threads,
        'libraries': _libraries(),
        'mappings': [{'start': _hex(s), 'end': _hex(e), 'offset': _hex(o), 'path': p} for s, e, o, p in mappings['rows']],
    }

try:
    _doc = _main()
except Exception:
    _doc = {'error': traceback.format_exc()}
print('__BEGIN__')
print(json.dumps(_doc))
print('__END__')
`;

/** The script with its limits filled in. */
export function renderGdbScript(limits: ScriptLimits): string {
  return SCRIPT.replace('__MAX_FRAMES__', String(Math.max(1, Math.floor(limits.maxFrames))))
    .replace('__MAX_THREADS__', String(Math.max(1, Math.floor(limits.maxThreads))))
    .replace('__BEGIN__', JSON_BEGIN)
    .replace('__END__', JSON_END);
}

/**
 * One `-ex` argument that runs the script: base64 keeps quotes and newlines out
 * of gdb's command parser and needs no temporary file.
 */
export function gdbPythonCommand(limits: ScriptLimits): string {
  const encoded = Buffer.from(renderGdbScript(limits), 'utf8').toString('base64');
  return `python import base64; exec(compile(base64.b64decode('${encoded}').decode('utf-8'), 'crash-autofix-gdb.py', 'exec'), {'__name__': 'crash_autofix_gdb'})`;
}
