from odoo.tests import tagged

from ..engine import pairs, rescore_job
from .common import TwoConnectionsCase


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestPairsConcurrency(TwoConnectionsCase):
    """Two workers saving two duplicates at the same time: neither sees the
    other's lead, and the pair is found once both have committed; the job
    beside users and other jobs."""

    EMAIL = "same.time@concurrent-pairs.example"

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete_leads)

    def _env(self, cr):
        return self.env_of(cr)

    def _delete_leads(self):
        with self.database.cursor() as cr:
            env = self._env(cr)
            env["crm.lead"].search([("email_from", "=", self.EMAIL)]).unlink()

    def _pair_count(self, lead_ids):
        with self.database.cursor() as cr:
            cr.execute(
                """SELECT count(*) FROM crm_lead_similar_pair
                    WHERE lead_id = ANY(%s) AND other_id = ANY(%s)""",
                [lead_ids, lead_ids],
            )
            return cr.fetchone()[0]

    def _create(self, cr, name):
        env = self._env(cr)
        lead = env["crm.lead"].create(
            {"name": name, "contact_name": "Sam Time", "email_from": self.EMAIL}
        )
        pairs.up_to_date(env)  # its pairs, as it sees them
        return lead.id

    def test_duplicates_saved_at_the_same_time(self):
        with self.database.cursor() as cr_a, self.database.cursor() as cr_b:
            lead_a = self._create(cr_a, "Worker A")
            lead_b = self._create(cr_b, "Worker B")  # A has not committed yet
            cr_a.commit()
            cr_b.commit()
        ids = [lead_a, lead_b]
        self.assertEqual(self._pair_count(ids), 0, "neither saw the other")
        with self.database.cursor() as cr:
            self._env(cr)["crm.lead.similar.pair"]._cron_rescore()
        self.assertEqual(self._pair_count(ids), 2, "found once both committed")
        with self.database.cursor() as cr:
            lead = self._env(cr)["crm.lead"].browse(lead_a)
            self.assertEqual(lead.similar_duplicate_count, 1)

    def _top_score(self, lead_id):
        with self.database.cursor() as cr:
            cr.execute(
                "SELECT similar_top_score FROM crm_lead WHERE id = %s", [lead_id]
            )
            return cr.fetchone()[0]

    def test_a_lead_being_edited_is_not_waited_for(self):
        """Saving a duplicate of a lead another worker is editing neither
        waits for that worker nor misses the filter: the edited lead's best
        score is raised by the scheduled job once both have committed."""
        with self.database.cursor() as cr:
            old = self._create(cr, "Old")
        with self.database.cursor() as cr_a, self.database.cursor() as cr_b:
            self._env(cr_a)["crm.lead"].browse(old).description = "Being edited"
            self._env(cr_a).flush_all()  # worker A holds the old lead's row
            cr_b.execute("SET LOCAL lock_timeout = '2s'")
            new = self._create(cr_b, "New")  # raises if it waited for A
            cr_b.commit()
            cr_a.commit()
        self.assertEqual(self._pair_count([old, new]), 2)
        self.assertIsNone(self._top_score(old), "locked: left for the job")
        self.assertTrue(self._top_score(new))
        with self.database.cursor() as cr:
            self._env(cr)["crm.lead.similar.pair"]._cron_rescore()
        self.assertTrue(self._top_score(old))
        with self.database.cursor() as cr:
            found = self._env(cr)["crm.lead"].search(
                [("similar_duplicate_count", ">", 0), ("email_from", "=", self.EMAIL)]
            )
            self.assertEqual(sorted(found.ids), sorted([old, new]))

    def _job_triggers(self, cr):
        job = self._env(cr).ref("crm_similar_leads.ir_cron_crm_lead_similar_rescore")
        cr.execute("SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s", [job.id])
        return cr.fetchone()[0]

    def test_a_lead_created_unread_is_scored_by_the_job_its_commit_wakes(self):
        """An import or an RPC creates a lead and reads nothing: its commit
        logs it and wakes the job instead of scoring it. An action that
        reads its duplicates before the job ran scores it at once."""
        with self.database.cursor() as cr:
            old = self._create(cr, "Sam Time")
            triggers = self._job_triggers(cr)
        with self.database.cursor() as cr:
            values = {"contact_name": "Sam Time", "email_from": self.EMAIL}
            new = self._env(cr)["crm.lead"].create({"name": "Sam Time", **values}).id
        self.assertEqual(self._pair_count([old, new]), 0, "left to the job")
        with self.database.cursor() as cr:
            self.assertEqual(self._job_triggers(cr), triggers + 1, "the job is woken")
            # What the merge proposal, the banner's merge, "Keep separate" or
            # core's convert wizard read, before the job has run.
            duplicates = self._env(cr)["crm.lead"].browse(new)._similar_duplicates()
            self.assertEqual(duplicates.ids, [old], "scored by the action itself")
            cr.rollback()
        self.assertEqual(self._pair_count([old, new]), 0)
        with self.database.cursor() as cr:
            self._env(cr)["crm.lead.similar.pair"]._cron_rescore()
        self.assertEqual(self._pair_count([old, new]), 2, "scored by the job")

    def _set_job_active(self, active):
        with self.database.cursor() as cr:
            job = self._env(cr).ref(
                "crm_similar_leads.ir_cron_crm_lead_similar_rescore"
            )
            job.active = active

    def test_with_the_job_switched_off_a_created_lead_is_scored_at_commit(self):
        self._set_job_active(False)
        self.addCleanup(self._set_job_active, True)
        with self.database.cursor() as cr:
            old = self._create(cr, "Sam Time")
        with self.database.cursor() as cr:
            values = {"contact_name": "Sam Time", "email_from": self.EMAIL}
            new = self._env(cr)["crm.lead"].create({"name": "Sam Time", **values}).id
        self.assertEqual(self._pair_count([old, new]), 2, "nothing left to a job off")

    def test_the_job_is_woken_once_per_transaction(self):
        """An import saves each lead in a savepoint, and each savepoint runs
        the pre-commit hooks: the job is still woken once."""
        with self.database.cursor() as cr:
            triggers = self._job_triggers(cr)
        with self.database.cursor() as cr:
            for name in ("First", "Second", "Third"):
                self._env(cr)["crm.lead"].create(
                    {"name": name, "email_from": self.EMAIL}
                )
                cr.flush()  # what each savepoint of an import does
        with self.database.cursor() as cr:
            self.assertEqual(self._job_triggers(cr), triggers + 1)

    def test_a_batch_that_loses_a_race_is_tried_again(self):
        """The job's batch meets a lead another transaction changed since the
        batch began (core's lead enrichment writing a lead; a user saving a
        lead, which stores its pairs again): the batch is tried again in a
        new transaction, in the same run, instead of failing."""
        for race in ("update", "delete"):
            with self.subTest(race=race):
                self._race(race)
                self._delete_leads()

    def _race(self, race):
        with self.database.cursor() as cr:
            env = self._env(cr)
            leads = env["crm.lead"].create(
                [
                    {
                        "name": f"Race {i}",
                        "contact_name": "Ray Race",
                        "email_from": self.EMAIL,
                    }
                    for i in (1, 2)
                ]
            )
            cr.flush()  # created without being read: logged for the job
            ids = leads.ids
        with self.database.cursor() as cr_job, self.database.cursor() as cr_user:
            env_job = self._env(cr_job)
            cr_job.execute("SELECT count(*) FROM crm_lead")  # its snapshot
            env_user = self._env(cr_user)
            if race == "update":
                env_user["crm.lead"].browse(ids[0]).description = "Enriched"
            else:  # its pairs deleted and stored again
                pairs.refresh(env_user, ids)
            cr_user.commit()
            self.assertTrue(rescore_job._step_until_done(env_job))
            cr_job.commit()
        self.assertEqual(self._pair_count(ids), 2, "scored in the same run")
        self.assertIsNotNone(self._top_score(ids[0]))

    def test_stored_pairs_weigh_what_a_full_rescan_gives(self):
        """An import adds a third lead on a mailbox two leads shared: their
        own pair weighs the mailbox as shared by three once the job ran, as a
        full rescan of the same data does."""
        with self.database.cursor() as cr:
            env = self._env(cr)
            first = env["crm.lead"].create(
                {
                    "name": "Shared 1",
                    "contact_name": "Sue Shared",
                    "email_from": self.EMAIL,
                }
            )
            second = env["crm.lead"].create(
                {
                    "name": "Shared 2",
                    "contact_name": "Sue Shared",
                    "email_from": self.EMAIL,
                }
            )
            pairs.up_to_date(env)
            ids = [first.id, second.id]
        with self.database.cursor() as cr:  # their log, scored again
            rescore_job.run(self._env(cr))
        with self.database.cursor() as cr:  # the import: nothing reads pairs
            third = self._env(cr)["crm.lead"].create(
                {
                    "name": "Shared 3",
                    "contact_name": "Sue Shared",
                    "email_from": self.EMAIL,
                }
            )
            ids.append(third.id)
        with self.database.cursor() as cr:
            rescore_job.run(self._env(cr))  # the job the commit woke
        stored = self._pairs(ids)
        with self.database.cursor() as cr:
            pairs.refresh_all(self._env(cr))
        self.assertEqual(stored, self._pairs(ids))
        self.assertEqual(len(stored), 6)

    def _pairs(self, ids):
        with self.database.cursor() as cr:
            cr.execute(
                """SELECT lead_id, other_id, score, is_exact, contributions::text
                     FROM crm_lead_similar_pair
                    WHERE lead_id = ANY(%s) ORDER BY lead_id, other_id""",
                [ids],
            )
            return cr.fetchall()
