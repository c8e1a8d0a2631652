"""Plain helpers shared by the scenario tests (imported by name, not through conftest)."""

# Small but complete: tag, mood and state conditions, variants, a transition `say`, a
# forced hang-up at max mood, and two endings. The tests break it one way at a time.
TINY = """\
id: tiny
title: Tiny test scenario
difficulty: easy
summary: A minimal scenario used by the tests.
persona: {name: Pat Doe, situation: Behind on a phone bill, temperament: Calm}
facts:
  creditor: Acme Bank
  balance: 100.0
  days_past_due: 30
  debtor_name: Pat Doe
  account_last4: "1234"
steps: [verification]
pass_mark: 60
max_turns: 5
mood: {start: 3, min: 0, max: 10, on_max: hung_up}
start: hello
nodes:
  hello:
    say: ["Hello?", "Hello again?"]
    transitions:
      - any: [hostile]
        mood: 4
        goto: hello
        say: "Excuse me?"
      - any: [verification]
        goto: verified
      - goto: hello
  verified:
    say: "Yes, speaking."
    set: {right_party_verified: true}
    transitions:
      - all: [amount, date]
        none: [threat]
        goto: done
      - any: [empathy]
        mood_at_least: 5
        mood: -2
        goto: verified
        say: "Thanks. I'm calmer now."
      - any: [thanks]
        mood: -5
        goto: verified
      - mood_below: 2
        goto: done
      - goto: verified
  done:
    end: true
    outcome: promise_made
    success: true
    say: "Deal."
  hung_up:
    end: true
    outcome: hung_up
    success: false
    say: "Bye."
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle (the test's expected line)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def replace_once(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence, so a mutation cannot silently miss."""
    assert text.count(old) >= 1, f"{old!r} not in the text"
    return text.replace(old, new, 1)

