"""Session 8, fields (helper F13): on the English page the sender's name typed in capitals
spells the copy list's entry whose small o wore into c or e ("Sckolov" beside "SOKOLOV"),
not the other way round; a capital misread, another letter pair or length leaves both."""

from dataclasses import replace

import pytest
from test_fields import SEED_EN, page_from_text

from pipeline.fields import names
from pipeline.fields.extract import extract
from pipeline.profiles import get_profile

EN, RU = "mfa-ciphered-telegram-en", "mfa-ciphered-telegram"
WORN = [["c", "o"], ["e", "o"]]


def _signed(sender: str, entry: str) -> str:
    # The seed's English page signed by `sender`, its copy list ending with `entry`.
    return SEED_EN.replace("VYSHINSKY", sender) + f"\n3. Comr. {entry}"


def test_a_copy_list_entry_with_worn_small_letters_is_spelt_as_the_capitals_read():
    others, notes = names.capitals_confirm(["SOKOLOV"], ["Sckolov", "Lebedev", "Copy"], WORN)
    assert others == ["Sokolov", "Lebedev", "Copy"]
    assert len(notes) == 1 and "'Sckolov' taken as 'Sokolov'" in notes[0]
    others, _ = names.capitals_confirm(["GROMOV"], ["Gremov"], WORN)
    assert others == ["Gromov"]


@pytest.mark.parametrize("read, entry", [
    ("SCKOLOV", "Sokolov"),      # the capital misread: the list's reading stands
    ("MIKHALLOV", "Mikhailov"),  # i for l is not a worn pair (a capital I is read L as often)
    ("SOKOLOV", "Sokolcv."),     # another length
    ("SOKOLOV", "Sakolov"),      # a letter pair not listed
    ("Sokolov", "Sckolov"),      # a name not in capitals
    ("OLO", "Clo"),              # under four letters
])
def test_the_list_is_kept_unless_only_worn_small_letters_differ(read, entry):
    others, notes = names.capitals_confirm([read], [entry], WORN)
    assert others == [entry] and notes == []


def test_the_english_profile_spells_both_fields_right_with_a_review_entry():
    fields, review = extract(page_from_text(_signed("SOKOLOV", "Sckolov")), get_profile(EN))
    assert fields["signatories"].value == ["SOKOLOV"]
    assert fields["distribution"].value[-1] == "Sokolov"
    assert any(r.reason.startswith("field distribution: 'Sckolov' taken as 'Sokolov'") for r in review)


def test_without_the_rule_the_copy_lists_misreading_wins():
    # what the rule is for: the Russian profile has none, and the English one without it
    # spells the sender as the worn copy list reads it
    assert "confirm_worn" not in get_profile(RU).fields["signatories"]
    profile = get_profile(EN)
    spec = {k: v for k, v in profile.fields["signatories"].items() if k != "confirm_worn"}
    bare = replace(profile, fields={**profile.fields, "signatories": spec})
    fields, _ = extract(page_from_text(_signed("SOKOLOV", "Sckolov")), bare)
    assert fields["signatories"].value == ["SCKOLOV"]
    assert fields["distribution"].value[-1] == "Sckolov"
