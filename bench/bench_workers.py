"""Clients of ``bench/workers``: two threads saving duplicates of existing
leads over JSON-RPC, as the web form does, and merging overlapping sets of
leads, while the server's cron worker runs the scoring job; then the
checks (see ``bench/workers``)."""

import random
import re
import threading
import time
from collections import Counter

import requests
from bench_common import (
    argument_parser,
    markdown_table,
    open_registry,
    output,
    superuser_env,
)

#: Stop the clients after this many seconds, whatever they did.
TIME_LIMIT = 600
#: Wait this long at most for the job to score what the clients saved.
JOB_WAIT = 300


class Client:
    """One user's session on the server."""

    def __init__(self, url, db):
        self.url, self.session = url, requests.Session()
        self.codes = Counter()
        self.call(
            "/web/session/authenticate",
            {"db": db, "login": "admin", "password": "admin"},
        )

    def call(self, path, params):
        try:
            response = self.session.post(
                self.url + path,
                json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
                timeout=120,
            )
        except requests.RequestException as error:
            self.codes[f"connection: {type(error).__name__}"] += 1
            return None
        body = response.json() if response.ok else {}
        if "error" in body:
            name = body["error"]["data"]["name"].rpartition(".")[2]
            self.codes[f"{response.status_code} {name}"] += 1
            return None
        self.codes[str(response.status_code)] += 1
        return body.get("result")

    def kw(self, model, method, args, **kwargs):
        return self.call(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


def originals(registry, count, seed):
    """Leads with a mailbox and a name, to save duplicates of."""
    with registry.cursor() as cr:
        cr.execute(
            """SELECT id, email_from, contact_name FROM crm_lead
                WHERE email_from IS NOT NULL AND contact_name IS NOT NULL
                ORDER BY id LIMIT 2000"""
        )
        rows = cr.fetchall()
    return random.Random(seed).sample(rows, min(count, len(rows)))


def work(client, leads, saves, merge_pool, deadline, rng):
    """Saves duplicates (form's save, then the counts the form reads), and
    every fifth save merges two leads of a pool the other client merges
    from too."""
    for index in range(saves):
        if time.monotonic() > deadline:
            return
        _id, email, name = leads[index % len(leads)]
        record = client.kw(
            "crm.lead",
            "web_save",
            [
                [],
                {
                    "name": f"Again: {name}",
                    "email_from": email.upper(),
                    "contact_name": name,
                },
            ],
            specification={"similar_duplicate_count": {}},
        )
        if record:
            client.kw("crm.lead", "read", [[record[0]["id"]], ["similar_lead_ids"]])
        if index % 5 == 4:
            pair = rng.sample(merge_pool, 2)
            wizard = client.kw(
                "crm.lead.merge.wizard",
                "create",
                [{"lead_ids": [(6, 0, pair)]}],
                context={"active_model": "crm.lead", "active_ids": pair},
            )
            if wizard:
                client.call(
                    "/web/dataset/call_button/crm.lead.merge.wizard.action_merge",
                    {
                        "model": "crm.lead.merge.wizard",
                        "method": "action_merge",
                        "args": [[wizard]],
                        "kwargs": {},
                    },
                )


def wait_for_the_job(registry):
    """Seconds until the job scored every logged lead (None: not in time)."""
    start = time.monotonic()
    while time.monotonic() - start < JOB_WAIT:
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM crm_lead_similar_pending")
            if not cr.fetchone()[0]:
                return time.monotonic() - start
        time.sleep(2)
    return None


def checks(registry):
    """Pairs missing or different against a full rescan (rolled back), and
    leads active and merged."""
    from odoo.addons.crm_similar_leads.engine import pairs

    query = (
        "SELECT lead_id, other_id, round(score::numeric, 2) FROM crm_lead_similar_pair"
    )
    with registry.cursor() as cr:
        cr.execute(query)
        stored = set(cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM crm_lead WHERE active AND merged_into_id IS NOT NULL"
        )
        active_and_merged = cr.fetchone()[0]
        pairs.refresh_all(superuser_env(cr))
        cr.execute(query)
        rescanned = set(cr.fetchall())
        cr.rollback()
    missing = {row[:2] for row in rescanned} - {row[:2] for row in stored}
    different = (rescanned - stored) - {row for row in rescanned if row[:2] in missing}
    return len(missing), len(different), active_and_merged


def job_failures(server_log):
    with open(server_log, encoding="utf-8") as log:
        text = log.read()
    failed = re.findall(
        r"Job '[^']*Compare Saved Leads Again[^']*' \(\d+\) server action #\d+ failed",
        text,
    )
    retried = len(re.findall(r"Similar leads: batch lost a race", text))
    return len(failed), retried


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--server-log", required=True)
    args = parser.parse_args()
    registry = open_registry(args, "--log-level=warn")
    leads = originals(registry, 2 * args.saves, seed=28)
    merge_pool = [row[0] for row in leads[: max(6, args.saves // 5)]]
    clients = [Client(args.url, args.database) for _ in range(2)]
    deadline = time.monotonic() + TIME_LIMIT
    start = time.monotonic()
    threads = [
        threading.Thread(
            target=work,
            args=(
                client,
                leads[index::2],
                args.saves,
                merge_pool,
                deadline,
                random.Random(index),
            ),
        )
        for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    clients_seconds = time.monotonic() - start
    job_seconds = wait_for_the_job(registry)
    failed, retried = job_failures(args.server_log)
    missing, different, active_and_merged = checks(registry)
    codes = sum((client.codes for client in clients), Counter())
    output(
        f"2 clients x {args.saves} saves (a merge every 5 saves), prefork server "
        "(2 workers, 1 cron worker, a read-only replica):",
        "",
        *markdown_table(
            ("metric", "value", "goal"),
            ("---", "---:", "---:"),
            [
                ("clients' time", f"{clients_seconds:.1f} s", ""),
                (
                    "job done after the clients",
                    "not in time" if job_seconds is None else f"{job_seconds:.1f} s",
                    "",
                ),
                ("job runs failed", str(failed), "0"),
                ("batches that lost a race, tried again", str(retried), ""),
                ("pairs missing against a full rescan", str(missing), "0"),
                ("pairs scored otherwise than a full rescan", str(different), "0"),
                ("leads active and merged", str(active_and_merged), "0"),
                *(
                    (f"responses: {code}", str(count), "")
                    for code, count in sorted(codes.items())
                ),
            ],
        ),
    )


if __name__ == "__main__":
    main()
