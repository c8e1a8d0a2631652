"""Anonymising a real call's words before they become a practice scenario."""

import pytest

from trainer.calls.anonymise import Anonymiser

CALL = [
    "Hello, this is Sam calling from Harbor Point Recovery. Am I speaking with Dana Whitfield?",
    "Yes, this is Dana.",
    "Thank you, Dana. Can you confirm your address?",
    "Sure, it is 2417 Birch Lane in Springfield.",
    "My number is 555 201 3344, or email dana.w@example.com.",
    "I owe $1,842.37 and can pay 200 dollars. My card is •••• •••• •••• 1111.",
    "Dana here again: four one one one, two two two two.",
]


@pytest.fixture
def anonymise():
    return Anonymiser.from_texts(CALL)


@pytest.mark.parametrize("line, expected", [
    (1, "Yes, this is Jordan."),
    (3, "Sure, it is [number] [street] in Riley."),
    (4, "My number is [number], or email [email]."),
    (5, "I owe $1,800 and can pay $200. My card is [number]."),
    (6, "Jordan here again: [number]."),
])
def test_people_places_numbers_and_exact_amounts_go(anonymise, line, expected):
    assert anonymise(CALL[line]) == expected


def test_the_same_name_gets_the_same_stand_in_everywhere(anonymise):
    first = anonymise(CALL[0])
    assert first == ("Hello, this is Alex calling from Example Recovery. Am I speaking with "
                     "Jordan Casey?")
    assert "Jordan" in anonymise(CALL[2]) and "Dana" not in anonymise(CALL[2])


def test_common_capitalised_words_and_days_stay(anonymise):
    text = "Okay, I can pay on Friday in March with my Visa. I'm sure."
    assert anonymise(text) == text


def test_it_counts_what_it_replaced(anonymise):
    for line in CALL:
        anonymise(line)
    assert anonymise.counts == {"name": 7, "company": 1, "street": 1, "number": 4, "email": 1,
                                "amount": 2}
