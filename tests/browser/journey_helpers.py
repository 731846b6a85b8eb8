"""Helpers for the crisis-card journey test: its own server, a shell on its database,
Dutch texts as the pages show them, and small page helpers.

The journey needs a few things no page offers (see test_crisiscard_journey.py):
a login for an online applicant, and the signing link that is only e-mailed.
Those go through `manage.py shell` against the server's own database, so the
journey gets its own server (built with conftest's helpers): the session
server does not expose its database, and this keeps the journey's data out of
the accessibility crawl.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from .conftest import (
    BROWSER_LOCALE,
    REPO_ROOT,
    free_port,
    log_in,
    manage,
    new_context,
    server_environment,
    wait_until_serving,
)

PHONE_VIEWPORT = {"width": 375, "height": 740}
RESULT_MARK = "JOURNEY-RESULT:"


def nl(msgid: str, **values: Any) -> str:
    """A text as the Dutch pages show it (the catalogue's translation, or the source text)."""
    with translation.override("nl"):
        text = translation.gettext(msgid)
    return text % values if values else text


def label(text: str) -> re.Pattern[str]:
    """A form label matched whole, with or without Django's trailing colon."""
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def expect_message(page: Page, text: str) -> None:
    """A flash message with this text is shown."""
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


@dataclass(frozen=True)
class JourneyServer:
    url: str
    env: dict[str, str]
    log: Path

    def shell(self, code: str) -> Any:
        """Run Python in `manage.py shell` on the server's database; return what it printed
        as JSON after RESULT_MARK."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py shell failed:\n{result.stdout}\n{result.stderr}")
        for line in reversed(result.stdout.splitlines()):
            if line.startswith(RESULT_MARK):
                return json.loads(line.removeprefix(RESULT_MARK))
        pytest.fail(f"manage.py shell printed no result:\n{result.stdout}\n{result.stderr}")


@contextmanager
def running_server() -> Iterator[JourneyServer]:
    """Migrate, seed and serve a fresh database, like conftest's server_url, but keep
    its environment so the test can reach the database. Links in e-mails and on the
    card point at this server."""
    with tempfile.TemporaryDirectory(prefix="regie-journey-") as tmp:
        tmp_dir = Path(tmp)
        log = tmp_dir / "server.log"
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = server_environment(f"sqlite:///{tmp_dir / 'journey.sqlite3'}")
        env["REGIE_PUBLIC_BASE_URL"] = url
        manage(["migrate", "--no-input"], env, log)
        manage(["compile_translations"], env, log)
        manage(["seed_demo"], env, log)
        with log.open("ab") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=REPO_ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_serving(port, process, log)
            yield JourneyServer(url=url, env=env, log=log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextmanager
def person_page(
    browser: Browser, base_url: str, email: str | None = None, *, phone: bool = False
) -> Iterator[Page]:
    """A page in a fresh context: anonymous, or logged in as `email`; desktop or phone."""
    if phone:
        context = browser.new_context(
            base_url=base_url,
            locale=BROWSER_LOCALE,
            viewport=PHONE_VIEWPORT,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(15_000)
    else:
        context = new_context(browser, base_url)
    try:
        page = context.new_page()
        if email is not None:
            log_in(page, email)
        yield page
    finally:
        context.close()


# --- What no page offers: done on the server's database ------------------------------


def full_names(server: JourneyServer, emails: list[str]) -> dict[str, str]:
    """The full names of the people with these e-mail addresses (seeded with Faker)."""
    return server.shell(
        "import json\n"
        "from regie.people.models import Person\n"
        f"emails = {emails!r}\n"
        "names = {e: Person.objects.get(email=e).full_name for e in emails}\n"
        f"print({RESULT_MARK!r} + json.dumps(names))\n"
    )


def give_applicant_a_login(server: JourneyServer, email: str, password: str) -> None:
    """Give the Person the online form created a login with `password`.

    No page lets staff do this for a participant yet; demo logins are made the same way.
    """
    server.shell(
        "import json\n"
        "from regie.people.models import Person, User\n"
        f"person = Person.objects.filter(email={email!r}, user__isnull=True).latest('pk')\n"
        f"person.user = User.objects.create_user(email={email!r}, password={password!r})\n"
        "person.save(update_fields=['user'])\n"
        f"print({RESULT_MARK!r} + json.dumps(person.user_id))\n"
    )


def signing_link_from_reminder(server: JourneyServer, party_email: str, applicant: str) -> str:
    """The consultant sends the party a reminder (the service call behind the "Send a
    reminder" button); return the signing link from the e-mail the party receives.

    The server's own mail goes to its in-memory outbox, which no one outside can
    read; here the e-mail is sent in the shell's process, where the outbox can be read.
    """
    return server.shell(
        "import json, re\n"
        "from django.core import mail\n"
        "from regie.core.policy import actor_for_user\n"
        "from regie.crisiscard.models import Signature, SignatureStatus\n"
        "from regie.crisiscard.services import signatures\n"
        "signature = Signature.objects.select_related('party__request__consultant__user').get(\n"
        f"    party__email={party_email!r},\n"
        f"    party__request__participant__email={applicant!r},\n"
        "    status=SignatureStatus.REQUESTED,\n"
        ")\n"
        "consultant = actor_for_user(signature.party.request.consultant.user)\n"
        "mail.outbox = []\n"
        "signatures.remind(actor=consultant, signature=signature)\n"
        "[message] = mail.outbox\n"
        f"assert message.to == [{party_email!r}], message.to\n"
        "[url] = re.findall(r'https?://\\S+/tekenen/\\S+/', message.body)\n"
        f"print({RESULT_MARK!r} + json.dumps(url))\n"
    )
