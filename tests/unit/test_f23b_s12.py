"""Session 12 round 2, English fields (helper F23): worn letters that leave no word in the
letter's body, an `h` split in two ("Ciiinese"), a letter worn to specks glued to a word's
edge (".‘oscow", "Finnis'"), and a name worn in the recipient line that the copy list has
typed right ("For Cde. Nikclaev." beside "Nikolaev")."""

from pipeline.fields import english, names
from pipeline.fields.spelling import spell_text

EN = "mfa-ciphered-telegram-en"


def test_a_letter_split_in_two_is_put_back_when_that_makes_the_one_word():
    text, changed = spell_text("The Ciiinese comrades and the Chinese side.", "en")
    assert text == "The Chinese comrades and the Chinese side." and changed == [("Ciiinese", "Chinese")]
    assert english.rejoined("rnonth") == "month"
    # a word, or a transliteration no split letter makes a word of, stays
    assert english.rejoined("chinese") is None and english.rejoined("obiednineniiu") is None
    assert spell_text("[pristupit k obiednineniiu]", "en") == ("[pristupit k obiednineniiu]", [])


def test_marks_glued_to_a_words_edge_are_the_letter_worn_to_specks():
    text, changed = spell_text("to send a group to .‘oscow. The Finnis' side agrees.", "en")
    assert text == "to send a group to Moscow. The Finnish side agrees."
    assert ("Finnis'", "Finnish") in changed and (".‘oscow", "Moscow") in changed
    # a low stop alone for a small letter without an ascender: the letter stays small
    assert english.lost_letters("the .onth of May")[0] == "the month of May"


def test_marks_at_a_words_edge_that_are_its_punctuation_stay():
    kept = "The Finns' side said 'agree' to Moscow, and .so on; the 'ogovoreno' aside."
    assert english.lost_letters(kept) == (kept, [])
    # a stop after a word is its punctuation, never a lost letter ("Finnis." stays)
    assert english.lost_letters("the Finnis.")[0] == "the Finnis."


def test_a_worn_name_in_the_recipient_line_is_spelt_as_the_copy_list_types_it():
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    text = (SEED_EN.replace("For Mao Zedong.", "For Cde. Nikclaev.")
            .replace("2. Comr. Molotov", "2. Comr. Nikolaev"))
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert fields["recipient_line"].value == "For Cde. Nikolaev."
    assert fields["distribution"].value == ["Stalin", "Nikolaev"]
    assert any("'Nikclaev' taken as 'Nikolaev', as the copy list has it" in r.reason for r in review)


def test_the_list_gives_way_to_the_line_only_for_a_letter_typed_in_the_line():
    worn = [["c", "o"], ["e", "o"], ["v", "b"]]
    # the list's worn entry never changes the line's right name
    kept = "For Cde. Nikolaev."
    assert names.list_confirms_line(kept, ["Nikclaev"], worn) == (kept, [])
    # a name differing by other letters, or of another length, is kept
    assert names.list_confirms_line("To Cde. Petrav.", ["Petrov", "Petrovs"], worn)[0] == "To Cde. Petrav."
    # the title and forms of address, no entry's worn reading, stay as read
    title = "To the Ambassador."
    assert names.list_confirms_line(title, ["Ambassadcr", "Copy"], worn)[0] == title


def test_commas_glued_between_latin_letters_are_a_speck_in_the_space():
    from pipeline.fields.prose import typed_marks

    assert typed_marks("note as,an oral one") == "note as an oral one"
    assert typed_marks("The Chinese,,comrades wish") == "The Chinese comrades wish"
    # a typed comma has its space; digits are no letters; a Russian comma read glued is kept
    for kept in ("Warsaw, Prague", "1,000 men", "сообщите,что"):
        assert typed_marks(kept) == kept


def test_a_common_word_run_into_a_capitalised_word_gets_its_space_back():
    from pipeline.fields.prose import typed_marks

    assert typed_marks("Inform theCzechoslovak side") == "Inform the Czechoslovak side"
    # a name with a capital inside, or a rare word run so, is kept
    for kept in ("McDonald", "SovAmbassador", "deGaulle"):
        assert typed_marks(kept) == kept


def test_the_copy_lists_file_copy_with_its_o_worn_is_that_item():
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    fields, _ = extract(page_from_text(SEED_EN + "\n3. Capy"), get_profile(EN))
    assert fields["distribution"].value == ["Stalin", "Molotov", "Copy"]
    fields, _ = extract(page_from_text(SEED_EN + "\n3. Comr. Capyn"), get_profile(EN))
    assert fields["distribution"].value[-1] == "Capyn"  # a longer name is kept


def test_the_recipient_lines_stop_read_as_a_dash_and_two_small_letters_after_it():
    from pipeline.fields import values
    from pipeline.profiles import get_profile

    rules = get_profile(EN).fields["recipient_line"]["respell"]
    assert values.respell("To the Minister-", rules) == "To the Minister."
    assert values.respell("To the Minister. va", rules) == "To the Minister."
    # a name's part keeps its capital and stays; a hyphen inside a name is no stop
    for kept in ("For Cde. Li.", "To Cde. Kim Ir Sen.", "To Cde. Petrov-Vodkin."):
        assert values.respell(kept, rules) == kept
