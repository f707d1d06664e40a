"""Session 11, English fields (helper F20): the copy list's small v read y beside the sender's
capitals ("Gromoy" / "GROMOV"), a copy-list line whose number was lost and whose title's stop
was read as a dash ("comr - Petrov"), and a brace read for a bracket in the body."""


def _english(old: str, new: str) -> dict:
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    assert old in SEED_EN
    fields, _ = extract(page_from_text(SEED_EN.replace(old, new)), get_profile("mfa-ciphered-telegram-en"))
    return {k: f.value for k, f in fields.items()}


def test_a_v_read_y_on_the_copy_list_is_spelt_as_the_senders_capitals_read_it():
    got = _english("VYSHINSKY\n5 copies\n14 May 1950\nCopies:\n1. Comr. Stalin\n2. Comr. Molotov",
                   "GROMOV\n5 copies\n14 May 1950\nCopies:\n1. Comr. Molotov\n2. Comr. Gromoy")
    assert got["signatories"] == ["GROMOV"]
    assert got["distribution"] == ["Molotov", "Gromov"]


def test_a_capital_Y_in_the_senders_name_is_kept_with_the_list_agreeing():
    # only the list's y gives way, and only to a V the capitals read: a Y there is kept
    got = _english("VYSHINSKY\n5 copies\n14 May 1950\nCopies:\n1. Comr. Stalin\n2. Comr. Molotov",
                   "VYSHINSKY\n5 copies\n14 May 1950\nCopies:\n1. Comr. Molotov\n2. Comr. Vyshinsky")
    assert got["signatories"] == ["VYSHINSKY"]
    assert got["distribution"] == ["Molotov", "Vyshinsky"]


def test_a_copy_list_line_with_its_number_lost_and_its_stop_read_as_a_dash_is_an_item():
    got = _english("1. Comr. Stalin\n2. Comr. Molotov", "1. Comr. Stalin\ncomr - Petrov\n3. Comr. Copy")
    assert got["distribution"] == ["Stalin", "Petrov", "Copy"]


def test_a_brace_read_for_a_bracket_takes_the_kind_of_its_other_side():
    from pipeline.fields import prose

    assert prose.typed_brackets("reunification {pristupit k obiednineniiu].") == \
        "reunification [pristupit k obiednineniiu]."
    assert prose.typed_brackets("Filippov [Stalin} and (the} note") == "Filippov [Stalin] and (the) note"
    # a brace with no bracket to pair with, or another bracket between, is left as read
    assert prose.typed_brackets("a {b c") == "a {b c"
    assert prose.typed_brackets("x {y [z] w]") == "x {y [z] w]"


def test_a_brace_in_the_body_across_a_line_end_is_the_bracket_that_closes_it():
    got = _english("comrades Filippov and his friends\nexpressed the opinion.",
                   "comrades Filippov {Stalin and his friends\nexpressed] the opinion.")
    assert "Filippov [Stalin and his friends expressed] the opinion." in got["body"]
