"""What a synthetic page says: the telegram model, the seed telegram (Russian and English) and
the per-page numbers and dates that fill the form.

A `Telegram` holds the words of a document; `Numbers` holds what changes from page to page
(outgoing number, times, copy number...). `fields()` turns both into the form fields of the
`mfa-ciphered-telegram` profile exactly as a page shows them, so truth.fields is exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Roman month numerals as a Soviet typewriter without Latin keys typed them: I as the digit 1,
# II as П, III as Ш, V as У, X as Х (see issue 6: `У` = V, `Ш` = III, `ХП` = XII).
CYRILLIC_ROMAN_MONTH = {1: "1", 2: "П", 3: "Ш", 4: "1У", 5: "У", 6: "У1", 7: "УП", 8: "УШ",
                        9: "1Х", 10: "Х", 11: "Х1", 12: "ХП"}
EN_MONTH = ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")


@dataclass(frozen=True)
class Telegram:
    """The words of one telegram; typed strings are exactly as they appear on the page."""

    key: str
    lang: str                      # "ru" or "en"
    destination: str
    addressee: str
    recipient_line: str
    paragraphs: tuple[str, ...]
    sender: str                    # typed under the text, e.g. "ВЫШИНСКИЙ"
    closing: str | None = None     # typed signature of the quoted letter, e.g. 'Ф и л и п п о в".'
    closing_name: str | None = None  # that signatory as a field value, e.g. "Филиппов"
    salutation: str | None = None
    marking: str | None = None     # typed, maybe letter-spaced: "О С О Б А Я"
    instruction: str | None = None  # e.g. "Исполнение телеграфьте."
    distribution: tuple[str, ...] = ()
    document_type: str = "Шифрованная телеграмма"
    department: str = "Десятый отдел"
    classification: str = "СОВ. СЕКРЕТНО"
    verifier: str | None = None    # handwritten "верно: <name>" under the copy list

    @property
    def signatories(self) -> list[str]:
        """The field value: the quoted letter's signatory (if any), then the sender."""
        names = [self.closing_name] if self.closing_name else []
        return names + [self.sender]


@dataclass(frozen=True)
class Numbers:
    """What the form's blanks hold on one page."""

    outgoing_number: str
    form_number: str
    special_number: str
    received: dt.datetime
    sent: dt.datetime
    copy_number: str
    copies_made: int
    typist: str                   # typist's initials after the copy count, e.g. "нб"
    typed_on: dt.date             # date at the foot, e.g. 14/У-50
    hand_date: str                # handwritten registration, e.g. "26/11"
    hand_number: str              # e.g. "№ 4058/мин"
    extra: dict = field(default_factory=dict)


def ru_time_line(label: str, when: dt.datetime) -> list[tuple[str, str]]:
    """Segments (text, style) of 'Получена 4 час. 10 мин. 14/У 195 0₂.' for a time."""
    month = CYRILLIC_ROMAN_MONTH[when.month]
    return [(label, "printed"), (" ", "printed"), (str(when.hour), "typed"), (" час. ", "printed"),
            (f"{when.minute:02d}" if when.minute else "00", "typed"), (" мин. ", "printed"),
            (f"{when.day}/{month}", "typed"), (" 195 ", "printed"), (str(when.year % 10), "typed"),
            ("₂.", "printed")]


def ru_foot_date(day: dt.date) -> str:
    """The typist's date at the foot, e.g. '14/У-50 г.'."""
    return f"{day.day}/{CYRILLIC_ROMAN_MONTH[day.month]}-{day.year % 100:02d} г."


def en_time(when: dt.datetime) -> str:
    """'4:10 am, 14 May 1950' as the translation page types it."""
    hour = when.hour % 12 or 12
    half = "am" if when.hour < 12 else "pm"
    return f"{hour}:{when.minute:02d} {half}, {when.day} {EN_MONTH[when.month - 1]} {when.year}"


def fields(doc: Telegram, num: Numbers) -> dict:
    """The form fields of the page (issue 6 names), as the page shows them.

    Conventions: times are ISO 8601 without zone; `marking` has its letter-spacing removed;
    `body` is the letter text (after the salutation, before the quoted letter's signature),
    one line per paragraph; `distribution` lists the names after 'Тов.'/'Comr.' of filled slots.
    """
    marking = doc.marking.replace(" ", "") if doc.marking and _letter_spaced(doc.marking) else doc.marking
    return {
        "document_type": doc.document_type,
        "outgoing_number": num.outgoing_number,
        "form_number": num.form_number if doc.lang == "ru" else None,
        "department": doc.department,
        "classification": doc.classification,
        "special_number": num.special_number,
        "received": num.received.isoformat(),
        "sent": num.sent.isoformat(),
        "destination": doc.destination,
        "addressee": doc.addressee,
        "copy_number": num.copy_number if doc.lang == "ru" else None,
        "marking": marking,
        "recipient_line": doc.recipient_line,
        "body": "\n".join(doc.paragraphs),
        "signatories": doc.signatories,
        "distribution": list(doc.distribution),
    }


def _letter_spaced(text: str) -> bool:
    parts = text.split(" ")
    return len(parts) > 2 and all(len(p) == 1 for p in parts)


SEED_RU = Telegram(
    key="seed-ru",
    lang="ru",
    destination="ПЕКИН",
    addressee="СОВПОСОЛ",
    marking="О С О Б А Я",
    recipient_line="Для Мао-Дзе-Дуна.",
    salutation='"Тов. Мао-Дзе-Дун !',
    paragraphs=(
        "В беседе с корейскими товарищами Филиппов и его друзья высказали мнение, что в силу "
        "изменившейся международной обстановки они согласны с предложением корейцев приступить "
        "к об\"единению. При этом было оговорено, что вопрос должен быть решен окончательно "
        "китайскими и корейскими товарищами совместно, а в случае несогласия китайских "
        "товарищей решение вопроса должно быть отложено до нового обсуждения. Подробности "
        "беседы могут рассказать Вам корейские товарищи.",
    ),
    closing='Ф и л и п п о в".',
    closing_name="Филиппов",
    instruction="Исполнение телеграфьте.",
    sender="ВЫШИНСКИЙ",
    distribution=("Сталину", "Молотову", "Вышинскому", "10 отдел", "Копия"),
    verifier="Филиппов",
)

SEED_NUMBERS = Numbers(
    outgoing_number="8600", form_number="17", special_number="550",
    received=dt.datetime(1950, 5, 14, 4, 10), sent=dt.datetime(1950, 5, 14, 5, 30),
    copy_number="1", copies_made=5, typist="нб", typed_on=dt.date(1950, 5, 14),
    hand_date="26/11", hand_number="№ 4058/мин",
)

SEED_EN = Telegram(
    key="seed-en",
    lang="en",
    destination="PEKING",
    addressee="SovAmbassador",
    marking="SPECIAL",
    recipient_line="For Mao Zedong.",
    salutation="“Cde. Mao Zedong!",
    paragraphs=(
        "In a conversation with the Korean comrades Filippov [Stalin] and his friends expressed "
        "the opinion, that, in light of the changed international situation, they agree with the "
        "proposal of the Koreans to move toward reunification [pristupit k obiednineniiu]. In "
        "this regard a qualification was made [pri etom bilo ogovoreno], that the question "
        "should be decided finally by the Chinese and Korean comrades together, and in case of "
        "disagreement by the Chinese comrades the decision on the question should be postponed "
        "until a new discussion. The Korean comrades can tell you the details of the "
        "conversation.",
    ),
    closing="Filippov [Stalin].”",
    closing_name="Filippov",
    instruction="Telegraph the fulfillment [ispolneniie telegraf'te].",
    sender="VYSHINSKY",
    distribution=("Stalin", "Molotov", "Vyshinsky", "10th department", "Copy"),
    document_type="CIPHERED TELEGRAM",
    department="Tenth Department",
    classification="Top Secret",
)

# The translation page's folio stamp; the Russian original's is "55".
SEED_FOLIO = {"ru": "55", "en": "113"}
