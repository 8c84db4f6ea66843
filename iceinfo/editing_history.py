"""A readable diff for the admin's history list: text without markup, removed words struck through,
added words underlined, long unchanged stretches shortened; None and "" count as the same."""

import difflib
import html

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from simple_history.template_utils import HistoricalRecordContextHelper

KEEP_WORDS = 6  # unchanged words kept on each side of a change


def readable(value):
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = html.unescape(strip_tags(text.replace("</p>", "</p> ")))
    return " ".join(text.split())


def _equal(words):
    if len(words) <= 2 * KEEP_WORDS:
        return escape(" ".join(words))
    return escape(" ".join(words[:KEEP_WORDS])) + " … " + escape(" ".join(words[-KEEP_WORDS:]))


def word_diff(old, new):
    """(old_html, new_html): removed words in <del>, added words in <ins>."""
    old_words, new_words = old.split(), new.split()
    old_out, new_out = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_out.append(_equal(old_words[i1:i2]))
            new_out.append(_equal(new_words[j1:j2]))
            continue
        if i2 > i1:
            old_out.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            new_out.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(old_out)), mark_safe(" ".join(new_out))  # noqa: S308 - every word escaped


class ReadableChanges(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        changes = []
        for change in delta.changes:
            old, new = readable(change.old), readable(change.new)
            if old == new and (change.old or "") == (change.new or ""):
                continue  # e.g. None -> "" for an untranslated language
            field = self.model._meta.get_field(change.field)
            old_html, new_html = word_diff(old, new)
            changes.append({"field": capfirst(field.verbose_name), "old": old_html, "new": new_html})
        return changes
