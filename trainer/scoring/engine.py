"""score_utterance: text (+ context) in, Scorecard out. No Flask, no database.

One pass: check the text, match the language signals, read the negotiation facts, derive
tags, score each dimension with its registered scorer, raise compliance flags, suggest a
better phrasing. Everything on the Scorecard points back to words (or audio time ranges).
"""

from __future__ import annotations

import re
from functools import cache

from . import compliance, negotiation, state_context
from .lexicon import Match, Signal, find_matches, load_signals
from .moment import moment_of
from .moment import overall as moment_overall
from .scorers import SCORERS
from .scorers.base import feature_config
from .sentiment import sentiment
from .suggestions import suggest
from .tags import TAGS, derive_score_tags, expand
from .text import Utterance, check_text
from .types import DIMENSIONS, Context, Scorecard

_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']{1,}\b")


@cache
def _name_signal() -> Signal:
    """Asking for the debtor by name ("Is this Harold?") is right-party verification."""
    return Signal(id="asks_for_debtor", why="asks for the debtor by name to confirm identity",
                  source="FDCPA 1692c(b); Reg F 1006.6(d): right-party verification",
                  regexes=(), literals=None, effects={"assertiveness": 6.0},
                  tags=("verification", "question"))


_ASKING_FOR = re.compile(r"\b(?:is (?:this|that)|am i (?:speaking|talking) (?:with|to)|are you|"
                         r"(?:may|can|could) i (?:please )?(?:speak|talk) (?:with|to)|looking for|"
                         r"trying to reach|calling for|is) (?:mr\.? |mrs\.? |ms\.? |miss )?$")


@cache
def _creditor_signal() -> Signal:
    """The creditor's name, from the scenario facts, counts as a debt detail."""
    return Signal(id="creditor_named", why="names the creditor of the debt",
                  source="Reg F 1006.2(e): naming the creditor discloses the debt",
                  regexes=(), literals=None, tags=("debt_detail",))


@cache
def _agency_signal() -> Signal:
    """An agency name that says it collects debts tells a third party what the call is."""
    return Signal(id="agency_named", why="names an agency whose name says it collects debts",
                  source="FDCPA 1692b(1), 1692b(5), 1692c(b)", regexes=(), literals=None,
                  tags=("agency_named",))


# "Harbor Point Recovery", "Summit Collections": a proper name ending in a collection word.
_COLLECTOR_NAME = re.compile(r"\b[A-Z][\w&'-]*(?: [A-Z][\w&'-]*)* (?:Recovery|Collections?|"
                             r"Receivables|Credit (?:Services|Management|Solutions|Recovery)|"
                             r"Debt (?:Services|Solutions|Management))\b")
_COLLECTOR_WORD = re.compile(r"\b(?:recovery|collect\w*|receivables?|debt)\b")


def _agency_match(utterance: Utterance, facts: dict) -> Match | None:
    agency = facts.get("agency")
    if isinstance(agency, str) and len(agency) >= 3 and _COLLECTOR_WORD.search(agency.lower()):
        found = re.search(r"\b" + re.escape(agency.lower()) + r"\b", utterance.lower)
        if found:
            return Match(_agency_signal(), found.start(), found.end(), ("agency_named",))
    if " " in utterance.norm and _COLLECTOR_WORD.search(utterance.lower):
        found = _COLLECTOR_NAME.search(utterance.norm)
        if found:
            return Match(_agency_signal(), found.start(), found.end(), ("agency_named",))
    return None


def _context_matches(utterance: Utterance, stateful: bool = True) -> list[Match]:
    """Matches that depend on the scenario facts rather than on the signal files."""
    facts = utterance.context.facts or {}
    out = []
    agency = _agency_match(utterance, facts) if stateful else None
    if agency:
        out.append(agency)
    creditor = facts.get("creditor")
    if isinstance(creditor, str) and len(creditor) >= 3:
        found = re.search(r"\b" + re.escape(creditor.lower()) + r"\b", utterance.lower)
        if found:
            out.append(Match(_creditor_signal(), found.start(), found.end(), ("debt_detail",)))
    name = facts.get("debtor_name")
    if isinstance(name, str) and name.strip():
        for part in {name.lower(), *name.lower().split()}:
            if len(part) < 3:
                continue
            for found in re.finditer(r"\b" + re.escape(part) + r"\b", utterance.lower):
                if _ASKING_FOR.search(utterance.lower[max(0, found.start() - 40):found.start()]):
                    out.append(Match(_name_signal(), found.start(), found.end(),
                                     ("verification", "question")))
                    return out
    return out


def _caps_words(utterance: Utterance) -> list[tuple[int, int]]:
    """All-caps words that read as shouting (not acronyms like ACH or ID)."""
    config = feature_config()
    allowed = set(config["caps_allowed"])
    words = [(m.start(), m.end()) for m in _CAPS_WORD.finditer(utterance.norm)
             if m.group().strip("'") not in allowed and len(m.group().strip("'")) >= 2]
    if len(words) == 1 and words[0][1] - words[0][0] < config["shout_min_letters"]:
        return []
    return words


def analyse(text: str, context: Context, stateful: bool = True) -> Utterance:
    """Everything the scorers share, computed once (stateful: see lexicon.find_matches)."""
    utterance = Utterance.of(text, context)
    utterance.matches = sorted(find_matches(utterance.norm, utterance.lower, context,
                                            stateful=stateful)
                               + _context_matches(utterance, stateful),
                               key=lambda m: (m.start, m.end))
    tags = set()
    for m in utterance.matches:
        tags.add(m.signal.id)
        tags.update(m.tags)
    caps = _caps_words(utterance)
    spans: dict[str, list] = {}
    if caps:
        tags.add("shouting")
        spans["shouting"] = caps
    if "?" in utterance.norm:
        tags.add("question")
        q = utterance.norm.index("?")
        spans["question"] = [(max(0, utterance.norm.rfind(" ", 0, max(0, q - 30)) + 1), q + 1)]
    utterance.tags = expand(tags)
    utterance.features = {"caps_words": caps, "sentiment": sentiment(utterance.norm),
                          "spans": spans}
    return utterance


def prepare(text: str, context: Context):
    """(the analysed utterance with its flags, ready for the scorers; its negotiation facts;
    the compliance state it was judged in)."""
    judged_in = state_context.for_context(context)
    utterance = analyse(text, context, stateful=judged_in.in_force)
    facts = negotiation.extract(utterance)
    if facts["promise"]:
        utterance.tags.add("promise")
    # Flags first: they depend only on words and the compliance state, and caps may refer
    # to them (pressing after a cease request is not assertiveness; nothing flagged earns
    # credit). A flag for review is not established, so it neither caps a score nor steers
    # a scenario.
    flags = compliance.utterance_flags(utterance, judged_in)
    utterance.tags |= {f.code for f in flags if f.severity != "review"}
    utterance.features["flags"] = flags
    return utterance, facts, judged_in


def score_utterance(text, context=None) -> Scorecard:
    """Score one agent utterance on the four dimensions, with flags, facts and suggestions."""
    text = check_text(text)
    ctx = Context.coerce(context)
    moment = moment_of(ctx)  # an unknown moment is bad input: say so before any work
    utterance, facts, judged_in = prepare(text, ctx)
    flags = utterance.features["flags"]
    dims = {name: SCORERS[name].score(utterance, ctx) for name in DIMENSIONS}
    scores = {name: dims[name].score for name in DIMENSIONS}
    tags = utterance.tags | derive_score_tags(scores)
    if flags:
        tags.add("flagged")
    if any(f.severity == "critical" for f in flags):
        tags.add("critical")
    evidence = [e for name in DIMENSIONS for e in dims[name].evidence]
    warnings = []
    if not flags and all(e.signal == "reading" for e in evidence):
        warnings.append("no named scoring signal found: the scores are the neutral starting "
                        "values and the language model's reading of the words")
    return Scorecard(text=text, scores=scores, overall=moment_overall(scores, moment),
                     evidence=evidence, flags=flags, negotiation=facts,
                     suggestions=suggest(scores, ctx, moment, tags), tags=tags, warnings=warnings,
                     moment=moment, compliance_state=judged_in)


def known_tags() -> set[str]:
    """Every tag a scenario may branch on: the vocabulary, signal ids and flag codes."""
    return set(TAGS) | {s.id for s in load_signals()} | compliance.all_flag_codes()


def warm_up() -> None:
    """Load every data file now (servers call this at start-up, not on the first request)."""
    load_signals()
    compliance.load_rules()
    score_utterance("Thank you. I understand; can you pay $50 on Friday?")
