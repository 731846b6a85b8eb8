"""Anonymised reports per region and period (reads only).

Only a coordinator of the region sees its report (others: 404). The report
holds counts only, with small numbers hidden, so reading or exporting it is
not an access to a participant's data and is not written to the access log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from regie.coordination.access import access_region_for_coordination
from regie.core.policy import actor_for
from regie.people.models import Region, Role

from . import exports
from .forms import PeriodForm, default_period
from .selectors import Period, Report, region_report


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The coordinator's regions, each leading to its report."""
    regions = actor_for(request).regions_for(Role.COORDINATOR)
    if not regions:
        raise Http404
    return render(request, "reports/index.html", {"regions": regions})


def _period(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    """The period asked for (defaults: the last twelve months); None when invalid."""
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        return form, (form.period() if form.is_valid() else None)
    period = default_period()
    return PeriodForm(initial={"start": period.start, "end": period.end}), period


def _report(request: HttpRequest, region_slug: str) -> tuple[Region, PeriodForm, Report | None]:
    region = access_region_for_coordination(actor_for(request), region_slug)
    form, period = _period(request)
    return region, form, (region_report(region, period) if period else None)


@login_required
@require_GET
def region_report_page(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, form, report = _report(request, region_slug)
    sections = []
    if report is not None:
        for section in report.sections:
            headings, rows = exports.table_rows(section)
            sections.append(
                {
                    "section": section,
                    "headings": headings,
                    "rows": rows,
                    "charts": exports.charts(section),
                }
            )
    query = request.GET.urlencode() if report is not None else ""
    return render(
        request,
        "reports/region_report.html",
        {
            "region": region,
            "form": form,
            "report": report,
            "sections": sections,
            "period_text": exports.period_text(report) if report else "",
            "suppression_text": exports.suppression_text(report.minimum if report else 10),
            "query": query,
        },
    )


def _back_to_page(region: Region, request: HttpRequest) -> HttpResponse:
    url = reverse("reports:region_report", args=[region.slug])
    return redirect(f"{url}?{request.GET.urlencode()}")


@login_required
@require_GET
def region_report_csv(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, _form, report = _report(request, region_slug)
    if report is None:
        return _back_to_page(region, request)
    response = HttpResponse(exports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "csv")}"'
    return response


@login_required
@require_GET
def region_report_pdf(request: HttpRequest, region_slug: str) -> HttpResponse:
    region, _form, report = _report(request, region_slug)
    if report is None:
        return _back_to_page(region, request)
    response = HttpResponse(exports.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "pdf")}"'
    return response
