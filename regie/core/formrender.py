"""Django's form renderer, with its most used templates written out in Python.

A page with many fields (the plan editor has about 90) spent most of its time
in Django's template engine rendering one small template per widget and one
per label: about 0.2 ms each, more than the rest of the page. `FormRenderer`
renders the plain inputs, text areas, selects and labels itself, to the same
text Django's templates give (`core/tests/test_formrender.py` compares the two
for every kind), and leaves every other template to Django. A template that an
installed app overrides is always left to Django: the fast path is taken only
for names that resolve to Django's own file.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, SafeString, mark_safe

_DJANGO_FORMS = Path(django.forms.__file__).parent / "templates"
# Only what render_value_in_context reads: autoescape on, the settings' time
# zone and localisation, as in a form template.
_CONTEXT = Context(autoescape=True)

_INPUT = "django/forms/widgets/input.html"
_INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input",
        "text",
        "email",
        "number",
        "password",
        "hidden",
        "url",
        "tel",
        "search",
        "date",
        "datetime",
        "time",
        "color",
        "checkbox",
    )
}
_OPTION = "django/forms/widgets/select_option.html"


def _out(value: Any) -> str:
    """`{{ value }}`."""
    if type(value) is str:
        # Plain text (not marked safe, not lazy): nothing to localise, so what
        # the template gives is the escaped text, as django.utils.html.escape.
        return html.escape(value)
    if type(value) is SafeString:
        return value  # marked safe: shown as it is, as conditional_escape does
    return str(render_value_in_context(value, _CONTEXT))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text: Any = "%s" % value  # noqa: UP031  # the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308  # nosec B308 B703  # only what was safe already, as the is_safe filter does
    return _out(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_out(name)}")
        else:
            parts.append(f' {_out(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_out(value) if value else ''}</textarea>"
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_out(option['label'])}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context: Mapping[str, Any]) -> str:
    if not context["use_tag"]:
        return _out(context["label"])
    tag = _out(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_out(context['label'])}</{tag}>"


_FAST: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{name: lambda context: _input(context["widget"]) for name in _INPUTS},
    "django/forms/widgets/textarea.html": lambda context: _textarea(context["widget"]),
    "django/forms/widgets/select.html": lambda context: _select(context["widget"]),
    "django/forms/label.html": _label,
}


_WIDGET_ATTRS = "django/forms/widgets/attrs.html"
_INCLUDES: dict[str, tuple[str, ...]] = {
    **{name: (_INPUT, _WIDGET_ATTRS) for name in _INPUTS},
    "django/forms/widgets/textarea.html": (_WIDGET_ATTRS,),
    "django/forms/widgets/select.html": (_OPTION, _WIDGET_ATTRS),
    "django/forms/label.html": ("django/forms/attrs.html",),
}


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's default renderer, faster for the
    templates in _FAST; the output is the same (stripped, as Django's)."""

    def __init__(self) -> None:
        self._own: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        """Whether `template_name` and the templates it includes are Django's own."""
        own = self._own.get(template_name)
        if own is None:
            names = [template_name, *_INCLUDES.get(template_name, ())]
            own = all(
                Path(str(self.get_template(name).origin.name)).is_relative_to(_DJANGO_FORMS)
                for name in names
            )
            self._own[template_name] = own
        return own

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = _FAST.get(template_name)
        if fast is not None and self._is_djangos(template_name):
            html = fast(context)
            if html is not None:
                return html.strip()
        return str(super().render(template_name, context, request))
