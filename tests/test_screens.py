from odoo.tests import HttpCase, tagged

from .common import run_scoring_job


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScreens(HttpCase):
    """Every screen of the addon readable by a sales manager: nothing scrolls
    sideways, nothing is cut (``static/tests/tours/screens_tour.esm.js``), at
    the size and in the language of each class below."""

    lang = "en_US"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.lang != "en_US":
            cls.env["res.lang"]._activate_lang(cls.lang)
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mail", "crm", "sales_team", "crm_similar_leads"],
                [cls.lang],
            )
        cls.env.ref("base.user_admin").lang = cls.lang
        cls.env.company.similar_proposal = "propose"
        cls.kept = cls._screen_leads()

    @classmethod
    def _screen_leads(cls):
        """A person's opportunity and its duplicate, a possible duplicate, a
        colleague (related) and a won deal of the same mailbox; long values,
        as real ones are."""
        person = {
            "contact_name": "Alexandra Beaumont-Villeneuve",
            "partner_name": "Ateliers Beaumont-Villeneuve et Fils",
            "email_from": "alexandra.beaumont-villeneuve@ateliers-beaumont.example",
            "phone": "+33 4 76 12 34 56",
        }
        Lead = cls.env["crm.lead"]
        kept = Lead.create(
            {
                "name": "Screen quote: timber-frame workshop extension with a "
                "mezzanine and a loading dock",
                "type": "opportunity",
                **person,
            }
        )
        fair, *_others = Lead.create(
            [
                {
                    "name": "Screen quote: workshop extension (trade fair)",
                    "type": "lead",
                    **person,
                },
                {
                    "name": "Screen request from the website",
                    "type": "lead",
                    "contact_name": person["contact_name"],
                    "email_from": "alexandra.beaumont1982@gmail.example",
                },
                {
                    "name": "Screen colleague: roof renovation of the showroom",
                    "type": "lead",
                    "contact_name": "Guillaume Leclerc-Dumontier",
                    "partner_name": person["partner_name"],
                    "email_from": "guillaume.leclerc-dumontier"
                    "@ateliers-beaumont.example",
                },
            ]
        )
        fair.message_post(body="Screen note of the fair", message_type="comment")
        won = Lead.create(
            {"name": "Screen deal won last year", "type": "opportunity", **person}
        )
        won.action_set_won()
        return kept

    def test_every_screen_readable(self):
        run_scoring_job(self.env)
        self.start_tour(
            f"/odoo/crm/{self.kept.id}", "crm_similar_leads_screens", login="admin"
        )


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScreensWide(TestScreens):
    browser_size = "1920x1080"


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScreensFrench(TestScreens):
    lang = "fr_FR"


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScreensFrenchWide(TestScreens):
    lang = "fr_FR"
    browser_size = "1920x1080"


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScreensGerman(TestScreens):
    lang = "de_DE"


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScreensGermanWide(TestScreens):
    lang = "de_DE"
    browser_size = "1920x1080"
