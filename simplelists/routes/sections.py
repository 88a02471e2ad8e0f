"""A list's sections: their page (/lists/<id>?sections=1, with its rename and delete
modes), and adding, renaming, reordering and deleting them. Each change comes back to
the sections page, at the section changed."""

from __future__ import annotations

import bottle

from simplelists import forms, names, security, services
from simplelists.changes import MOVES
from simplelists.i18n import _, ngettext
from simplelists.routes.lookup import list_from_form, list_gone
from simplelists.routes.views import render_sections
from simplelists.sections import SectionNameTaken
from simplelists.urls import sections_url


def _checked_name(name: str) -> str:
    """"" when the section name can be used, else why not."""
    if not name:
        return _("The section needs a name.")
    if len(name) > forms.MAX_TEXT_LENGTH:
        return ngettext("The section name is too long: {count} character, and the most is {most}.",
                        "The section name is too long: {count} characters, and the most is {most}.",
                        len(name), most=forms.MAX_TEXT_LENGTH)
    return ""


def _name_taken(name: str) -> str:
    return _("There is a section called {name} already.", name=name)


def add_section() -> str:
    """POST /add-section (list-id, version, name): a new section after the others. A
    blank, too long or taken name shows the page again with the reason."""
    the_list = list_from_form()
    name = forms.text("name")
    problem = _checked_name(name)
    if problem:
        return render_sections(the_list, status=400, name=name, error=problem)
    try:
        change = services.current().sections.add_section(the_list.id, name, forms.version(), who=names.current())
    except SectionNameTaken as taken:
        return render_sections(the_list, status=400, name=name, error=_name_taken(str(taken)))
    if not change:
        raise list_gone()
    security.redirect(sections_url(the_list.id, changed=change.stale, section_id=change.section_id))


def rename_section() -> str:
    """POST /rename-section (list-id, version, section-id, name)."""
    section_id = forms.section_id()
    the_list = list_from_form()
    if all(section.id != section_id for section in the_list.sections):
        raise bottle.HTTPError(404, _(forms.SECTION_GONE))
    name = forms.text("name")
    problem = _checked_name(name)
    if problem:
        return render_sections(the_list, status=400, rename_id=section_id, rename_text=name, rename_error=problem)
    try:
        change = services.current().sections.rename_section(the_list.id, section_id, name, forms.version(),
                                                                 who=names.current())
    except SectionNameTaken as taken:
        return render_sections(the_list, status=400, rename_id=section_id, rename_text=name,
                               rename_error=_name_taken(str(taken)))
    if not change:
        raise bottle.HTTPError(404, _(forms.SECTION_GONE))
    security.redirect(sections_url(the_list.id, changed=change.stale, section_id=section_id))


def move_section() -> None:
    """POST /move-section (list-id, version, section-id, move=up|down|top)."""
    list_id, section_id = forms.list_id(), forms.section_id()
    move = forms.text("move")
    if move not in MOVES:
        raise bottle.HTTPError(400, _("Sections can only be moved up, down or to the top."))
    change = services.current().sections.move_section(list_id, section_id, move, forms.version(), who=names.current())
    if not change:
        raise bottle.HTTPError(404, _(forms.SECTION_GONE))
    security.redirect(sections_url(list_id, changed=change.stale, section_id=section_id))


def delete_section() -> None:
    """POST /delete-section (list-id, version, section-id): its items stay, in no section."""
    list_id, section_id = forms.list_id(), forms.section_id()
    change = services.current().sections.delete_section(list_id, section_id, forms.version(), who=names.current())
    if not change:
        raise bottle.HTTPError(404, _(forms.SECTION_GONE))
    security.redirect(sections_url(list_id, changed=change.stale))
