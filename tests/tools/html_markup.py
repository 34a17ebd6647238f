#!/usr/bin/env python3
"""The markup of a kjeller report made from hostile input is the markup of a
report made from benign input (tests/html.sh): no tag the report never
writes, no event-handler, URL or srcdoc attribute (but a link to the list
of sources, "#source-N", and a source's own http(s) address in <a>), and the
same <script> and <style> bytes.  Usage: html_markup.py HOSTILE.html BENIGN.html...
Exits 1 and says what differs."""
import re
import sys
from html.parser import HTMLParser


class Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.bad_attrs, self.raw, self.stack = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.stack.append(tag)
        for name, value in attrs:
            if tag == "a" and name == "href" and (re.fullmatch(r"#source-[1-9][0-9]*", value or "")
                                                  or re.match(r"https?://[^\s]", value or "")):
                continue
            if name.startswith("on") or name in ("src", "href", "srcdoc", "action", "formaction", "xlink:href"):
                self.bad_attrs.append((tag, name))

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("script", "style"):
            self.raw.append((self.stack[-1], data))

    def handle_comment(self, data):
        self.tags.add("<!--comment-->")


def parse(path):
    m = Markup()
    with open(path, encoding="utf-8", errors="strict") as f:
        m.feed(f.read())
    m.close()
    return m


hostile = parse(sys.argv[1])
benign = [parse(p) for p in sys.argv[2:]]
known = set().union(*(b.tags for b in benign))
problems = []
if hostile.tags - known:
    problems.append("tags the report never writes: %s" % sorted(hostile.tags - known))
if hostile.bad_attrs:
    problems.append("attributes that run or load something: %s" % hostile.bad_attrs)
if hostile.raw != benign[0].raw:
    problems.append("the <script>/<style> bytes differ from a benign report's")
for p in problems:
    print("html_markup: %s: %s" % (sys.argv[1], p))
sys.exit(1 if problems else 0)
