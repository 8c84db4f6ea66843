"""Drag-and-drop ordering of rows with an ``order`` number, as progressive enhancement.

The change list's ``order`` inputs (``list_editable``) and an inline's ``order`` column stay plain
number inputs. static/js/admin-ordering.js adds a drag handle (SortableJS) and Move up / Move down
buttons to each row; moving a row only renumbers the inputs on the page, and the editor saves with
the admin's own Save button. So a new order takes the same path as typed numbers: the list_editable
or inline formset, ``ModelAdmin.save_model`` (permissions, drafts of live items, the version that
optimistic locking checks), the save signals (history, search index, content-version bump) and the
admin log. django-admin-sortable2 does not: it saves on drop through its own endpoint with
``bulk_update``, which skips ``save_model``, the signals and so the history.
"""

from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.admin.widgets import AdminIntegerFieldWidget
from django.utils.translation import gettext_lazy as _

ORDER_FIELD = "order"


class OrderInput(AdminIntegerFieldWidget):
    """The ``order`` input, marked for admin-ordering.js, carrying its strings in the page's language."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-iceinfo-order": "",
                "data-label-handle": _("Drag to reorder"),
                "data-label-up": _("Move up"),
                "data-label-down": _("Move down"),
                "data-label-moved": _("Moved to position %(position)s of %(count)s. Press Save to keep the new order."),
                "data-label-help": _(
                    "To change the order, drag a row by its handle or use its Move up and Move down buttons "
                    "(or type the numbers), then press Save."
                ),
                **(attrs or {}),
            }
        )

    class Media:
        css = {"all": ["css/admin-ordering.css"]}
        js = ["dist/vendor/sortablejs/Sortable.min.js", "js/admin-ordering.js"]


def listed_in_order(model_admin, request):
    """True when the change list shows its rows by ``order`` (ascending), so a row's place is its order.

    Sorted by another column, moving rows would renumber them in that column's order: no handles then.
    """
    param = request.GET.get(ORDER_VAR)
    if param is None:
        ordering = model_admin.get_ordering(request) or model_admin.model._meta.ordering or ()
        return ORDER_FIELD in ordering
    _none, prefix, index = param.split(".")[0].rpartition("-")
    list_display = list(model_admin.get_list_display(request))
    if model_admin.get_actions(request):
        list_display.insert(0, "action_checkbox")  # as ModelAdmin.get_changelist_instance numbers columns
    try:
        return not prefix and list_display[int(index)] == ORDER_FIELD
    except (ValueError, IndexError):
        return False


class OrderedChangeListMixin:
    """ModelAdmin mixin: drag-and-drop for ``order`` in ``list_editable`` (nothing otherwise)."""

    def get_list_display(self, request):
        """``order`` right after the row's name: its Move up / Move down buttons stay on screen at 1280 px
        however many columns follow (they scroll sideways, the controls do not)."""
        fields = list(super().get_list_display(request))
        if ORDER_FIELD in self.list_editable and ORDER_FIELD in fields and len(fields) > 2:
            fields.remove(ORDER_FIELD)
            fields.insert(1, ORDER_FIELD)
        return fields

    def get_changelist_formset(self, request, **kwargs):
        if ORDER_FIELD in self.list_editable and listed_in_order(self, request):
            kwargs["widgets"] = {**(kwargs.get("widgets") or {}), ORDER_FIELD: OrderInput()}
        return super().get_changelist_formset(request, **kwargs)


class OrderedInlineMixin:
    """Tabular inline mixin: drag-and-drop for the inline's ``order`` column (rows are listed by it)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {**(kwargs.get("widgets") or {}), ORDER_FIELD: OrderInput()}
        return super().get_formset(request, obj, **kwargs)
