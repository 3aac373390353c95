import re
from pathlib import Path

from odoo.tests import HttpCase, tagged

ADDON = "crm_similar_leads"
UNIT_TESTS = Path(__file__).resolve().parent.parent / "static" / "tests"
# A test as the files write them, to count them.
TEST_LINE = re.compile(r"^test\(", re.MULTILINE)
# As core's test_check_suite: ``test.only()`` would silently skip the others.
FORBIDDEN = re.compile(r"\b(test|describe)(\.\w+)*\.(only|debug)\(")


def hoot_job_id(name):
    """Hoot's id of a suite or test (``generateHash`` in hoot_utils.js, as
    core's ``HOOTCommon._generate_hash`` computes it)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def not_a_hoot_log(message):
    """Hoot's own logs of a failed test do not stop the run: its final report
    (no [HOOT] prefix) does, and fails the test (core's
    ``unit_test_error_checker``)."""
    return "[HOOT]" not in message


@tagged("post_install", "-at_install", ADDON)
class TestSimilarLeadsHoot(HttpCase):
    """The addon's JavaScript unit tests (Hoot, ``static/tests/*.test.js``,
    bundle ``web.assets_unit_tests``): only the addon's suite, run as core
    runs its own (``web/tests/test_js.py``)."""

    def test_no_test_left_focused(self):
        files = sorted(UNIT_TESTS.glob("**/*.test.js"))
        self.assertTrue(files)
        for path in files:
            self.assertNotRegex(path.read_text(encoding="utf-8"), FORBIDDEN, path)

    def test_hoot_suite(self):
        url = (
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&id={hoot_job_id('@' + ADDON)}"
        )
        browser_logger = self._logger.getChild("browser")
        with self.assertLogs(browser_logger, level="INFO") as logs:
            try:
                self.browser_js(
                    url,
                    "",
                    "",
                    login="admin",
                    timeout=600,
                    success_signal="[HOOT] Test suite succeeded",
                    error_checker=not_a_hoot_log,
                )
            except AssertionError as error:
                # assertLogs keeps Hoot's report of each failed test: say it.
                failures = [line for line in logs.output if "[HOOT]" in line]
                raise AssertionError("\n".join([str(error), *failures])) from None
        passed = [
            int(match.group(1))
            for line in logs.output
            if (match := re.search(r"Passed (\d+) tests", line))
        ]
        # A run that matched no test succeeds too: every test written must
        # have run (a test written ``test(`` at the start of a line).
        written = sum(
            len(TEST_LINE.findall(path.read_text(encoding="utf-8")))
            for path in UNIT_TESTS.glob("**/*.test.js")
        )
        self.assertTrue(written)
        self.assertEqual(len(passed), 1, logs.output[-5:])
        self.assertGreaterEqual(passed[0], written, "Hoot tests that did not run")
