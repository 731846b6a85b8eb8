"""Browser tests: Debian Chromium, driven by Playwright, against a real server."""
