"""Rewriting the crawled files for the edition: links relative to the page holding them, and
the hub's own absolute addresses (JSON-LD, feeds, the sitemap, calendars) for the edition's.

A mixin of ``archive.exporter.Exporter``: it needs the exporter's ``files`` (what the edition
holds), ``resolve`` (where a live address goes) and its addresses (``origin``, ``base_url``).
"""

import html
import posixpath
import re
from urllib.parse import quote, urlsplit

from . import state

LINK_ATTRS = re.compile(r'(\s(?:href|src|action|poster|data-root)=")([^"]*)(")')
SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')
# What loses its address when the address has no place in the edition (rewrite_html).
DROPPED_A = re.compile(r'<a\b[^>]*\shref="([^"]*)"[^>]*>(.*?)</a>', re.S)
DROPPED_LINK = re.compile(r'<link\b[^>]*\shref="([^"]*)"[^>]*>\s*')
DROPPED_FORM = re.compile(r'<form\b[^>]*\saction="([^"]*)"[^>]*>.*?</form>', re.S)
ICS_STAMP = re.compile(r"DTSTAMP:\d{8}T\d{6}Z")
# Files whose absolute addresses of the hub are rewritten; the open data's RDF/XML catalogue
# names every dataset by its address, like its Turtle twin (text/turtle).
TEXT_TYPES = (
    "text/",
    "application/xml",
    "application/atom+xml",
    "application/json",
    "application/rdf+xml",
)


def strip_index(out):
    return out[: -len("index.html")] if out.endswith("index.html") else out


class Rewriting:
    """``finish()``: every crawled file as the edition holds it."""

    def finish(self):
        """Rewrite every page's links for the edition and every own absolute address for
        ``base_url``; returns the files."""
        for out, entry in self.files.items():
            if entry.carried:
                continue
            if entry.is_html:
                entry.data = self.rewrite_html(out, entry).encode()
                # The banner's day placeholder (archive.state); never in a document's bytes.
                entry.dated = entry.kind != "document" and state.MARK in entry.data
            elif entry.data is not None and (
                entry.content_type.startswith(TEXT_TYPES) or out.endswith((".xml", ".ics", ".txt"))
            ):
                text = self.rewrite_text(entry.data.decode())
                if out.endswith(".ics"):
                    # Calendars stamp the time they were made: the day the archived copy was
                    # made (archive.store), so that the same content gives the same file.
                    text = ICS_STAMP.sub(f"DTSTAMP:{state.DAY_STAMP}", text)
                    entry.dated = True
                entry.data = text.encode()
        return self.files

    def link_for(self, out, page_out, root_relative=False):
        """The address of edition file ``out`` as written in the page at ``page_out``."""
        path = strip_index(out)
        if root_relative:
            return self.base_path + "/" + quote(path)
        page_dir = posixpath.dirname(page_out)
        rel = posixpath.relpath("/" + path, "/" + page_dir) if path else None
        if rel is None:
            rel = posixpath.relpath("/", "/" + page_dir)
        if path == "" or path.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return quote(rel)

    def rewrite_html(self, out, entry):
        text = entry.read().decode("utf-8")
        base = entry.live or "/"
        root_relative = entry.kind == "404"
        dropped = set()

        def mapped(url):
            kind, found = self.resolve(url, base)
            if kind == "external":
                return url
            if kind == "dropped" or found.out not in self.files:
                dropped.add(url)
                return None
            fragment = urlsplit(html.unescape(url)).fragment
            link = self.link_for(found.out, out, root_relative)
            return link + ("#" + fragment if fragment else "")

        # First what has no place in the edition: a link loses its <a> (its text stays), a
        # <link> or a form disappears. One pass of each pattern over the page, whatever the
        # number of such addresses (a listing has dozens: its combined filters).
        for match in LINK_ATTRS.finditer(text):
            if mapped(match.group(2)) is None:
                dropped.add(match.group(2))
        if dropped:
            gone = {html.unescape(url) for url in dropped}

            def unless_dropped(replacement):
                def replace(match):
                    if html.unescape(match.group(1)) in gone:
                        return replacement(match)
                    return match.group(0)

                return replace

            text = DROPPED_A.sub(unless_dropped(lambda m: f"<span>{m.group(2)}</span>"), text)
            text = DROPPED_LINK.sub(unless_dropped(lambda m: ""), text)
            text = DROPPED_FORM.sub(unless_dropped(lambda m: ""), text)

        def attribute(match):
            new = mapped(match.group(2))
            return match.group(1) + html.escape(new if new is not None else "") + match.group(3)

        def srcset(match):
            items = []
            for item in match.group(2).split(","):
                bits = item.strip().split(None, 1)
                if not bits:
                    continue
                new = mapped(bits[0])
                if new is not None:
                    items.append(" ".join([html.escape(new), *bits[1:]]))
            return match.group(1) + ", ".join(items) + match.group(3)

        text = LINK_ATTRS.sub(attribute, text)
        text = SRCSET.sub(srcset, text)
        return self.rewrite_text(text)

    def rewrite_text(self, text):
        """Own absolute addresses (JSON-LD, feeds, the sitemap, calendars) for ``base_url``."""
        # Feeds live at feed.xml in the edition: their own links say so. (The list is made
        # once: the addresses seen number a few per page, tens of thousands at 10,000 pages.)
        if self._feeds is None:
            self._feeds = sorted(
                (self.origin + found.fetch, self.base_url + "/" + quote(found.out))
                for found in self.targets.values()
                if found is not None and found.kind == "feed" and found.out in self.files
            )
        for live, archived in self._feeds:
            if live in text:
                text = text.replace(live, archived)
        if self.base_url != self.origin:
            text = text.replace(self.origin + "/", self.base_url + "/")
        return text
