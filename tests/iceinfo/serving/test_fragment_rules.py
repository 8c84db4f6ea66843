"""The rules of a cached fragment ({% frame_fragment %}, kept per stored frame and process; see
ARCHITECTURE.md): its body reads nothing of the request, and it holds whole elements, so that its
boundaries follow the HTML nesting. Every fragment of the templates is rendered here, on the pages
that show it, with a watch on what it reads."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Node, NodeList, RequestContext, Template
from django.test import RequestFactory

from iceinfo.templatetags.iceinfo import FrameFragmentNode
from tests.seeded import public_urls

# Names a fragment must not read: the request and what the context processors and views derive from it.
REQUEST_NAMES = {"request", "request_path", "alternates", "csrf_token", "user", "perms", "messages", "view"}
# {% url %} asks the request for the current application namespace; with one instance of each
# namespace (our URLconf) that changes no address, so a fragment may use {% url %}.
URL_TAG_READS = {"current_app", "resolver_match"}
FRAGMENT_TAG = re.compile(r"""{%\s*frame_fragment\s+["']([^"']+)["']""")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Watch(dict):
    """The top context layer while a fragment renders: notes every name looked up through it. It
    holds only what the fragment itself sets ({% url ... as name %}), dropped after it, as on a hit."""

    def __init__(self):
        super().__init__()
        self.asked = set()

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)


class WatchedRequest:
    """Stands in for ``context.request`` while a fragment renders: notes that it was read, and answers
    as the request would (the page stays the same)."""

    def __init__(self, request, watch):
        self._request, self._watch = request, watch

    def __getattr__(self, name):
        if name not in URL_TAG_READS:
            self._watch.asked.add("request")
        return getattr(self._request, name)


def render_watched(node, context):
    """Render a fragment's body (never from the store), noting the names it looks up."""
    watch = Watch()
    context.dicts.append(watch)
    request = getattr(context, "request", None)
    if request is not None:
        context.request = WatchedRequest(request, watch)
    try:
        html = node.nodelist.render(context)
    finally:
        assert context.dicts[-1] is watch
        context.dicts.pop()
        if request is not None:
            context.request = request
    return watch.asked, html


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.broken = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.broken.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
        else:
            self.open.pop()


def nesting_errors(html):
    """What keeps ``html`` from being whole elements: an end tag without its start, or one left open."""
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    return parser.broken + [f"<{tag}> left open" for tag in parser.open]


@pytest.fixture
def watched(monkeypatch):
    """{fragment name: [(names looked up, html), ...]} of every fragment rendered meanwhile."""
    seen = {}

    def render(self, context):
        asked, html = render_watched(self, context)
        seen.setdefault(self.name, []).append((asked, html))
        return html

    monkeypatch.setattr(FrameFragmentNode, "render", render)
    return seen


def declared_fragments():
    names = set()
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        names.update(FRAGMENT_TAG.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_watch_sees_a_fragment_read_the_request(watched):
    template = Template("{% load iceinfo %}{% frame_fragment 'bad' %}<p>{{ request.path }}</p>{% endframe_fragment %}")
    request = RequestFactory().get("/somewhere/")
    html = template.render(RequestContext(request, {"request": request, "frame": {"id": "f"}}))
    assert html == "<p>/somewhere/</p>"  # the watch answers nothing itself: the page is the same
    ((asked, _html),) = watched["bad"]
    assert "request" in asked


class ReadsContextRequest(Node):
    """A tag that reads ``context.request`` directly (as {% csrf_token %}-like tags may)."""

    def render(self, context):
        return context.request.path


def test_the_watch_sees_a_tag_read_context_request():
    template = Template("{% load iceinfo %}{% frame_fragment 'tag' %}x{% endframe_fragment %}")
    node = next(n for n in template.nodelist if isinstance(n, FrameFragmentNode))
    node.nodelist = NodeList([ReadsContextRequest()])
    context = RequestContext(RequestFactory().get("/here/"), {})
    with context.bind_template(template):
        asked, html = render_watched(node, context)
    assert (asked, html) == ({"request"}, "/here/")


def test_the_nesting_check_sees_a_boundary_inside_an_element():
    assert nesting_errors('<header class="x">\n  <div><a href="/">Home</a></div><nav><div>') == [
        "<header> left open", "<nav> left open", "<div> left open"
    ]
    assert nesting_errors("</div>\n</nav>") == ["</div> closes nothing", "</nav> closes nothing"]
    assert nesting_errors('<div class="a"><img src="x" alt=""><br></div>\n<p>text</p>') == []


def test_no_cached_fragment_reads_the_request_and_each_holds_whole_elements(client, seeded_site, watched):
    urls = [url for language in ("en", "ar") for url in public_urls(language)]
    for url in urls + ["/no-such-page/"]:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
    assert declared_fragments() <= set(watched), "a fragment no page rendered: add a page that shows it"
    for name, renders in watched.items():
        for asked, html in renders:
            assert not asked & REQUEST_NAMES, f"fragment {name!r} reads {sorted(asked & REQUEST_NAMES)}"
            assert nesting_errors(html) == [], f"fragment {name!r} is not whole elements: {nesting_errors(html)}"


def test_the_watch_leaves_the_page_as_it_is(client, seeded_site, monkeypatch):
    plain = client.get("/").content
    seen = {}

    def render(self, context):
        asked, html = render_watched(self, context)
        seen[self.name] = asked
        return html

    monkeypatch.setattr(FrameFragmentNode, "render", render)
    assert client.get("/").content == plain
    assert {"header-navbar", "header-menu", "header-secondary", "footer"} <= set(seen)
