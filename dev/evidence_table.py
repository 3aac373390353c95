"""Writes the table of evidence (``tools/evidence.py``) into the documents
that show it, between ``<!-- evidence-table -->`` and
``<!-- /evidence-table -->``; ``--check`` fails when one is stale (the tests
check it too: ``tests/test_evidence.py``)."""

import importlib.util
import re
import subprocess
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


def normalized(table):
    """The rows of a markdown table as lists of cells, whatever the padding
    (prettier aligns the columns of the documents)."""
    rows = []
    for line in table.splitlines():
        if not line.strip().startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if all(set(cell) <= set("-:") and cell for cell in cells):
            cells = ["---:" if cell.endswith(":") else "---" for cell in cells]
        rows.append(cells)
    return rows


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
        if normalized(BLOCK.search(text)[2]) == normalized(table):
            continue
        stale.append(path.relative_to(PROJECT))
        if not check:
            path.write_text(BLOCK.sub(lambda match: match[1] + table + match[3], text))
            prettier = PROJECT / "node_modules" / ".bin" / "prettier"
            if prettier.exists():
                subprocess.run([str(prettier), "--write", str(path)], check=True)
    if check and stale:
        names = ", ".join(map(str, stale))
        sys.exit(f"Stale weight table in {names}: run dev/evidence-table")
    if not documents():
        sys.exit(
            "No document holds <!-- evidence-table --> ... <!-- /evidence-table -->"
        )


if __name__ == "__main__":
    main(check="--check" in sys.argv)
