"""What the benchmark scripts share: the command line and the registry."""

import argparse

from odoo.modules.registry import Registry
from odoo.tools import config


def registry_from_command_line(description, **options):
    """The registry of the database given by ``-c CONFIG -d DATABASE``, and
    the values of the other ``--name`` options (``options``: their defaults)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, default in options.items():
        parser.add_argument(f"--{name}", type=type(default), default=default)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    values = {name: getattr(args, name) for name in options}
    return (Registry(args.database), values) if options else Registry(args.database)
