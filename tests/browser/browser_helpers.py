"""Steps the Chromium tests share (imported by name, not through conftest)."""

from playwright.sync_api import expect


def log_in_and_start_lost_job(page, base: str) -> None:
    """Log in as the demo trainee and start lost_job; the debtor has said "Hello?"."""
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill("trainee@example.com")
    page.get_by_label("Password").fill("trainee-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Practice scenarios")).to_be_visible()
    card = page.locator("li.card").filter(has=page.locator('input[value="lost_job"]'))
    card.get_by_role("button", name="Start this call").click()
    expect(page.locator("#debtor-line")).to_have_text("Hello?")
