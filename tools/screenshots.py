#!/usr/bin/env python3
"""The screenshots of docs/report.md and the README, from real runs.

    python3 tools/screenshots.py KJELLER OUTDIR [CHROMIUM]

Reports the Pyatakov case and the modern example (its exports imported
first, in a temporary copy), then has headless Chromium draw each picture
the docs show: the top of the Pyatakov report (chart and map), one
conflict's focus chart, the modern example's chart, and its map with the
insets.  Each picture is one part of the real page (its <head>, so the
same styles, and that part alone), shot at its own height, so it changes
only when the report does.  `make screenshots` writes them to docs/img/;
tests/html.sh runs this into a temporary directory.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

WIDTH = 1180


def run(*args, cwd=None):
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def chromium_flags(chromium, work):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + os.path.join(work, "profile")]


def part(page, which):
    """The page's <head> and body start, with one part of its body."""
    head = page[:page.index("<body>") + len("<body>")]
    defs = re.search(r'<svg class="defs".*?</svg>', page, re.S).group(0)
    if which == "top":
        body = page[page.index("<body>") + len("<body>"):page.index('<section id="findings">')]
    elif which == "chart":
        body = re.search(r'<figure id="chart">.*?</figure>', page, re.S).group(0)
    elif which == "map":
        body = re.search(r'<figure id="map">.*?</figure>\n(?=<section|<p class)', page, re.S).group(0)
    else:  # a conflict's heading and focus chart, "c3"
        start = page.index('<article class="conflict" id="%s"' % which)
        body = page[start:page.index("<h4>Rests on</h4>", start)] + "</article>"
    return head + defs + body + "</body></html>\n"


def shoot(chromium, work, html, png):
    """Shoots html at its own height: a first run measures it."""
    path = os.path.join(work, "shot.html")
    measure = "<script>document.body.setAttribute('data-h', String(Math.ceil(document.documentElement.scrollHeight)));</script>"
    with open(path, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", measure + "</body>"))
    dom = subprocess.run(chromium_flags(chromium, work) + ["--window-size=%d,800" % WIDTH, "--dump-dom", "file://" + path],
                         check=True, capture_output=True, text=True).stdout
    height = int(re.search(r'data-h="(\d+)"', dom).group(1))
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    subprocess.run(chromium_flags(chromium, work) + ["--window-size=%d,%d" % (WIDTH, height), "--screenshot=" + png,
                                                     "file://" + path], check=True, capture_output=True)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: screenshots.py KJELLER OUTDIR [CHROMIUM]")
    kj, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chromium = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/chromium"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp()
    try:
        pyatakov = os.path.join(work, "pyatakov.html")
        run(kj, "report", "examples/moscow-1937/pyatakov.case", "-o", pyatakov, cwd=root)
        modern = os.path.join(work, "modern")
        os.mkdir(modern)
        for name in os.listdir(os.path.join(root, "examples/modern")):
            src = os.path.join(root, "examples/modern", name)
            if os.path.isfile(src):
                shutil.copy(src, modern)
        run("sh", "import.sh", kj, cwd=modern)
        reeve = os.path.join(work, "reeve.html")
        run(kj, "report", "reeve.case", "-o", reeve, cwd=modern)
        pages = {p: open(p, encoding="utf-8").read() for p in (pyatakov, reeve)}
        shots = [
            (pyatakov, "top", "pyatakov-report.png"),
            (pyatakov, "c3", "pyatakov-focus-c3.png"),
            (reeve, "chart", "reeve-chart.png"),
            (reeve, "map", "reeve-map.png"),
        ]
        for page, which, png in shots:
            shoot(chromium, work, part(pages[page], which), os.path.join(out, png))
            print(os.path.join(out, png))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
