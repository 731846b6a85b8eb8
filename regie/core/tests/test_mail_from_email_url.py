"""Mail from EMAIL_URL under production settings: each scheme really sends one mail.

Each case starts a separate Python process with production settings (they are
read once, at startup) and sends one mail through Django's default mailer.
SMTP goes to a tiny SMTP server on 127.0.0.1 that this test runs in a thread.
"""

from __future__ import annotations

import base64
import os
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from regie.settings.base import BASE_DIR

SEND = (
    "import django; django.setup(); from django.core import mail; "
    "sent = mail.send_mail('Onderwerp van de test', 'Tekst van de test', "
    "'regie@regie.example', ['iemand@regie.example']); "
    "print('sent', sent, 'outbox', len(getattr(mail, 'outbox', [])))"
)


def production_env(tmp_path: Path, email_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="regie.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="regie.example",
        REGIE_PUBLIC_BASE_URL="https://regie.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        REGIE_AUDIT_KEYS="prod:" + "k" * 40,
        REGIE_AUDIT_CHECKPOINT_DIR=str(tmp_path / "checkpoints"),
        EMAIL_URL=email_url,
    )
    return env


def send_one(tmp_path: Path, email_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SEND],
        cwd=BASE_DIR,
        env=production_env(tmp_path, email_url),
        capture_output=True,
        text=True,
        timeout=60,
    )


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough of SMTP (RFC 5321) with AUTH PLAIN for smtplib to deliver one mail."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        server = self.server
        self.reply("220 test.local ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            server.commands.append(command)  # type: ignore[attr-defined]
            if verb == "EHLO":
                self.reply("250-test.local")
                self.reply("250 AUTH PLAIN")
            elif verb == "AUTH":
                self.reply("235 ok")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data.decode())
                server.messages.append("".join(body))  # type: ignore[attr-defined]
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")


@pytest.fixture
def smtp_server() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.commands = []  # type: ignore[attr-defined]
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_smtp_delivers_to_the_server_with_the_credentials_from_the_url(tmp_path, smtp_server):
    port = smtp_server.server_address[1]
    done = send_one(tmp_path, f"smtp://mailer:geheim@127.0.0.1:{port}?timeout=5")
    assert done.returncode == 0, done.stderr
    assert "sent 1" in done.stdout
    assert len(smtp_server.messages) == 1  # type: ignore[attr-defined]
    assert "Subject: Onderwerp van de test" in smtp_server.messages[0]  # type: ignore[attr-defined]
    commands = smtp_server.commands  # type: ignore[attr-defined]
    auth = [command for command in commands if command.upper().startswith("AUTH PLAIN ")]
    assert [base64.b64decode(command.split()[-1]) for command in auth] == [b"\0mailer\0geheim"]
    assert "mail from:<regie@regie.example>" in [command.lower() for command in commands]


def test_console_writes_the_mail_to_stdout(tmp_path):
    done = send_one(tmp_path, "console://")
    assert done.returncode == 0, done.stderr
    assert "Subject: Onderwerp van de test" in done.stdout
    assert "sent 1" in done.stdout


def test_file_writes_the_mail_into_the_directory(tmp_path):
    outbox = tmp_path / "mail"
    done = send_one(tmp_path, f"file://{outbox}")
    assert done.returncode == 0, done.stderr
    files = list(outbox.iterdir())
    assert len(files) == 1
    assert "Subject: Onderwerp van de test" in files[0].read_text()


def test_memory_keeps_the_mail_in_the_outbox(tmp_path):
    done = send_one(tmp_path, "memory://")
    assert done.returncode == 0, done.stderr
    assert "sent 1 outbox 1" in done.stdout


def test_a_malformed_email_url_stops_startup_with_a_sentence(tmp_path):
    done = send_one(tmp_path, "smtp://mail.example:port")
    assert done.returncode != 0
    assert "ImproperlyConfigured: EMAIL_URL is malformed" in done.stderr
