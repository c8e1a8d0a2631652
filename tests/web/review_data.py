"""Users and scripted answers the coach review tests share."""

# A coach who leads another team, and a deactivated trainee of the coach's team: the role
# matrix's "coach of another team" and "deactivated user".
EXTRA_USERS = {
    "other_coach": {"email": "other.coach@example.com", "role": "coach", "team": "south",
                    "name": "Odie Other", "leads": ["south"]},
    "deactivated": {"email": "gone@example.com", "role": "trainee", "team": "north",
                    "name": "Gwen Gone", "active": False},
}
ROUGH_RUN = ("Is this Raymond Kowalski?",
             "This is an attempt to collect a debt and any information obtained will be used "
             "for that purpose.",
             "Calm down. You owe this money and you need to pay it today.",
             "If you don't pay by Friday we will sue you and garnish your wages.")
