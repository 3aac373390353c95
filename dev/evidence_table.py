"""Writes the table of evidence (``tools/evidence.py``) into the documents
that show it, between ``<!-- evidence-table -->`` and
``<!-- /evidence-table -->``; ``--check`` fails when one is stale (the tests
check it too: ``tests/test_evidence.py``)."""

import importlib.util
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(
    r"(<!-- evidence-table -->\n)(.*?)(<!-- /evidence-table -->)", re.DOTALL
)


def load_evidence():
    """``tools/evidence.py`` alone: it imports nothing of Odoo or the addon."""
    spec = importlib.util.spec_from_file_location(
        "evidence", PROJECT / "tools" / "evidence.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents():
    """The documents holding the table."""
    return [
        path
        for path in [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
        if path.exists() and BLOCK.search(path.read_text())
    ]


def main(check=False):
    table = load_evidence().markdown_table()
    stale = []
    for path in documents():
        text = path.read_text()
        current = BLOCK.sub(lambda match: match[1] + table + match[3], text)
        if current != text:
            stale.append(path.relative_to(PROJECT))
            if not check:
                path.write_text(current)
    if check and stale:
        names = ", ".join(map(str, stale))
        sys.exit(f"Stale weight table in {names}: run dev/evidence-table")
    if not documents():
        sys.exit(
            "No document holds <!-- evidence-table --> ... <!-- /evidence-table -->"
        )


if __name__ == "__main__":
    main(check="--check" in sys.argv)
