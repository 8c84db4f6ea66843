"""The page tree in the admin (issue #21, item 8): pages listed under their parents, indented by depth,
each with an "Add child page" link, and the parent chosen from a menu in the same tree order.

The tree is worked out in Python from one small query (id, parent, order, title of every page: a site
has hundreds of pages, not millions) and handed to the database as an annotation, so the change list
keeps its paging, search and filters.
"""

from collections import defaultdict

from django import forms
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_DEPTH = 6  # pages.find_page reads at most six path segments


def tree_order(model):
    """([pk in tree order], {pk: depth}): parents before their children, siblings by order then title.
    A page caught in a parent loop (never made by the admin) comes last, at depth 0."""
    children = defaultdict(list)
    rows = list(model._default_manager.values_list("pk", "parent_id", "order", "title"))
    for pk, parent_id, order, title in rows:
        children[parent_id].append((order, str(title or "").casefold(), pk))
    ordered, depths = [], {}
    stack = [(pk, 0) for _order, _title, pk in sorted(children[None], reverse=True)]
    while stack:
        pk, depth = stack.pop()
        if pk in depths:
            continue
        depths[pk] = depth
        ordered.append(pk)
        stack += [(child, depth + 1) for _order, _title, child in sorted(children[pk], reverse=True)]
    for pk, *_rest in rows:
        if pk not in depths:
            depths[pk] = 0
            ordered.append(pk)
    return ordered, depths


def with_tree(queryset):
    """``queryset`` annotated with ``tree_position`` and ``tree_depth``."""
    ordered, depths = tree_order(queryset.model)
    if not ordered:
        return queryset.annotate(tree_position=Value(0), tree_depth=Value(0))
    return queryset.annotate(
        tree_position=Case(
            *[When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered)],
            default=Value(len(ordered)),
            output_field=IntegerField(),
        ),
        tree_depth=Case(
            *[When(pk=pk, then=Value(min(depth, MAX_DEPTH))) for pk, depth in depths.items() if depth],
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def descendants(model, pk):
    """The ids of ``pk`` and every page under it (a page cannot move under itself)."""
    children = defaultdict(list)
    for child, parent_id in model._base_manager.values_list("pk", "parent_id"):
        children[parent_id].append(child)
    found, stack = set(), [pk]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack += children[current]
    return found


class TreeChoiceField(forms.ModelChoiceField):
    """The parent menu: pages in tree order, each title indented by its depth and followed by its address."""

    def __init__(self, queryset, *args, exclude=(), **kwargs):
        queryset = with_tree(queryset.exclude(pk__in=list(exclude))).order_by("tree_position")
        super().__init__(queryset, *args, **kwargs)

    def label_from_instance(self, obj):
        return f"{'— ' * getattr(obj, 'tree_depth', 0)}{obj.title} (/{obj.path}/)"


class TreeChangeList(ChangeList):
    """Rows in tree order unless the editor sorts by a column."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return ["tree_position", "-pk"]

    def get_ordering_field_columns(self):
        # No column header claims the sort while the rows are in tree order.
        return super().get_ordering_field_columns() if ORDER_VAR in self.params else {}


class PageTreeMixin:
    """PageAdmin mixin: the change list as a tree with "Add child page" links; the parent menu as a tree."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match and (match.url_name or "").endswith("_changelist"):
            queryset = with_tree(queryset)
        return queryset

    def get_changelist(self, request, **kwargs):
        return TreeChangeList

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        if not self.has_add_permission(request):
            fields = [name for name in fields if name != "add_child"]
        return fields

    @staticmethod
    def _depth(obj):
        return getattr(obj, "tree_depth", 0) or 0

    def tree_title(self, obj):
        depth = self._depth(obj)
        if not depth:
            return obj.title
        return format_html(
            '<span class="iceinfo-tree iceinfo-tree--{}"><span class="iceinfo-tree__branch" aria-hidden="true">↳</span>'
            "{}</span>",
            min(depth, MAX_DEPTH),
            obj.title,
        )

    tree_title.short_description = _("title")
    tree_title.admin_order_field = "title"

    def add_child(self, obj):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        return format_html(
            '<a class="iceinfo-add-child" href="{}?parent={}">{}<span class="visually-hidden">: {}</span></a>',
            url,
            obj.pk,
            gettext("Add child page"),
            obj.title,
        )

    add_child.short_description = _("child pages")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            match = getattr(request, "resolver_match", None)
            object_id = (match.kwargs.get("object_id") if match else None) or ""
            exclude = descendants(self.model, int(object_id)) if object_id.isdigit() else ()
            return TreeChoiceField(
                self.model._default_manager.select_related("parent__parent"),
                exclude=exclude,
                required=False,
                label=capfirst(db_field.verbose_name),
                help_text=_("The page this one is listed under (its address starts with the parent's)."),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
