"""Breadth-first crawl of same-origin links, checking each page with axe-core.

Every page a persona can reach by following links is checked, so new pages
join the accessibility test without anyone listing them.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Response

MAX_PAGES = 40
MOBILE_WIDTH = 375
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_TARGETS = 3

SKIPPED_PREFIXES = ("/i18n/", "/static/", "/accounts/logout/", "/admin/logout/")
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".xlsx", ".ods", ".zip", ".txt", ".json", ".ics", ".png")
DOWNLOAD_WORDS = re.compile(r"(^|/)(download|export)s?(/|$)|[?&](format|download)=", re.IGNORECASE)

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}
"""
LINKS = """
(anchors) => anchors.map((a) => ({href: a.href, download: a.hasAttribute('download')}))
"""
OVERFLOW = """
(limit) => {
  const root = document.documentElement;
  const edge = root.clientWidth + 1;
  const result = {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, offenders: []};
  if (root.scrollWidth <= edge) return result;
  const describe = (el) =>
    el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    Array.from(el.classList).map((name) => '.' + name).join('');
  // Whether a clipping or scrolling ancestor that fits the screen holds the element.
  // Absolutely positioned elements escape such an ancestor unless it, or an element
  // between them, is positioned.
  const contained = (el) => {
    let position = getComputedStyle(el).position;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (position === 'fixed') return false;
      const style = getComputedStyle(up);
      if (position === 'absolute' && style.position === 'static') continue;
      if (style.overflowX !== 'visible' && up.getBoundingClientRect().right <= edge) return true;
      position = style.position;
    }
    return false;
  };
  const wide = Array.from(document.body.querySelectorAll('*')).filter(
    (el) => el.getBoundingClientRect().right > edge && !contained(el));
  // The innermost offenders point at the cause; their ancestors merely hold them.
  const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  result.offenders = [...new Set(innermost.map(describe))].slice(0, limit);
  return result;
}
"""


@dataclass(frozen=True)
class Violation:
    """One axe rule that failed on one page."""

    url: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    count: int

    def __str__(self) -> str:
        more = (
            f" (+{self.count - len(self.targets)} more)" if self.count > len(self.targets) else ""
        )
        targets = ", ".join(self.targets)
        return f"{self.url} [{self.rule}, {self.impact}] {self.help}: {targets}{more}"


@dataclass
class CrawlReport:
    """What one persona's crawl saw and what was wrong."""

    visited: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        return [str(violation) for violation in self.violations] + self.problems


def is_admin(path: str) -> bool:
    return path == "/admin/" or path.startswith("/admin/")


def admin_page_wanted(path: str, query: str) -> bool:
    """Keep the admin index, app indexes and change lists; skip object pages."""
    segments = [segment for segment in path.split("/") if segment]
    return not query and len(segments) <= 3


def wanted(url: str, origin: str, download: bool) -> bool:
    """Whether the crawl should follow a link."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or download:
        return False
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return False
    if path.lower().endswith(DOWNLOAD_SUFFIXES) or DOWNLOAD_WORDS.search(url):
        return False
    if is_admin(path):
        return admin_page_wanted(path, parts.query)
    return True


def normalise(url: str) -> str:
    """The URL without fragment or empty query, to recognise pages already seen."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(
    page: Page,
    origin: str,
    start_paths: list[str],
    axe_source: str,
    *,
    logged_in: bool,
) -> CrawlReport:
    """Visit pages breadth-first from start_paths, running axe and an overflow check."""
    report = CrawlReport()
    broken_resources: list[str] = []

    def watch(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            broken_resources.append(f"{response.status} {path_of(response.url)}")

    page.on("response", watch)
    queue = deque(normalise(urljoin(origin, path)) for path in start_paths)
    seen = set(queue)
    while queue and len(report.visited) < MAX_PAGES:
        url = queue.popleft()
        broken_resources.clear()
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue
            report.problems.append(f"{path_of(url)}: could not load ({error.message})")
            continue
        final = normalise(page.url)
        if final != url:
            if final in seen or not wanted(final, origin, download=False):
                continue
            seen.add(final)
        where = path_of(final)
        content_type = (response.header_value("content-type") or "") if response else ""
        if "text/html" not in content_type:
            continue
        if response is not None and response.status >= 400:
            report.problems.append(f"{where}: linked page answers HTTP {response.status}")
        if logged_in and urlsplit(final).path == "/accounts/login/":
            report.problems.append(f"{path_of(url)}: following this link logged the user out")
            break
        report.visited.append(where)
        report.violations.extend(check_axe(page, where, axe_source))
        if not is_admin(urlsplit(final).path):
            overflow = check_overflow(page, where)
            if overflow:
                report.problems.append(overflow)
        report.problems.extend(f"{where}: resource failed: {item}" for item in broken_resources)
        for link in page.eval_on_selector_all("a[href]", LINKS):
            target = normalise(link["href"])
            if target not in seen and wanted(target, origin, link["download"]):
                seen.add(target)
                queue.append(target)
    page.remove_listener("response", watch)
    return report


def check_axe(page: Page, where: str, axe_source: str) -> list[Violation]:
    """Run axe-core's WCAG 2.x A/AA rules on the current page."""
    page.add_script_tag(content=axe_source)
    results = page.evaluate(RUN_AXE, AXE_TAGS)
    return [
        Violation(
            url=where,
            rule=result["id"],
            impact=result["impact"] or "unknown",
            help=result["help"],
            targets=tuple(result["targets"][:MAX_TARGETS]),
            count=len(result["targets"]),
        )
        for result in results
    ]


def check_overflow(page: Page, where: str) -> str | None:
    """Whether the page scrolls sideways on a 375px-wide phone screen."""
    desktop = page.viewport_size
    page.set_viewport_size({"width": MOBILE_WIDTH, "height": 740})
    try:
        sizes = page.evaluate(OVERFLOW, MAX_TARGETS)
    finally:
        if desktop is not None:
            page.set_viewport_size(desktop)
    if sizes["scrollWidth"] > sizes["clientWidth"] + 1:
        return (
            f"{where}: horizontal overflow at {MOBILE_WIDTH}px "
            f"(scrollWidth {sizes['scrollWidth']} > clientWidth {sizes['clientWidth']}); "
            f"elements sticking out: {', '.join(sizes['offenders']) or 'none found'}"
        )
    return None
