#!/usr/bin/python3
"""Count the checks of each test harness, statically (call sites in the files).

  pg_regress  the SQL statements of sql/*.sql (each one's echo and result is
              compared with expected/), and the psql meta-commands among them
  bash        the expect and same_over_wheres calls of test/scripts/*.sh
  TAP         the Test::More assertions of t/*.pl (ok, is, isnt, like,
              unlike, cmp_ok, is_deeply, pass, fail; a $node->... check
              that is a test by itself, such as command_ok, too)

A call inside a loop counts once here; the runtime count is in the test's
output (bash: its "ok"/"FAIL" lines; TAP: its plan, "1..N").

    /usr/bin/python3 test/count_assertions.py [TREE]
"""
import glob
import os
import re
import sys


def sql_statements(text):
    """(statements, meta-commands) of a psql script: a statement ends at a ;
    outside quotes, dollar quotes and comments, or at \\gset/\\g."""
    stmts = metas = 0
    i, n = 0, len(text)
    pending = False  # a statement has begun
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == '\\' and not pending:
            # a meta-command line on its own
            metas += 1
            j = text.find('\n', i)
            i = n if j < 0 else j + 1
            continue
        at_line_start = False
        if c == '\n':
            at_line_start = not pending
            i += 1
            continue
        if text.startswith('--', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
            continue
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            i = n if j < 0 else j + 2
            continue
        if c == "'" or c == '"':
            j = i + 1
            while j < n:
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            pending = True
            i = j + 1
            continue
        m = re.match(r'\$([A-Za-z_][A-Za-z_0-9]*)?\$', text[i:])
        if m and not re.match(r'[A-Za-z_0-9]', text[i - 1] if i else ' '):
            tag = m.group(0)
            j = text.find(tag, i + len(tag))
            pending = True
            i = n if j < 0 else j + len(tag)
            continue
        if c == ';':
            if pending:
                stmts += 1
            pending = False
            i += 1
            # the rest of the line may be a comment
            continue
        if c == '\\' and pending:
            # \gset, \g, \gx end a statement
            m = re.match(r'\\g(set|x)?\b', text[i:])
            if m:
                stmts += 1
                metas += 1
                pending = False
                j = text.find('\n', i)
                i = n if j < 0 else j
                continue
        if not c.isspace():
            pending = True
        i += 1
    return stmts, metas


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else '.'
    total = 0
    print('pg_regress (statements, psql meta-commands):')
    for f in sorted(glob.glob(os.path.join(top, 'sql', '*.sql'))):
        s, m = sql_statements(open(f).read())
        total += s
        print('  %-24s %4d %3d' % (os.path.basename(f), s, m))
    print('  %-24s %4d' % ('total statements', total))
    print('bash (expect and same_over_wheres calls):')
    total = 0
    for f in sorted(glob.glob(os.path.join(top, 'test', 'scripts', '*.sh'))):
        text = open(f).read()
        k = len(re.findall(r'^\s*(?:expect|same_over_wheres)\s', text, re.M))
        k += len(re.findall(r'[;&|(]\s*(?:expect|same_over_wheres)\s', text))
        total += k
        print('  %-24s %4d' % (os.path.basename(f), k))
    print('  %-24s %4d' % ('total', total))
    print('TAP (Test::More assertions):')
    total = 0
    tap = re.compile(r'(?<![\w>$:])(?:ok|is|isnt|like|unlike|cmp_ok|is_deeply|pass|fail)\s*\(|'
                     r'->\s*(?:command_ok|command_fails|command_like|command_fails_like|'
                     r'issues_sql_like|connect_ok|connect_fails|poll_query_until_ok)\s*\(|'
                     r'(?<![\w>$:])(?:command_ok|command_fails|command_like|command_fails_like)\s*\(')
    for f in sorted(glob.glob(os.path.join(top, 't', '*.pl'))):
        text = '\n'.join(l for l in open(f).read().split('\n') if not l.lstrip().startswith('#'))
        k = len(tap.findall(text))
        total += k
        print('  %-24s %4d' % (os.path.basename(f), k))
    print('  %-24s %4d' % ('total', total))


if __name__ == '__main__':
    main()
