"""Session 10 round 2, fields (helper F17): an addressee whose label `Кому` was lost is split
from the destination it ran into when it is one of the form's telegraphic addresses, and a
copy-list name whose small o wore into c or e is spelt as the recipient line types it."""

from test_fields import SEED_EN, SEED_RU, page_from_text

from pipeline.fields import names
from pipeline.fields.extract import extract
from pipeline.profiles import get_profile

RU = "mfa-ciphered-telegram"
EN = "mfa-ciphered-telegram-en"


def _russian(address_line: str):
    text = SEED_RU.replace("Куда ПЕКИН Кому СОВПОСОЛ Экз. № 1", address_line)
    assert text != SEED_RU
    return extract(page_from_text(text), get_profile(RU))


def test_an_addressee_whose_label_was_lost_is_split_from_the_destination():
    fields, review = _russian("Куда ХЕЛЬСИНКИ СОВПОСОЛ Экз. № 2")
    assert fields["destination"].value == "ХЕЛЬСИНКИ"
    assert fields["addressee"].value == "СОВПОСОЛ"
    assert fields["copy_number"].value == "2"
    assert fields["destination"].raw == "ХЕЛЬСИНКИ" and fields["addressee"].raw == "СОВПОСОЛ"
    assert fields["addressee"].bbox.x0 > fields["destination"].bbox.x1  # its own part of the line
    assert any(r.reason.startswith("field addressee: СОВПОСОЛ split from destination") for r in review)
    assert not any("not found" in r.reason for r in review if r.reason.startswith("field addressee"))


def test_a_nearly_read_address_is_split_and_spelt_and_a_split_city_is_joined():
    fields, _ = _russian("Куда БУДАП ЕШТ СОБПОСОЛ Экз. № 2")  # Б for В, as OCR reads it
    assert (fields["destination"].value, fields["addressee"].value) == ("БУДАПЕШТ", "СОВПОСОЛ")


def test_no_split_without_a_listed_address_or_with_the_label_read():
    fields, _ = _russian("Куда БУДАП ЕШТ Экз. № 2")  # a city OCR split is one word still
    assert (fields["destination"].value, fields["addressee"].value) == ("БУДАПЕШТ", None)
    fields, _ = _russian("Куда ХЕЛЬСИНКИ Кому СОВПОСОЛ Экз. № 2")
    assert (fields["destination"].value, fields["addressee"].value) == ("ХЕЛЬСИНКИ", "СОВПОСОЛ")
    fields, _ = _russian("Куда СОВПОСОЛ Экз. № 2")  # nothing would be left of the destination
    assert fields["addressee"].value is None


def test_a_worn_copy_list_name_is_spelt_as_the_recipient_line_types_it():
    text = (SEED_EN.replace("For Mao Zedong.", "For Cde. Nikolaev.")
            .replace("2. Comr. Molotov", "2. Comr. Nikclaev\n3. Comr. Petrev"))
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert fields["recipient_line"].value == "For Cde. Nikolaev."
    assert fields["distribution"].value == ["Stalin", "Nikolaev", "Petrev"]  # Petrov not in the line
    assert any("'Nikclaev' taken as 'Nikolaev', as the recipient line has it" in r.reason for r in review)


def test_the_line_confirm_goes_one_way_and_skips_forms_of_address():
    # a worn name in the line never changes a right list entry
    assert names.line_confirm(["Nikolaev"], "For Cde. Nikclaev.", [["c", "o"]], ["Cde"])[0] == ["Nikolaev"]
    # a letter not worn so (v for b) is not taken; nor two names of other lengths
    assert names.line_confirm(["Levedev", "Lebedevs"], "To Cde. Lebedev.", [["c", "o"], ["e", "o"]],
                              ["Cde"]) == (["Levedev", "Lebedevs"], [])
    # the line's forms of address are no names ("Minister" would take "Minictcr" otherwise)
    assert names.line_confirm(["Minictcr"], "To the Minister.", [["c", "o"], ["c", "e"]],
                              ["the", "minister"]) == (["Minictcr"], [])
    assert names.line_confirm(["Petrev"], "For Cde. Petrov.", [["e", "o"]], ["Cde"])[0] == ["Petrov"]
