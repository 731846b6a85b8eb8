"""Anonymised reports per region and completed calendar quarter (reads only).

Only a coordinator of the region sees its report (others: 404). The report
holds counts only, with small numbers hidden, so reading or exporting it is
not an access to a participant's data and is not written to the access log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from regie.core.policy import actor_for
from regie.people.access import access_region_as_coordinator
from regie.people.models import Region, Role

from . import exports
from .forms import QuarterForm, default_quarter
from .precompute import stored_report
from .quarters import Quarter
from .selectors import MINIMUM, Report


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The coordinator's regions, each leading to its report."""
    regions = actor_for(request).regions_for(Role.COORDINATOR)
    if not regions:
        raise Http404
    return render(request, "reports/index.html", {"regions": regions})


def _quarter(request: HttpRequest) -> tuple[QuarterForm, Quarter, bool]:
    """The quarter asked for, or the last completed one; and whether the request was valid.

    Only a whole completed quarter is counted (decision 0013): anything else
    (a free start and end date, a quarter still running, a malformed value)
    gets an error on the form and the default quarter instead.
    """
    today = timezone.localdate()
    if not request.GET:
        quarter = default_quarter(today)
        return QuarterForm(initial={"quarter": quarter.key}, today=today), quarter, True
    form = QuarterForm(request.GET, today=today)
    if form.is_valid():
        return form, form.cleaned_data["quarter"], True
    return form, default_quarter(today), False


def _export(request: HttpRequest, region_slug: str) -> tuple[Region, Report | None]:
    """The report to export; None when the quarter asked for is not allowed."""
    region = access_region_as_coordinator(actor_for(request), region_slug)
    _form, quarter, valid = _quarter(request)
    if not valid:
        return region, None
    # Not prepared yet: back to the page, which says so.
    report, _row = stored_report(region, quarter)
    return region, report


@login_required
@require_GET
def region_report_page(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_as_coordinator(actor_for(request), region_slug)
    form, quarter, _valid = _quarter(request)
    report, row = stored_report(region, quarter)
    sections = []
    for section in report.sections if report is not None else []:
        headings, rows = exports.table_rows(section)
        sections.append(
            {
                "section": section,
                "headings": headings,
                "rows": rows,
                # Each cell with its column heading: the phone layout labels every value.
                "labelled_rows": [
                    (row, list(zip(headings, row.values, strict=True))) for row in rows
                ],
                "charts": exports.charts(section),
            }
        )
    return render(
        request,
        "reports/region_report.html",
        {
            "region": region,
            "form": form,
            "report": report,
            "quarter": quarter,
            "computed_at": row.computed_at if row is not None else None,
            "updating": row is not None and row.stale,
            "sections": sections,
            "period_text": exports.period_text(report) if report is not None else "",
            "suppression_text": exports.suppression_text(
                report.minimum if report is not None else MINIMUM
            ),
            "query": urlencode({"quarter": quarter.key}),
        },
    )


def _back_to_page(region: Region, request: HttpRequest) -> HttpResponse:
    url = reverse("reports:region_report", args=[region.slug])
    return redirect(f"{url}?{request.GET.urlencode()}")


@login_required
@require_GET
def region_report_csv(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, report = _export(request, region_slug)
    if report is None:
        return _back_to_page(region, request)
    response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "csv")}"'
    return response


@login_required
@require_GET
def region_report_pdf(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, report = _export(request, region_slug)
    if report is None:
        return _back_to_page(region, request)
    response = HttpResponse(exports.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "pdf")}"'
    return response
