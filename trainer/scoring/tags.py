"""Tags: the short facts about an answer that scenarios branch on and steps are counted by.

A Scorecard carries a set of tags: every tag listed here that applies, every signal id
that fired and every flag code raised. Signal files may only set tags from TAGS, and
scenario files may only branch on trainer.scoring.known_tags(), so a typo is a validation
error, not a
branch that never fires.
"""

# Thresholds on the 0-100 scale for the score-derived tags.
SHOWN = 60
LACKING = 40

SCORE_TAGS = {
    "empathy": f"empathy score >= {SHOWN}: the answer showed empathy",
    "no_empathy": f"empathy score < {LACKING}",
    "positive": f"positive-language score >= {SHOWN}",
    "negative": f"positive-language score < {LACKING}",
    "assertive": f"assertiveness score >= {SHOWN}",
    "calm": f"calmness score >= {SHOWN}",
    "not_calm": f"calmness score < {LACKING}",
}

LANGUAGE_TAGS = {
    "hostile": "any threat, insult, profanity, shouting, blame or dismissive phrase",
    "threat": "any threat: arrest, violence, legal action, contacting an employer or family",
    "threat_arrest": "threatens arrest, jail, a warrant or the police",
    "threat_violence": "threatens violence or harm",
    "threat_legal": "threatens to sue, garnish wages, seize property or place a lien",
    "threat_third_party": "threatens to contact the employer, family or neighbours",
    "abuse": "profanity or insults",
    "profanity": "profane or obscene words",
    "insult": "insults or demeaning language ('deadbeat', 'you people')",
    "harassment": "repeated or excessive contact used as pressure ('we'll call every day')",
    "refuse_cease": "refuses or belittles a request to stop calling ('we'll stop when you pay')",
    "undermine_attorney": "talks the debtor out of their attorney ('you don't need a lawyer')",
    "pressure": "keeps pressing the debtor ('you can't ignore this', 'this isn't going away')",
    "shouting": "all-caps words or repeated exclamation marks",
    "dismissive": "pseudo-empathy ('calm down', 'I'm sorry you feel that way')",
    "blame": "blames the debtor ('you signed the contract', 'not my problem')",
    "false_authority": "implies police, government or attorney involvement",
    "credit_claim": "makes a claim about the debtor's credit score or report",
    "credit_claim_false": "promises or threatens a specific credit effect (misleading)",
    "false_urgency": "a fake final notice or a made-up deadline",
    "hedge": "hedges or fillers that weaken the message",
    "apology": "apologises for the agent's own request (over-apologising)",
}

ACT_TAGS = {
    "question": "asks any question",
    "open_question": "an open question about the debtor's situation (finding the reason)",
    "reflection": "reflects or paraphrases what the debtor just said",
    "acknowledgement": "acknowledges the debtor's feelings or situation",
    "verification": "asks the listener to confirm their identity (right-party verification)",
    "mini_miranda": "gives the debt-collector disclosure",
    "debt_detail": "mentions the debt: balance, creditor, past-due status",
    "collector_identity": "says the caller is from collections",
    "agency_named": "names an agency whose name says it collects debts (Harbor Point Recovery)",
    "money_matter": "says the call is about money, a payment or a financial matter",
    "contact_proposal": "proposes when, where or how to contact the consumer next",
    "call_proposal": "proposes to phone the consumer again",
    "insist_continue": "keeps the call going ('this will only take a minute')",
    "fee_added": "adds or demands a fee, charge or interest",
    "collecting": "asks for or steers towards a payment, plan or settlement (compliance only)",
    "money_talk": "talks about money, paying or the balance (compliance only)",
    "calls_continue": "says the calls will go on (compliance only)",
    "payment_ask": "asks for a payment",
    "payment_in_full": "asks for the balance in full",
    "amount": "names a specific amount of money",
    "date": "names a specific date or day",
    "method": "names a payment method (debit card, bank transfer, check...)",
    "options": "offers a payment option (plan, settlement, down payment, pause)",
    "plan": "offers a payment plan",
    "settlement": "offers a settlement for less than the balance",
    "down_payment": "proposes a down payment",
    "minimum_quoted": "quotes a minimum acceptable payment (bidding against yourself)",
    "promise": "reads back a promise to pay with its amount, date and method",
    "recap": "recaps or reads back what was agreed",
    "next_step": "states a concrete next step the agent will take",
    "dispute_ack": "acknowledges a dispute or offers validation of the debt",
    "cease_ack": "acknowledges a request to stop calling, or the debtor's attorney",
    "hardship_ack": "acknowledges hardship or offers hardship help",
    "thanks": "thanks the debtor",
    "collaborative": "collaborative wording ('let's', 'work with you')",
}

FLAG_TAGS = {
    "flagged": "any compliance flag was raised",
    "critical": "a critical compliance flag was raised",
}

TAGS = {**SCORE_TAGS, **LANGUAGE_TAGS, **ACT_TAGS, **FLAG_TAGS}

# Tags implied by other tags: a signal tagged threat_arrest is also a threat, and hostile.
IMPLIED = {
    "threat_arrest": ("threat",), "threat_violence": ("threat",), "threat_legal": ("threat",),
    "threat_third_party": ("threat",), "threat": ("hostile",),
    "profanity": ("abuse",), "insult": ("abuse",), "harassment": ("abuse",),
    "pressure": ("hostile",), "abuse": ("hostile",),
    "shouting": ("hostile",), "dismissive": ("hostile",), "blame": ("hostile",),
    "credit_claim_false": ("credit_claim",), "open_question": ("question",),
    "plan": ("options",), "settlement": ("options",), "down_payment": ("options",),
    "payment_in_full": ("payment_ask",),
}


# Words under these tags (and under any flag) may lower a score, never raise one: a threat
# is not assertiveness, and "calm down" (dismissive) is not empathy or assertiveness.
NO_CREDIT = frozenset({"threat", "abuse", "dismissive"})


def expand(tags: set[str]) -> set[str]:
    """The tags plus everything they imply."""
    out = set(tags)
    todo = list(tags)
    while todo:
        for implied in IMPLIED.get(todo.pop(), ()):
            if implied not in out:
                out.add(implied)
                todo.append(implied)
    return out


def derive_score_tags(scores: dict[str, float]) -> set[str]:
    """Tags that follow from the four scores alone."""
    rules = {
        "empathy": scores["empathy"] >= SHOWN, "no_empathy": scores["empathy"] < LACKING,
        "positive": scores["positive_language"] >= SHOWN,
        "negative": scores["positive_language"] < LACKING,
        "assertive": scores["assertiveness"] >= SHOWN,
        "calm": scores["calmness"] >= SHOWN, "not_calm": scores["calmness"] < LACKING,
    }
    return {tag for tag, holds in rules.items() if holds}


# Required steps a scenario can ask for. A step is hit when an agent turn carries its tag.
STEPS = {
    "verification": ("verification", "Right-party verification before any debt detail"),
    "mini_miranda": ("mini_miranda", "Mini-Miranda: the debt-collector disclosure"),
    "reason": ("open_question", "Find the reason for the delay with an open question"),
    "options": ("options", "Offer options: plan, settlement, down payment"),
    "promise": ("promise", "Promise to pay captured with amount, date and method"),
    "recap": ("recap", "Recap or read back what was agreed"),
    "dispute_ack": ("dispute_ack", "Acknowledge the dispute and explain validation"),
    "cease_ack": ("cease_ack", "Acknowledge the cease request or the attorney and stop collecting"),
    "hardship_ack": ("hardship_ack", "Acknowledge the hardship and offer hardship help"),
}


# Short names for people: result bullets and checklists say these, never the ids.
STEP_NAMES = {
    "verification": "Right-party verification",
    "mini_miranda": "Mini-Miranda disclosure",
    "reason": "Finding the reason",
    "options": "Offering options",
    "promise": "Promise to pay with amount, date and method",
    "recap": "Recap",
    "dispute_ack": "Acknowledging the dispute",
    "cease_ack": "Acknowledging the cease request",
    "hardship_ack": "Acknowledging the hardship",
}
