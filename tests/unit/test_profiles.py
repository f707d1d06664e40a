"""Form profiles are data files: both shipped ones load, malformed ones are refused."""

import pytest

from pipeline.profiles import (
    ProfileError,
    builtin_profiles,
    get_profile,
    parse_profile,
    profile_names,
)

FIELDS = ["document_type", "outgoing_number", "form_number", "department", "classification",
          "special_number", "received", "sent", "destination", "addressee", "copy_number",
          "marking", "recipient_line", "body", "signatories", "distribution"]


def test_shipped_profiles_name_every_field_of_the_form():
    names = set(profile_names())
    assert names == {p.name for p in builtin_profiles()}
    assert {"mfa-ciphered-telegram", "mfa-ciphered-telegram-en"} <= names
    for name in ("mfa-ciphered-telegram", "mfa-ciphered-telegram-en"):
        assert list(get_profile(name).fields) == FIELDS


def test_unknown_profile_is_a_key_error():
    with pytest.raises(KeyError):
        get_profile("no-such-form")


@pytest.mark.parametrize("data, message", [
    ({"markers": ["a"], "fields": {}}, "missing key"),
    ({"name": "x", "markers": [], "fields": {}}, "markers"),
    ({"name": "x", "markers": ["a"], "fields": {"f": {"kind": "guess"}}}, "unknown kind"),
    ({"name": "x", "markers": ["a"], "fields": {"f": {"kind": "label", "labels": ["a"], "type": "float"}}},
     "unknown type"),
    ({"name": "x", "markers": ["a"], "fields": {"f": {"kind": "next_line", "after": ["g"]}}},
     "unknown field"),
])
def test_malformed_profiles_are_refused(data, message):
    with pytest.raises(ProfileError, match=message):
        parse_profile(data, "test.toml")
