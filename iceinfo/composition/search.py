"""Site search: one index (``SearchDocument``) over every kind of content, one query per search.

Composition layer: this module imports the domain apps. Each indexed row is written once per site
language (its own words, or the English fallback a visitor would see) on every save, and removed
on delete (signals connected in ``IceinfoConfig.ready``); ``manage.py rebuild_search_index``
rewrites it all.

Two engines behind one interface, ``search(text, language)``:

- PostgreSQL: full-text search over a stored, GIN-indexed tsvector (title weight A, body B), in the
  language's text search configuration (``simple`` where PostgreSQL has none), queried with
  ``websearch_to_tsquery`` (it accepts any input) and ranked by ``ts_rank``.
- SQLite: an FTS5 index over title and body (migration 0010: an external-content table kept in
  sync by triggers, tokenizer ``unicode61 remove_diacritics 2``, so case and accents are ignored).
  Every word of the query must start a word of the title or body (a quoted prefix query: the
  visitor's text never reaches FTS5's query syntax), ranked by ``bm25`` with the title weighted
  above the body; rows are filtered to the language. unicode61 does not split scripts written
  without spaces (Chinese: a whole run of characters is one token), so words in those scripts are
  looked for as substrings of the title or body (LIKE) in the same query, a title hit first.

Both give the same result shape; the snippet and its highlighting are built here, escaped, for
both.
"""

import html
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from iceinfo.localize import language_codes, value_language
from iceinfo.models import Page, SearchDocument
from iceinfo.pagination import page_links, page_or_404
from iceinfo.query import reads_query
from iceinfo.serving.frame import get_frame

MAX_QUERY_LENGTH = 200  # characters of the query that are used; the rest is ignored
MAX_TERMS = 10
MAX_RESULTS = 200
PAGE_SIZE = 10
SNIPPET_LENGTH = 220
# PostgreSQL's own text search configurations for our languages; the others use 'simple'.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese", "ru": "russian"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
COMBINING = re.compile(r"[\u0300-\u036f]")
WORD = re.compile(r"\w+")
QUERY_OPERATORS = {"or", "and", "not"}
# SQLite: the FTS5 table of migration 0010, and bm25's weights of its columns (title, body).
FTS_TABLE = "iceinfo_searchdocument_fts"
FTS_WEIGHTS = (10.0, 1.0)
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Japanese kana, Han):
# FTS5's unicode61 tokenizer makes a whole run of them one token, so they are matched as substrings.
NO_SPACE_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)


def text_search_config(language):
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


def _plain(*parts):
    """Plain text from rich-text and plain fields: tags stripped, entities decoded, spaces collapsed."""
    text = " ".join(html.unescape(strip_tags(part)) for part in parts if part)
    return " ".join(text.split())


# --- what each kind of content contributes -----------------------------------------------------


def _page(obj):
    return obj.title, _plain(obj.summary, obj.body), "title"


def _directorate(obj):
    return f"{obj.name} ({obj.acronym})", _plain(obj.summary, obj.body), "name"


def _leader(obj):
    return obj.name, _plain(obj.title, obj.bio), "title"


def _field_office(obj):
    return obj.name, _plain(obj.full_address, obj.area_of_responsibility, obj.notes), "name"


def _detention_facility(obj):
    kind = obj.facility_type
    return obj.name, _plain(obj.full_address, kind.code, kind.label, kind.explanation, obj.notes), "name"


def _contact_channel(obj):
    return obj.name, _plain(obj.description, obj.phone, obj.email), "name"


def _news(obj):
    topic = obj.topic.name if obj.topic_id and obj.topic else ""
    return obj.title, _plain(obj.summary, obj.body, obj.dateline, topic), "title"


def sources():
    """{model: (kind, label, texts(obj) -> (title, body, field whose language is shown))}."""
    from contacts.models import ContactChannel, FieldOffice
    from directorates.models import Directorate, Leader
    from facilities.models import DetentionFacility
    from news.models import NewsRelease

    return {
        Page: ("page", _("Page"), _page),
        Directorate: ("directorate", _("Directorate or office"), _directorate),
        Leader: ("leader", _("Leader"), _leader),
        FieldOffice: ("fieldoffice", _("Field office"), _field_office),
        ContactChannel: ("contactchannel", _("Contact"), _contact_channel),
        DetentionFacility: ("detentionfacility", _("Detention facility"), _detention_facility),
        NewsRelease: ("news", _("News"), _news),
    }


def kind_labels():
    return {kind: label for kind, label, _texts in sources().values()}


# --- indexing --------------------------------------------------------------------------------------


def _documents(obj, kind, texts, content_type):
    rows = []
    # A page is live only while its ancestors are (Page.live_window): the document carries that window.
    status, publish_at, unpublish_at = (
        obj.live_window() if isinstance(obj, Page) else (obj.status, obj.publish_at, obj.unpublish_at)
    )
    for code in language_codes():
        with translation.override(code):
            title, body, shown_field = texts(obj)
            url = obj.get_absolute_url()
            shown = value_language(obj, shown_field)
        rows.append(
            SearchDocument(
                content_type=content_type,
                object_id=obj.pk,
                language=code,
                kind=kind,
                config=text_search_config(code),
                text_language=shown,
                title=Truncator(title).chars(400),
                body=body,
                url=url[:500],
                status=status,
                publish_at=publish_at,
                unpublish_at=unpublish_at,
                updated_at=obj.updated_at,
            )
        )
    return rows


def _update_vectors(queryset):
    """Store the weighted tsvector (PostgreSQL only; SQLite's FTS5 index follows by triggers)."""
    if connection.vendor != "postgresql":
        return
    config = F("config")
    queryset.update(
        search_vector=SearchVector("title", weight="A", config=config) + SearchVector("body", weight="B", config=config)
    )


@contextmanager
def _fts_rebuilt():
    """SQLite: run the block without the FTS5 triggers, then rebuild the FTS5 index from the documents
    once and put the triggers back (as they were, read from sqlite_master). Each document is
    tokenized once, and an index that drifted from the documents is repaired: with the triggers on,
    deleting a document the index does not hold as it is would fail ("database disk image is
    malformed"). Run inside the caller's transaction, which rolls all of it back on error."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND substr(name, 1, %s) = %s",
            [SearchDocument._meta.db_table, len(FTS_TABLE), FTS_TABLE],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        for _name, sql in triggers:
            cursor.execute(sql)


def index_object(obj):
    """Write ``obj``'s documents in every language (replacing the old ones)."""
    source = sources().get(type(obj))
    if source is None or obj.pk is None:
        return
    kind, _label, texts = source
    content_type = ContentType.objects.get_for_model(type(obj))
    rows = _documents(obj, kind, texts, content_type)
    with transaction.atomic():
        mine = SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk)
        mine.delete()
        SearchDocument.objects.bulk_create(rows)
        _update_vectors(mine)
    if isinstance(obj, Page):
        for child in Page.objects.filter(parent=obj).select_related("parent"):
            index_object(child)  # a parent's slug is part of its children's addresses


def unindex_object(obj):
    source = sources().get(type(obj))
    if source is None:
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def rebuild_index():
    """Rewrite the whole index; returns the number of documents written."""
    written = 0
    with transaction.atomic(), _fts_rebuilt():
        SearchDocument.objects.all().delete()
        for model, (kind, _label, texts) in sources().items():
            content_type = ContentType.objects.get_for_model(model)
            queryset = model._default_manager.all()
            if model is Page:
                queryset = queryset.select_related("parent__parent__parent")
            elif kind == "news":
                queryset = queryset.select_related("topic")
            elif kind == "detentionfacility":
                queryset = queryset.select_related("facility_type")
            rows = []
            for obj in queryset.iterator(chunk_size=500):
                rows.extend(_documents(obj, kind, texts, content_type))
            SearchDocument.objects.bulk_create(rows, batch_size=500)
            written += len(rows)
        _update_vectors(SearchDocument.objects.all())
    return written


_paused = ContextVar("search_indexing_paused", default=False)


@contextmanager
def indexing_paused():
    """Skip per-save indexing (bulk loads), then rebuild the whole index once at the end."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
    rebuild_index()


def _saved(sender, instance, raw=False, **kwargs):
    if not raw and not _paused.get():
        index_object(instance)


def _deleted(sender, instance, **kwargs):
    if not _paused.get():
        unindex_object(instance)


def connect():
    for model in sources():
        uid = f"iceinfo-search-{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-delete")


# --- searching -------------------------------------------------------------------------------------


def clean_query(text):
    """The query as used: control characters (NUL...) removed, spaces collapsed, at most 200 characters."""
    text = CONTROL.sub(" ", text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _fold(text):
    """Case- and accent-insensitive form of ``text`` (same length rules as the query terms)."""
    return COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def query_terms(text):
    """The words to look for (folded), without websearch operators and repeated words."""
    terms = []
    for word in WORD.findall(_fold(text)):
        if word in QUERY_OPERATORS or word in terms:
            continue
        terms.append(word)
    return terms[:MAX_TERMS]


def _stem(term):
    """A crude prefix stem so "investigations" also finds "investigation" (SQLite and highlighting)."""
    if len(term) > 5 and term.endswith("es"):
        return term[:-2]
    if len(term) > 4 and term.endswith("s"):
        return term[:-1]
    return term


def _term_patterns(terms):
    """A word matches where a word starts, with any ending; a word of a script without spaces matches
    itself anywhere in a run of characters."""
    return [
        re.compile(re.escape(term) if NO_SPACE_SCRIPT.search(term) else r"\b" + re.escape(_stem(term)) + r"\w*")
        for term in terms
    ]


def _sqlite_words(text):
    """The query's words for SQLite (lowercased, operators and repeats dropped), at most MAX_TERMS.

    Accents are left for FTS5's tokenizer, which folds the query as it folded the documents."""
    words = []
    for word in WORD.findall(unicodedata.normalize("NFC", text).lower()):
        if word in QUERY_OPERATORS or word in words or not any(char.isalnum() for char in word):
            continue
        words.append(word)
    return words[:MAX_TERMS]


def fts_query(text):
    """(FTS5 MATCH expression or "", words to find as substrings) for the visitor's ``text``.

    Each word becomes a quoted prefix phrase (``"investigation"*``): inside double quotes FTS5 reads
    no operator (AND, OR, NOT, NEAR, ``-``, ``^``, ``:``, ``*``, parentheses), and a double quote is
    doubled, so no input is a syntax error. Words of scripts without spaces are returned apart."""
    prefixes, substrings = [], []
    for word in _sqlite_words(text):
        if NO_SPACE_SCRIPT.search(word):
            substrings.append(word)
        else:
            prefixes.append('"' + _stem(word).replace('"', '""') + '"*')
    return " ".join(prefixes), substrings


def _sqlite_search(documents, text, language):
    """One query: documents whose title holds every word first, then by bm25 (title weighted above
    body; lower is better). bm25 alone lets a short body beat a long page named by the words, since
    FTS5 fixes its length normalization; the first tier keeps "title above body" whatever the lengths.
    Column and table names are ours; the visitor's text is only ever a parameter."""
    expression, substrings = fts_query(text)
    if not expression and not substrings:
        return []
    rank, title_hit, title_params = "0", [], []
    if expression:
        # The FTS5 table joined on its rowid (= the document's id). The unary + keeps SQLite from
        # reading the language's documents by their index and running the MATCH once for each: it
        # reads the matches first, then each document by its id (on the seed, "ice", a word of every
        # document, takes half the time; rare words about the same).
        documents = documents.extra(  # noqa: S610 - no user text in the SQL, only in params
            tables=[FTS_TABLE],
            where=[
                f"{FTS_TABLE}.rowid = iceinfo_searchdocument.id",
                f"{FTS_TABLE} MATCH %s",
                "+iceinfo_searchdocument.language = %s",
            ],
            params=[expression, language],
        )
        rank = f"bm25({FTS_TABLE}, {FTS_WEIGHTS[0]}, {FTS_WEIGHTS[1]})"
        title_hit.append(f"iceinfo_searchdocument.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)")
        title_params.append(f"title : ({expression})")
    else:
        documents = documents.filter(language=language)
    rank_params = []
    for word in substrings:
        documents = documents.filter(Q(title__contains=word) | Q(body__contains=word))
        title_hit.append("instr(lower(iceinfo_searchdocument.title), %s) > 0")
        title_params.append(word)
        if not expression:  # no bm25: more occurrences in the body first (at most 10 count)
            rank += " - min(10, (length(iceinfo_searchdocument.body) - length(replace(lower(iceinfo_searchdocument.body), %s, ''))) / %s)"
            rank_params += [word, len(word)]
    documents = documents.extra(  # noqa: S610 - params only
        select={"title_hit": " AND ".join(title_hit), "rank": rank}, select_params=title_params + rank_params
    )
    return list(documents.order_by("-title_hit", "rank", "-updated_at", "pk")[:MAX_RESULTS])


def search(text, language=None):
    """Documents matching ``text`` in ``language`` (default: active), best first; one query."""
    language = language or get_language()
    text = clean_query(text)
    terms = query_terms(text)
    if not terms:
        return []
    documents = SearchDocument.objects.published().defer("search_vector")
    if connection.vendor == "postgresql":
        documents = documents.filter(language=language)
        query = SearchQuery(text, search_type="websearch", config=text_search_config(language))
        return list(
            documents.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-updated_at", "pk")[:MAX_RESULTS]
        )
    return _sqlite_search(documents, text, language)


def _fold_with_positions(text):
    folded, positions = [], []
    for index, char in enumerate(text):
        for piece in _fold(char):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


def _match_spans(text, terms):
    """(start, end) spans of ``text`` (original characters) where a query word matches."""
    folded, positions = _fold_with_positions(text)
    spans = []
    for pattern in _term_patterns(terms):
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, terms):
    """``text`` escaped, with the matched words in <mark>."""
    out, last = [], 0
    for start, end in _match_spans(text, terms):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def snippet(body, terms, length=SNIPPET_LENGTH):
    """A window of ``body`` around the first matched word, escaped and highlighted."""
    spans = _match_spans(body, terms)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = body.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = start + length
    if end < len(body):
        cut = body.rfind(" ", start, end)
        end = cut if cut > start else end
    window = body[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(body) else ""
    return mark_safe(prefix + highlight(window, terms) + suffix)  # noqa: S308 - highlight() escapes


@dataclass
class Result:
    title: str
    snippet: str
    url: str
    kind: str
    updated_at: object
    lang: str


def present(documents, terms):
    labels = kind_labels()
    return [
        Result(
            title=highlight(doc.title, terms),
            snippet=snippet(doc.body, terms),
            url=doc.url,
            kind=labels.get(doc.kind, ""),
            updated_at=doc.updated_at,
            lang=doc.text_language,
        )
        for doc in documents
    ]


@reads_query("q", "page")
class SearchView(TemplateView):
    """/search/?q=: results ten to a page; suggestions when the query is empty or finds nothing."""

    template_name = "iceinfo/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q", ""))
        terms = query_terms(query)
        documents = search(query) if terms else []
        paginator = Paginator(documents, PAGE_SIZE)
        page = page_or_404(paginator, self.request.GET.get("page"))
        frame = get_frame()
        context.update(
            frame=frame,
            query=query,
            searched=bool(query),
            results=present(page.object_list, terms),
            total=paginator.count,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            page_links=page_links(page) if page.has_other_pages() else [],
            query_string=urlencode({"q": query}) if query else "",
            suggestions=[link for group in frame["nav_groups"] for link in group["links"]],
            locator_url=reverse("contacts:fieldoffice_list"),
            contact_url=reverse("contacts:contact_list"),
            site_map_url=reverse("iceinfo:site_map"),
        )
        return context
