"""Renders the readme/ fragments into static/description/index.html.

The feature list and the user documentation live in one place, readme/ (as
OCA's fragments); the page the Apps menu shows is generated from them, as
OCA's oca-gen-addon-readme does, with the screenshots of README.md.
``--check`` fails when the page is not the one the fragments give.
"""

# A command-line tool: it reports what it did.
# pylint: disable=print-used

import argparse
import html
import sys
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "static" / "description" / "index.html"
#: The fragments, in OCA's order, with their section titles.
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
)
#: Screenshots shown after the description.
SCREENSHOTS = (
    ("similar_leads_kanban.png", "Similar leads with each field's part of the score"),
    ("merge_wizard.png", "The merge window"),
    ("merge_undo.png", "Undoing a merge"),
    ("duplicate_queue.png", "The duplicate review queue"),
)


def render():
    manifest = (ROOT / "__manifest__.py").read_text(encoding="utf-8")
    name = manifest.split('"name":', 1)[1].split('"')[1]
    parts = [
        '<section class="oe_container">\n<div class="oe_row oe_spaced">',
        f'<h2 class="oe_slogan">{html.escape(name)}</h2>',
    ]
    for filename, title in SECTIONS:
        text = (ROOT / "readme" / filename).read_text(encoding="utf-8")
        if title:
            parts.append(f"<h3>{title}</h3>")
        parts.append(markdown.markdown(text, output_format="html"))
        if filename == "DESCRIPTION.md":
            parts.extend(
                f'<p><img class="oe_picture oe_screenshot" src="{image}" '
                f'alt="{html.escape(alt)}"/></p>'
                for image, alt in SCREENSHOTS
            )
    parts.append("</div>\n</section>")
    return "\n".join(parts) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    page = render()
    if parser.parse_args().check:
        if PAGE.read_text(encoding="utf-8") != page:
            sys.exit(f"{PAGE.relative_to(ROOT)} is stale: run dev/readme")
        print(f"{PAGE.relative_to(ROOT)} is up to date")
        return
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
