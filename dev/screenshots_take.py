"""Takes the README screenshots from a running demo database.

Drives headless Chromium over the DevTools protocol: logs in, opens each
page, waits for Odoo to settle and saves a PNG under static/description/.
dev/screenshots runs it against a fresh demo database; on a running
dev/run: .venv/bin/python dev/screenshots_take.py --url http://127.0.0.1:8069
"""

import argparse
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import websocket

OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "description"


class Browser:
    def __init__(self, width=1366, height=900):
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        if not binary:
            raise SystemExit("Chromium not found (Debian: apt-get install chromium).")
        self.profile = tempfile.mkdtemp(prefix="csl-chromium-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=9229",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                targets = json.load(
                    urllib.request.urlopen("http://127.0.0.1:9229/json")
                )
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start.")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.ids = itertools.count(1)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def goto(self, url, settle=2.5):
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")
        time.sleep(settle)

    def wait_for(self, condition, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!({condition})"):
                return
            time.sleep(0.2)
        self.screenshot("failed.png")
        raise TimeoutError(f"{condition} (see failed.png)")

    def click(self, selector, settle=2.0):
        self.wait_for(f"document.querySelector({json.dumps(selector)})")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        time.sleep(settle)

    def type(self, selector, text):
        """Types like a person, so that the web client sees the change."""
        self.wait_for(f"document.querySelector({json.dumps(selector)})")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", text=text)
        self.evaluate(
            f"document.querySelector({json.dumps(selector)})"
            ".dispatchEvent(new Event('change', {bubbles: true}))"
        )
        time.sleep(0.5)

    def scroll_to(self, selector, block="center"):
        self.evaluate(
            f"document.querySelector({json.dumps(selector)})"
            f"?.scrollIntoView({{block: {json.dumps(block)}}})"
        )
        time.sleep(0.5)

    def screenshot(self, name):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path = OUT_DIR / name
        path.write_bytes(base64.b64decode(data))
        print(f"saved {path}")

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def rpc(args, model, method, *params, **kwargs):
    """Calls the running Odoo over XML-RPC, as the demo user."""
    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.login, args.password, {})
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)
    return models.execute_kw(
        args.db, uid, args.password, model, method, list(params), kwargs
    )


def demo_record_id(args, xmlid_name):
    """The id of one of the addon's demo records."""
    [data] = rpc(
        args,
        "ir.model.data",
        "search_read",
        [("module", "=", "crm_similar_leads"), ("name", "=", xmlid_name)],
        fields=["res_id"],
    )
    return data["res_id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="crm_similar_leads")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args()
    browser = Browser()
    try:
        browser.goto(f"{args.url}/web/login", settle=0.5)
        fill = "document.querySelector('input[name=%s]').value = %s;"
        browser.evaluate(
            fill % ("login", json.dumps(args.login))
            + fill % ("password", json.dumps(args.password))
            + "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)
        robin = demo_record_id(args, "lead_robin_website")
        browser.goto(f"{args.url}/odoo/crm/{robin}")
        browser.click("button[name=action_open_similar_leads]", settle=3)
        browser.click(".o_searchview_facet .o_facet_remove", settle=3)
        browser.screenshot("similar_leads_related.png")

        browser.goto(f"{args.url}/odoo/crm/new")
        browser.type(".o_field_widget[name=name] textarea", "Poêle à granulés Goldman")
        browser.type(".o_field_widget[name=email_from] input", "jj.goldman@laposte.net")
        browser.click(".o_form_button_save", settle=0)
        browser.wait_for(
            "document.querySelector('.modal .o_field_widget[name=duplicate_ids] "
            ".o_data_row')"
        )
        time.sleep(1)
        browser.screenshot("merge_proposal.png")

        martin = demo_record_id(args, "opportunity_martin")
        browser.goto(f"{args.url}/odoo/crm/{martin}")
        browser.screenshot("similar_leads_button.png")
        browser.click("button[name=action_open_similar_leads]", settle=3)
        browser.screenshot("similar_leads_kanban.png")
        browser.click("button.o_switch_view.o_list", settle=3)
        browser.screenshot("similar_leads_list.png")
        browser.click("thead .o_list_record_selector input", settle=1)
        browser.click("button[name=action_merge_selected]", settle=0)
        browser.wait_for("document.querySelector('.modal .o_crm_similar_likeness')")
        time.sleep(1)
        browser.scroll_to(".modal .o_crm_similar_merge_grid", block="start")
        browser.screenshot("merge_wizard.png")
        browser.click(".modal button[name=action_merge]", settle=0)
        browser.wait_for("document.querySelector('.o_crm_similar_leads_merge_note')")
        time.sleep(1)
        browser.scroll_to(".o-mail-Message", block="start")
        browser.screenshot("merge_note.png")
        browser.click("button[name=action_open_merged_leads]", settle=3)
        browser.click(".o_data_row button[name=action_undo_merge]", settle=0)
        browser.wait_for(
            "document.querySelector('.modal .o_field_widget[name=preview]')"
        )
        time.sleep(1)
        browser.screenshot("merge_undo.png")
        browser.click(".modal .btn-secondary", settle=2)

        rpc(args, "crm.lead.duplicate.group", "action_scan_now", [])
        browser.goto(
            f"{args.url}/odoo/action-crm_similar_leads.crm_lead_duplicate_group_action"
        )
        browser.screenshot("duplicate_queue.png")

        browser.goto(f"{args.url}/odoo/settings#crm")
        browser.scroll_to("#similar_leads_scores", block="start")
        browser.screenshot("settings.png")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
