"""What the benchmark scripts share: the command line and the registry, the
environments they run as, timing, summaries and the markdown of their
reports.

The scripts run with Odoo's source on ``PYTHONPATH`` (the ``bench/*``
commands set it) and import this module from their own folder.
"""

import argparse
import resource
import statistics
import sys
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

# -- command line, registry, environments -----------------------------------


def argument_parser(description):
    """A parser with the ``-c CONFIG -d DATABASE`` options of every script
    that opens a database (``bench/*`` writes the odoo-bin configuration)."""
    parser = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-c", "--config", required=True, help="odoo-bin configuration")
    parser.add_argument("-d", "--database", required=True)
    return parser


def open_registry(args, *odoo_options):
    """The registry of ``args.database``, Odoo configured from ``args.config``
    (and ``odoo_options``, odoo-bin's own, such as ``--log-level=warn``)."""
    config.parse_config(["-c", args.config, "-d", args.database, *odoo_options])
    return Registry(args.database)


def registry_from_command_line(description, **options):
    """The registry of the database given by ``-c CONFIG -d DATABASE``, and
    the values of the other ``--name`` options (``options``: their defaults)."""
    parser = argument_parser(description)
    for name, default in options.items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    args = parser.parse_args()
    registry = open_registry(args)
    values = {name: getattr(args, name) for name in options}
    return (registry, values) if options else registry


def superuser_env(cr, **context):
    """An environment of the superuser (no record rules)."""
    return api.Environment(cr, SUPERUSER_ID, context)


def admin_env(cr):
    """An environment of the administrator, a real user: record rules apply."""
    return api.Environment(cr, superuser_env(cr).ref("base.user_admin").id, {})


# -- timing -----------------------------------------------------------------


@dataclass
class Took:
    """What a measured block took: wall-clock seconds and SQL queries."""

    seconds: float = 0.0
    queries: int = 0

    @property
    def ms(self):
        return 1000 * self.seconds


@contextmanager
def measured(cr=None):
    """Times the block, and counts its SQL queries on ``cr`` if given::

    with measured(cr) as took:
        ...
    took.seconds, took.queries
    """
    took = Took()
    queries, start = (cr.sql_log_count if cr else 0), time.perf_counter()
    yield took
    took.seconds = time.perf_counter() - start
    took.queries = (cr.sql_log_count - queries) if cr else 0


def peak_rss_mb():
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- figures and their markdown ---------------------------------------------


def summary(times):
    """Mean, median and 95th percentile (nearest rank) of ``times``."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.mean(ordered), statistics.median(ordered), p95


def speed(core, addon):
    """How much faster the addon is than core (two durations in one unit)."""
    ratio = core / addon
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


def met(condition, bold=False):
    """A target's verdict; a missed target always stands out in bold."""
    if condition:
        return "**met**" if bold else "met"
    return "**NOT met**"


def markdown_table(header, align, rows):
    """The lines of a markdown table: ``header`` cells, ``align`` the
    separator's cells (``"---"``, ``"---:"``), ``rows`` tuples of strings."""
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(align) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def output(*lines):
    """Writes the lines to standard output: the benchmark's report."""
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()


def strip_accents(text):
    """The text in ASCII letters, as it can appear in an email address."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
