"""The sections of the checked-in update script that tools/update_issue*.py
write.  A section begins with its marker line ("-- Issue N (...).") and runs
to the next issue's marker, or to the end; rewriting one keeps the others."""
PATH = 'iotatrail--0.2.0--0.3.0.sql'


def write_section(marker, section, before=None):
    """Put section (which starts with marker) in the place of the one there;
    a new one goes before the section marked before, if there is one, else
    at the end."""
    text = open(PATH).read()
    after = ""
    if marker in text:
        start = text.index(marker)
        later = text.find("\n-- Issue ", start + len(marker))
        after = "" if later < 0 else text[later:]
        text = text[:start]
    elif before and before in text:
        at = text.index(before)
        text, after = text[:at], text[at:]
    open(PATH, 'w').write(text.rstrip("\n") + "\n" + section + after)
