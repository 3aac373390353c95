"""Which values survive a merge: pure functions, no database."""

from odoo.tests import BaseCase, tagged

from ..tools import merge_rules


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeValues(BaseCase):
    def test_is_empty(self):
        for empty in (None, False, "", "   ", [], (), {}):
            self.assertTrue(merge_rules.is_empty(empty), repr(empty))
        for value in (0, 0.0, "x", [1], (None,), True):
            self.assertFalse(merge_rules.is_empty(value), repr(value))

    def test_master_value_wins(self):
        values = [(1, "old"), (2, None), (3, "new")]
        self.assertEqual(merge_rules.default_source(values, master_id=3), 3)
        self.assertEqual(merge_rules.default_source(values, master_id=1), 1)

    def test_empty_master_takes_first_non_empty_oldest_first(self):
        self.assertEqual(
            merge_rules.default_source(
                [(1, None), (2, ""), (3, "b"), (4, "c")], master_id=1
            ),
            3,
        )
        self.assertEqual(
            merge_rules.default_source([(1, "a"), (2, None), (3, "c")], master_id=2), 1
        )
        self.assertEqual(
            merge_rules.default_source([(1, None), (2, None)], master_id=2),
            2,
            "all empty: the master",
        )
        self.assertEqual(
            merge_rules.default_source([(1, 0), (2, 50)], master_id=1),
            1,
            "0 is a value",
        )

    def test_a_fuller_value_of_several_fields_wins_over_the_masters(self):
        town = ("", "", "", "Lyon", False, 75)
        address = ("3 rue Neuve", "", "69001", "Lyon", False, 75)
        fullest = ("3 rue Neuve", "Bât. B", "69001", "Lyon", False, 75)
        elsewhere = ("8 rue Vieille", "", "69002", "Lyon", False, 75)
        cases = [
            ([(1, town), (2, address)], 2, "the same town, with the street"),
            ([(1, town), (2, address), (3, fullest)], 3, "the fullest"),
            ([(1, address), (2, town)], 1, "the master's is fuller"),
            ([(1, town), (2, elsewhere)], 2, "completes: the town is the same"),
            ([(1, address), (2, elsewhere)], 1, "another address: the master's"),
            ([(1, ("Anna",)), (2, ("Anna B",))], 1, "one field: the master's"),
        ]
        for values, expected, why in cases:
            with self.subTest(why):
                self.assertEqual(
                    merge_rules.default_source(values, master_id=1), expected
                )

    def test_value_options_one_per_distinct_value(self):
        self.assertEqual(
            merge_rules.value_options([(1, "a"), (2, None), (3, "a"), (4, "b")]), [1, 4]
        )
        self.assertEqual(
            merge_rules.value_options([(1, "a"), (2, "a")]), [1], "no choice to make"
        )
        self.assertEqual(merge_rules.value_options([(1, None), (2, "")]), [])

    def test_type(self):
        self.assertEqual(
            merge_rules.merged_type(["lead", "opportunity", "lead"]), "opportunity"
        )
        self.assertEqual(merge_rules.merged_type(["lead", "lead"]), "lead")

    def test_priority(self):
        self.assertEqual(merge_rules.merged_priority(["1", "3", "0"]), "3")
        self.assertEqual(merge_rules.merged_priority([False, None]), "0")

    def test_html_concatenated_in_order(self):
        merged = merge_rules.merged_html(
            ["<p>first</p>", False, "<p><br></p>", "<p>second</p>"]
        )
        self.assertEqual(str(merged), "<p>first</p><br/><br/><p>second</p>")
        self.assertFalse(merge_rules.merged_html([False, "", "<p> </p>"]))
        self.assertIn(
            "<img", str(merge_rules.merged_html(['<p><img src="x.png"/></p>']))
        )

    def test_active_if_any_is_active(self):
        self.assertTrue(merge_rules.merged_is_active([False, True, False]))
        self.assertFalse(merge_rules.merged_is_active([False, False]))
