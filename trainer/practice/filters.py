"""Free-text and difficulty filtering of the scenario library."""


def _haystack(scenario) -> str:
    """The searchable text of a scenario: title, summary, persona situation."""
    persona = getattr(scenario, "persona", None) or {}
    situation = persona.get("situation", "") if isinstance(persona, dict) else ""
    return " ".join([scenario.title or "", scenario.summary or "", situation or ""]).lower()


def filter_scenarios(scenarios, query: str = "", difficulty: str = ""):
    """Scenarios matching every word of `query` and, when given, the difficulty."""
    words = query.lower().split()
    return [s for s in scenarios
            if (not difficulty or str(s.difficulty) == difficulty)
            and all(w in _haystack(s) for w in words)]
