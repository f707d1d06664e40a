"""Russian sentence rules run on a letter's body after its words are spelt (`spelling`).

A word the lexicon knows can still be read wrong where the grammar says what stands there: a
pronoun, preposition or conjunction is never a name, so one read with a capital inside a
sentence was typed small; the language has few words of one letter, so a lone letter that is
none of them is the one its look-alike is; the preposition `о` read `с` shows in the case its
noun is in; Russian sets a comma before a clause's `что`; a zero stands where a word has its
`О`.
"""

from __future__ import annotations

import regex

from pipeline.fields.capitals import TWINS

# The language has few words of one letter (prepositions and conjunctions), so a lone small
# letter that is none of them ("х") is the one of them its look-alike is ("к").
ONE_LETTER_WORDS = frozenset("авикосуя")
_RUSSIAN_LONE = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<w>\p{Ll})(?![\p{L}\p{N}\"-])")
# A zero where a Russian word has its `О` (the typewriter's O is the zero's shape): glued to
# the word's letters ("0б\"явите"), or alone before a word where a sentence starts ("0 ходе").
_RUSSIAN_ZERO = regex.compile(r"(?<![\p{L}\p{N}])0(?=\p{Cyrillic}|\s+\p{Cyrillic})")
# The preposition `о` read as its look-alike `с` (the commonest body misreading on the dev and
# fresh pages: "соглашение с рыболовстве", "С составе делегации"): `с` governs the genitive
# and instrumental, whose endings are never a consonant then `е`, nor `ах`/`ях`; those are the
# prepositional's, which `о` governs (a comparative's `ее`, "с более", is not one of them).
_C_FOR_O = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<w>[сС])(?=\s+\p{L}[\p{Ll}\"]*(?:[б-джзй-нп-тф-щ]е|[ая]х)(?![\p{L}\p{N}\"-]))")
# ... and so is `ии` of a noun in `ие` (`желание`: "сообщили с желании"), whose genitive is
# `ия`; a noun in `ия` has `ии` in the genitive too ("с территории"), and no form in `ие`.
_C_BEFORE_II = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<w>[сС])(?=\s+(?P<noun>\p{L}\p{Ll}+)ии(?![\p{L}\p{N}\"-]))")
# Russian words of closed classes (demonstratives, personal pronouns but the polite `Вы`
# family a letter capitalises, `который`, prepositions, conjunctions, particles) are never a
# name's, so one read with a capital inside a sentence (right after a word's small letter,
# before a word in small letters: "по Этому вопросу"; not after a comma, which may be a stop
# read so, nor after a letter of another alphabet, a stop read `і`) was typed small: the
# capital is OCR's (a twin's glyph too near its small letter's height, or letters run together
# so that `capitals.first_is_small` cannot weigh them; census 1700-1739: 1732 `по Этому`). Not
# `Его`/`Её` before a capital (a title: "Его Превосходительству"); one-letter words are
# `_ONE_LETTER_CAPITAL`'s. A stop OCR lost before such a word would be lowered too.
_DEMONSTRATIVES = ("этот эта это эти этого этой этому этим этом эту этих этими "
                   "тот та то те того той тому тем том ту тех теми такой такая такое такие такого такому")
_PRONOUNS = "он она оно они его ее её ему ей им ими их нем нём ней них нему него нею ними себя себе собой"
_WHICH = "который которая которое которые которого которой которому которым котором которую которых которыми"
_PREPOSITIONS = "во на по об от до из за ко со при про для без под над перед через между после около"
_CONJUNCTIONS_AND_PARTICLES = "но или что чтобы как если когда также тоже однако хотя либо не ни же ли бы уже"
CLOSED_CLASS = frozenset(" ".join((_DEMONSTRATIVES, _PRONOUNS, _WHICH, _PREPOSITIONS,
                                     _CONJUNCTIONS_AND_PARTICLES)).split())
_CAPITAL_INSIDE = regex.compile(r"(?<=[а-яё]\s+)(?P<w>\p{Lu}\p{Ll}+)(?=[\s,]+\p{Ll})")
# A one-letter preposition or conjunction read as its capital (the same shape a little taller)
# between two words in small letters ("ящики И отправьте", "об этом В государственном"): no
# name is one capital letter inside a sentence, and the height check (`capitals`) cannot weigh
# a word with no small letter beside its capital. Not before `и`/`или`, where one letter may
# name an item ("пункты А и Б"), nor after a stop or comma, where a sentence may start; one
# whose stop OCR lost is lowered, in a field already wrong for the stop.
_ONE_LETTER_CAPITAL = regex.compile(r"(?<=[а-яё]\s+)(?P<w>[ВКСОУИА])(?=\s+(?!(?:и|или)\s)\p{Ll})")
# A comma before `что` or `чтобы` that opens a clause: Russian always sets one there, so one
# OCR lost ("Сообщите финнам что") is put back, but not after the words that make one phrase
# with it, where no comma stands ("потому что", "для того чтобы", "ни за что", "не что иное",
# "только что"; a preposition governs `что` itself).
_BEFORE_THAT = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<prev>\p{Cyrillic}+)\s+(?=(?:что|чтобы)\s+\p{L})")
_NO_COMMA_BEFORE_THAT = frozenset(("потому оттого затем так то того тем чем не ни лишь только даже вот "
                                   "именно и а или ли же раз в о с к у " + _PREPOSITIONS).split())
# A speck read as a lone stop or comma right after a comma ("французам, . что"): no typist
# sets one there.
_SPECK_AFTER_COMMA = regex.compile(r"(?<=\p{L},)\s+[.,]\s+(?=\p{L})")
# A comma read as a stop: a stop after a listed word of STOP_WORD_MIN letters or more (not an
# abbreviation's: "т. е.", "тов.") before a word in small letters whose first letter has no
# capital of its shape (`capitals.TWINS`: "рассмотрены. согласны" may be a capital `С` read
# small) ends no sentence ("сообщить даты. удобные"). After a longer word such a stop is
# dropped as a speck before this (`prose.typed_marks`).
_STOP_BEFORE_SMALL = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<prev>\p{Ll}+)\.(?=\s+(?P<next>\p{Ll}))")
STOP_WORD_MIN = 4


def sentence_rules(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` (a Russian body, its words spelt) with the rules above applied: a lone small
    letter that is no word as the one-letter word its look-alike is, a zero standing for the
    letter `О`, `с` for the preposition `о`, a pronoun, preposition or conjunction read with a
    capital inside a sentence in small letters made small, the comma before `что`/`чтобы` put
    back, a comma read as a stop before a word in small letters, a speck after a comma dropped;
    and the (read, taken) pairs changed."""
    # imported here: spelling calls this module
    from pipeline.fields.spelling import RUSSIAN_LOOKALIKES, known

    language = "ru"
    changed: list[tuple[str, str]] = []

    def lone(m: regex.Match) -> str:
        word = m.group("w")
        if not regex.fullmatch(r"\p{Cyrillic}", word) or word in ONE_LETTER_WORDS:
            return word
        found = [t for t in RUSSIAN_LOOKALIKES.get(word, "") if t in ONE_LETTER_WORDS]
        if len(found) != 1:
            return word
        changed.append((word, found[0]))
        return found[0]

    def zero(m: regex.Match) -> str:
        # a capital where a sentence starts, else the small letter; a zero alone inside a
        # sentence may be a number ("в 0 часов")
        starts = bool(regex.search(r"(?:^|[.!?]\s*)$", text[:m.start()]))
        glued = regex.match(r"\p{Cyrillic}", text[m.end():m.end() + 1]) is not None
        if not (starts or glued):
            return m.group(0)
        letter = "О" if starts else "о"
        changed.append(("0", letter))
        return letter

    def about(m: regex.Match) -> str:
        typed = "о" if m.group("w") == "с" else "О"
        changed.append((m.group("w"), typed))
        return typed

    def closed_small(m: regex.Match) -> str:
        word = m.group("w")
        if word.lower() not in CLOSED_CLASS:
            return word
        changed.append((word, word.lower()))
        return word.lower()

    def small_one(m: regex.Match) -> str:
        changed.append((m["w"], m["w"].lower()))
        return m["w"].lower()

    def comma_before_that(m: regex.Match) -> str:
        if m["prev"].lower() in _NO_COMMA_BEFORE_THAT:
            return m.group(0)
        changed.append((m["prev"], m["prev"] + ","))
        return m["prev"] + ", "

    def comma_for_stop(m: regex.Match) -> str:
        prev = m["prev"]
        if len(prev) < STOP_WORD_MIN or m["next"].upper() in TWINS or not known(prev, language):
            return m.group(0)
        changed.append((prev + ".", prev + ","))
        return prev + ","

    def speck_after_comma(m: regex.Match) -> str:
        changed.append((m.group(0).strip(), ""))
        return " "

    # the commas first: a `Что` read with a capital may open a sentence whose stop was lost
    text = _SPECK_AFTER_COMMA.sub(speck_after_comma, text)
    text = _STOP_BEFORE_SMALL.sub(comma_for_stop, text)
    text = _BEFORE_THAT.sub(comma_before_that, text)
    text = _CAPITAL_INSIDE.sub(closed_small, text)
    text = _ONE_LETTER_CAPITAL.sub(small_one, text)
    text = _RUSSIAN_LONE.sub(lone, text)
    text = _C_FOR_O.sub(about, text)
    text = _C_BEFORE_II.sub(lambda m: about(m) if known(m["noun"] + "ие", language) else m.group("w"), text)
    return _RUSSIAN_ZERO.sub(zero, text), changed
