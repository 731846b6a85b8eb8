"""The reports demo: history in Utrecht with shown and hidden figures, safe to run twice."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone

from regie.crisiscard.models import CardRequest, Evaluation, EvaluationFinding
from regie.demo import reports as demo
from regie.people.models import Region
from regie.reports.forms import default_quarter
from regie.reports.selectors import region_report


def test_the_reports_demo_runs_twice_and_the_default_report_shows_shown_and_hidden_figures(db):
    call_command("seed_demo")
    demo.seed()
    requests = CardRequest.objects.count()
    findings = EvaluationFinding.objects.count()
    demo.seed()
    assert CardRequest.objects.count() == requests
    assert EvaluationFinding.objects.count() == findings
    assert not Evaluation.objects.filter(completed_at__isnull=False, findings__isnull=True).exists()

    quarter = default_quarter()
    report = region_report(Region.objects.get(slug="utrecht"), quarter)
    values = [
        value
        for section in report.sections
        for row in section.table.cells
        for value in row
        if value != 0
    ]
    assert None in values
    assert any(value is not None and value >= 10 for value in values)
    assert report.quarter == quarter
    assert quarter.end < timezone.localdate() <= quarter.next().end
