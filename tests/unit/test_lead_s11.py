"""Lead, session 11: the English destination's gazetteer."""

import pytest


def _english(old: str, new: str) -> dict:
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    assert old in SEED_EN
    fields, _ = extract(page_from_text(SEED_EN.replace(old, new)), get_profile("mfa-ciphered-telegram-en"))
    return {k: f.value for k, f in fields.items()}


@pytest.mark.parametrize("read, city", [
    ("SCFIA", "SOFIA"),  # a worn O read C
    ("SOFTA", "SOFIA"),  # I read T
    ("PEKTNG", "PEKING"),
    ("ODESSA", "ODESSA"),  # a city the gazetteer lacks is kept as read
    ("SOPHIA", "SOPHIA"),  # ... and so is a word two edits from one it has
])
def test_a_destination_city_ocr_nearly_got_right_is_spelt_as_the_gazetteer_has_it(read, city):
    assert _english("Destination: PEKING", f"Destination: {read}")["destination"] == city
