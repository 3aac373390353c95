"""The addon's PEP 517 build backend: whool, without the development files.

whool (the build backend of OCA's ``odoo-addon-*`` packages) packages every
file that git tracks (``git ls-files``) and has no setting to leave some out.
This backend is whool with two changes to what it copies:

- the files that ``.gitattributes`` marks ``export-ignore`` (the development
  files, which ``git archive`` leaves out too) are in neither the wheel nor
  the sdist;
- this folder, which building a wheel from an sdist or a ``git archive``
  needs, is in the sdist but not in the wheel.

Name, version and dependencies are whool's, computed by whool. Without git
(an sdist, an archive) whool copies every file there is, as it always does.
"""

import shutil
import subprocess
from pathlib import Path

from whool import buildapi as whool

BACKEND_DIR = Path(__file__).resolve().parent.name

_whool_ls_files = whool._scm_ls_files
_whool_copy_to = whool._copy_to


def _export_ignored(addon_dir, files):
    """The paths among ``files`` whose ``export-ignore`` attribute is set."""
    output = subprocess.run(
        ["git", "check-attr", "-z", "--stdin", "export-ignore"],
        input="\0".join(files),
        cwd=addon_dir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    # NUL-separated triplets: path, attribute, value ("set", "unset", ...).
    return {
        output[index]
        for index in range(0, len(output) - 2, 3)
        if output[index + 2] == "set"
    }


def _scm_ls_files(addon_dir):
    files = [name for name in _whool_ls_files(addon_dir) if name]
    ignored = _export_ignored(addon_dir, files) if files else set()
    return [name for name in files if name not in ignored]


def _copy_to_wheel(addon_dir, dst):
    _whool_copy_to(addon_dir, dst)
    shutil.rmtree(Path(dst) / BACKEND_DIR, ignore_errors=True)


whool._scm_ls_files = _scm_ls_files


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    whool._copy_to = _copy_to_wheel
    try:
        return whool.build_wheel(wheel_directory, config_settings, metadata_directory)
    finally:
        whool._copy_to = _whool_copy_to


build_sdist = whool.build_sdist
build_editable = whool.build_editable
prepare_metadata_for_build_wheel = whool.prepare_metadata_for_build_wheel
prepare_metadata_for_build_editable = whool.prepare_metadata_for_build_editable
