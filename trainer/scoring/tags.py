"""Tags: the short facts about an answer that scenarios branch on.

A Scorecard carries a set of tags. It holds every signal id and flag code that fired,
plus the derived tags below. Scenario files may only use tags from this vocabulary,
so a typo in a scenario is a validation error, not a branch that never fires.
"""

# Thresholds on the 0-100 scale for the score-derived tags.
SHOWN = 60
LACKING = 40

DERIVED_TAGS = {
    "empathy": f"empathy score >= {SHOWN}: the answer showed empathy",
    "no_empathy": f"empathy score < {LACKING}",
    "positive": f"positive-language score >= {SHOWN}",
    "calm": f"calmness score >= {SHOWN}",
    "not_calm": f"calmness score < {LACKING}",
    "assertive": f"assertiveness score >= {SHOWN}",
    "hostile": "a threat, insult, profanity, shouting, blame or a dismissive phrase",
    "threat": "any threat: arrest, violence, suing, garnishing, a lien, calling an employer or family",
    "abuse": "profanity, insults or demeaning language",
    "shouting": "all-caps words or repeated exclamation marks",
    "dismissive": "pseudo-empathy or blame ('calm down', 'I'm sorry you feel that way', 'not my problem')",
    "question": "the answer asks any question",
    "open_question": "an open question about the debtor's situation (finding the reason)",
    "verification": "asks to confirm the debtor's identity (right-party verification)",
    "mini_miranda": "gives the debt-collector disclosure",
    "debt_detail": "mentions the debt: balance, creditor, past-due status",
    "payment_ask": "asks for a payment",
    "amount": "names a specific amount of money",
    "date": "names a specific date or day",
    "options": "offers a payment option (plan, settlement, down payment, pause)",
    "plan": "offers a payment plan",
    "settlement": "offers a settlement for less than the balance",
    "down_payment": "proposes a down payment",
    "minimum_quoted": "quotes a minimum acceptable payment (bidding against yourself)",
    "promise": "reads back a promise to pay with its amount, date and method",
    "recap": "recaps or reads back what was agreed",
    "dispute_ack": "acknowledges a dispute or offers validation of the debt",
    "cease_ack": "acknowledges a request to stop calling, or the debtor's attorney",
    "hardship_ack": "acknowledges hardship or offers hardship help",
    "credit_claim": "makes a claim about the debtor's credit score or report",
    "third_party_disclosure": "reveals the debt to someone who is not the debtor",
}


def derive_score_tags(scores: dict[str, float]) -> set[str]:
    """Tags that follow from the four scores alone."""
    tags = set()
    if scores["empathy"] >= SHOWN:
        tags.add("empathy")
    if scores["empathy"] < LACKING:
        tags.add("no_empathy")
    if scores["positive_language"] >= SHOWN:
        tags.add("positive")
    if scores["calmness"] >= SHOWN:
        tags.add("calm")
    if scores["calmness"] < LACKING:
        tags.add("not_calm")
    if scores["assertiveness"] >= SHOWN:
        tags.add("assertive")
    return tags


# Required steps a scenario can ask for. A step is hit when an agent turn carries its tag.
STEPS = {
    "verification": "Right-party verification before any debt detail",
    "mini_miranda": "Mini-Miranda: the debt-collector disclosure",
    "reason": "Find the reason for the delay with an open question",
    "options": "Offer options: plan, settlement, down payment",
    "promise": "Promise to pay captured with amount, date and method",
    "recap": "Recap or read back what was agreed",
    "dispute_ack": "Acknowledge the dispute and explain validation",
    "cease_ack": "Acknowledge the cease request or the attorney and stop collecting",
    "hardship_ack": "Acknowledge the hardship and offer hardship help",
}


def known_tags() -> set[str]:
    """Every tag a scenario may branch on: derived tags, signal ids and flag codes."""
    from .lexicon import all_signal_ids  # late import: the data files load on first use
    from .compliance import all_flag_codes

    return set(DERIVED_TAGS) | all_signal_ids() | all_flag_codes()
