"""What the benchmark scripts share: the command line and the registry."""

import argparse

from odoo.modules.registry import Registry
from odoo.tools import config


def registry_from_command_line(description):
    """The registry of the database given by ``-c CONFIG -d DATABASE``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    return Registry(args.database)
