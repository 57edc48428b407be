"""A sender (a medical information system's account) signing in to the web pages is told,
in Russian, that the account is for systems, and is not let in."""

from __future__ import annotations

import pytest

from api.auth.users import NewUser, save_user
from graph.database import Graph
from tests.browser.region import PASSWORD, Region

pytestmark = pytest.mark.browser


def test_a_sender_is_told_the_account_is_for_systems(  # type: ignore[no-untyped-def]
        page, session_graph: Graph, region: Region) -> None:
    save_user(session_graph, NewUser("browser-mis", "sender", PASSWORD, source="browser-mis"))
    page.goto("/")
    page.get_by_label("Имя пользователя").fill("browser-mis")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    alert = page.get_by_role("alert").inner_text()
    assert "только для информационных систем" in alert and "POST /fhir" in alert
    assert page.url.endswith("/ui/")  # still the login page
    assert page.evaluate("Object.keys(localStorage).length") == 0  # no session was saved
