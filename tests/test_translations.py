from pathlib import Path

import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import merge

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestTranslations(TransactionCase):
    """French and German users see the addon in their language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("fr_FR", "de_DE"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_similar_leads"], ["fr_FR", "de_DE"], overwrite=True
        )

    def _form_arch(self, model, view_xmlid, lang):
        view = self.env.ref(view_xmlid)
        return self.env[model].with_context(lang=lang).get_view(view.id)["arch"]

    def test_smart_button_label(self):
        for lang, label in (
            ("fr_FR", "Pistes similaires"),
            ("de_DE", "Ähnliche Leads"),
        ):
            arch = self._form_arch("crm.lead", "crm.crm_lead_view_form", lang)
            self.assertIn(label, arch, lang)
            self.assertNotIn(">Similar Leads<", arch, lang)

    def test_merge_wizard_title(self):
        expected = {
            "fr_FR": "Fusionner pistes/opportunités",
            "de_DE": "Leads/Verkaufschancen zusammenführen",
        }
        for lang, title in expected.items():
            arch = self._form_arch(
                "crm.lead.merge.wizard",
                "crm_similar_leads.crm_lead_merge_wizard_view_form",
                lang,
            )
            self.assertIn(f'string="{title}"', arch, lang)
        action = self.env.ref("crm_similar_leads.crm_lead_merge_wizard_action")
        self.assertEqual(action.with_context(lang="fr_FR").name, "Fusionner")
        self.assertEqual(action.with_context(lang="de_DE").name, "Zusammenführen")

    def test_merge_errors(self):
        lead = self.env["crm.lead"].create({"name": "Alone"})
        expected = {
            "fr_FR": "Sélectionnez au moins deux pistes",
            "de_DE": "Wählen Sie mindestens zwei Leads",
        }
        for lang, message in expected.items():
            with self.assertRaisesRegex(UserError, message):
                merge(lead.with_context(lang=lang))

    def test_explanations(self):
        from ..engine import explanation

        for lang, label in (("fr_FR", "Même e-mail"), ("de_DE", "Gleiche E-Mail")):
            env = self.env(context={"lang": lang})
            self.assertEqual(explanation.level_label(env, "email", "same"), label)
        first, second = self.env["crm.lead"].create(
            [
                {"name": f"Lang {i}", "type": "lead", "email_from": "lang@lang.example"}
                for i in (1, 2)
            ]
        )
        seen = second.with_context(similar_origin_lead_id=first.id, lang="fr_FR")
        self.assertIn("Même e-mail", seen.similar_explanation)
        self.assertIn("Doublon", seen.similar_explanation)

    def test_every_string_translated(self):
        template = {
            entry.msgid for entry in polib.pofile(str(I18N / "crm_similar_leads.pot"))
        }
        for lang in ("fr", "de"):
            catalog = polib.pofile(str(I18N / f"{lang}.po"))
            self.assertEqual({entry.msgid for entry in catalog}, template, lang)
            self.assertFalse(catalog.untranslated_entries(), lang)
            self.assertFalse(catalog.fuzzy_entries(), lang)

    def test_french_colons(self):
        """French puts a space before a colon, in the merge note and the
        merge history as in every translated sentence."""
        lost_reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        kept, tail = self.env["crm.lead"].create(
            [
                {"name": "Poêle à bois", "email_from": "colons@example.fr"},
                {"name": "Poêle à granulés", "email_from": "colons@example.fr"},
            ]
        )
        kept.action_set_lost(lost_reason_id=lost_reason.id)
        tail.message_post(body="Rappeler lundi", message_type="comment")
        merge((kept | tail).with_context(lang="fr_FR"), master=kept)
        note = kept.message_ids.filtered(lambda m: "Statut" in str(m.body))
        self.assertRegex(str(note.body), "Statut(&nbsp;|\u00a0):")
        self.assertNotIn("Statut:", str(note.body))
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", kept.id)]
        )
        summary = journal.with_context(lang="fr_FR").moved_summary
        self.assertRegex(summary, "Messages et notes\u00a0: [0-9]")
