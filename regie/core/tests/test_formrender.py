"""The form renderer's Python fast path gives exactly what Django's templates give."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import DjangoTemplates as DjangoBackend
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import regie.core.formrender as formrender
from regie.core.formrender import FormRenderer

TRICKY = "a <b> & \"c\" 'd'"


class Everything(forms.Form):
    text = forms.CharField(label="Name <x>", help_text="Help", max_length=20)
    empty_text = forms.CharField(required=False, label=gettext_lazy("State"))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    tick = forms.BooleanField(required=False)
    untick = forms.BooleanField(required=False, disabled=True)
    hidden = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    number = forms.DecimalField(required=False, localize=True)
    count = forms.IntegerField(min_value=1, max_value=10)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    moment = forms.DateTimeField(required=False)
    at = forms.TimeField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    phone = forms.CharField(
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "data-x": True})
    )
    pick = forms.ChoiceField(
        choices=[("", "Choose"), ("a", TRICKY), ("b", gettext_lazy("State")), (3, "three")]
    )
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two")], required=False)
    radio = forms.ChoiceField(choices=[("1", "one"), ("2", "two")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("1", "one")], widget=forms.CheckboxSelectMultiple, required=False
    )


INITIAL = {
    "text": TRICKY,
    "area": TRICKY + "\n  second line  \n",
    "tick": True,
    "hidden": 7,
    "number": "1234.5",
    "count": 3,
    "email": "a@b.example",
    "url": "https://x.example/?a=1&b=2",
    "when": datetime.date(2026, 12, 7),
    "moment": datetime.datetime(2026, 12, 7, 4, 45),
    "at": datetime.time(4, 45),
    "secret": mark_safe("<safe>"),  # a value that is already safe
    "phone": "0612345678",
    "pick": "a",
    "grouped": "y",
    "many": ["1", "2"],
}
POSTED = {"text": "x" * 30, "count": "99", "pick": "nope", "when": "not a date", "hidden": "-1"}


def _pieces(form: forms.Form) -> list[str]:
    pieces = []
    for field in form:
        pieces += [
            str(field),
            str(field.label_tag()),
            str(field.label_tag(attrs={"class": "x", "hidden": True, "data-no": False})),
            str(field.legend_tag()),
            str(field.as_hidden()),
        ]
    pieces.append(str(form))
    return pieces


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_same_output_as_djangos_templates(language: str, bound: bool, auto_id: str | bool) -> None:
    def build(renderer: DjangoTemplates) -> forms.Form:
        if bound:
            return Everything(POSTED, renderer=renderer, auto_id=auto_id)
        return Everything(initial=INITIAL, renderer=renderer, auto_id=auto_id)

    with translation.override(language):
        ours = _pieces(build(FormRenderer()))
        djangos = _pieces(build(DjangoTemplates()))
    assert ours == djangos
    assert any("&lt;b&gt; &amp; &quot;c&quot; &#x27;d&#x27;" in piece for piece in ours)
    if not bound:
        assert any('<option value="a" selected>' in piece for piece in ours)
        assert any("second line  \n</textarea>" in piece for piece in ours)
    else:
        assert any('class="errorlist' in piece for piece in ours)


def test_fast_path_is_taken_and_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(get_default_renderer(), FormRenderer)
    renderer = FormRenderer()
    form = Everything(initial=INITIAL, renderer=renderer)
    calls: list[str] = []

    def counting(self: FormRenderer, name: str) -> object:
        calls.append(name)
        return DjangoTemplates.get_template(self, name)

    monkeypatch.setattr(FormRenderer, "get_template", counting)
    looked_up: list[str] = []
    for time in ("first", "second"):
        calls.clear()
        str(form["text"])
        str(form["area"])
        str(form["pick"])
        form["text"].label_tag()
        if time == "first":
            looked_up = list(calls)
    # The first render of each kind looks its templates up once (are they
    # Django's?); after that no template is loaded or rendered.
    assert "django/forms/widgets/text.html" in looked_up
    assert calls == []
    assert renderer._own["django/forms/widgets/textarea.html"] is True


def test_a_template_an_app_overrides_is_left_to_django(tmp_path: Path) -> None:
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "input.html").write_text('<input class="ours" name="{{ widget.name }}">\n')

    class Overridden(FormRenderer):
        @cached_property
        def engine(self) -> DjangoBackend:
            return DjangoBackend(
                {
                    "APP_DIRS": True,
                    "DIRS": [tmp_path, formrender._DJANGO_FORMS],
                    "NAME": "overridden",
                    "OPTIONS": {},
                }
            )

    form = Everything(initial=INITIAL, renderer=Overridden())
    # Every widget that includes the overridden template is left to Django.
    assert str(form["text"]) == '<input class="ours" name="text">'
    assert str(form["tick"]) == '<input class="ours" name="tick">'
    assert str(form["area"]) == str(Everything(initial=INITIAL, renderer=FormRenderer())["area"])
