#!/usr/bin/env python3
"""The HTML report (issue 21) checked as a browser sees it, not by string search.

  report_test.py parse SSOSNAP SOURCE_DIR    every fixture pair and the secrets corpus:
      `ssosnap diff --html` parsed by html5lib (the WHATWG parsing algorithm, Debian
      python3-html5lib) with zero parse errors; structure (CSP with the style's real hash,
      no script or external resource, headings, table headers, one <details> per changed
      entry) and content compared, cell by cell, with `ssosnap diff --json` of the same pair;
      no secret of fixtures/secrets/values.txt in any encoding, in the bytes or the text.
  report_test.py browser SSOSNAP SOURCE_DIR  headless Chromium (Debian chromium) opens the
      reports without network (its own network namespace when `unshare -rn` works, and a
      dead proxy and resolver besides) and a new empty profile, dumps the DOM, and the
      rendered text must show the changes and none of the secrets; the hostile pair's
      scripts never run.
"""
import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

import html5lib

FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return ok


def escape_controls(s):
    """core::escape_controls with Whitespace::keep_tab, for text that came through JSON."""
    out = []
    for ch in s:
        c = ord(ch)
        if ch == "\t" or (0x20 <= c < 0x7F) or c >= 0xA0:
            out.append(ch)
        elif c < 0x20 or c == 0x7F:
            out.append("\\x%02x" % c)
        else:  # C1 controls
            out.append("\\u{%02x}" % c)
    return "".join(out)


class Env:
    def __init__(self, ssosnap, source):
        self.ssosnap = ssosnap
        self.source = source
        self.tmp = tempfile.mkdtemp(prefix="ssosnap-report-")
        self.env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(self.tmp, "config"))
        self.env.pop("NO_COLOR", None)

    def run(self, args):
        return subprocess.run([self.ssosnap] + args, env=self.env, capture_output=True,
                              cwd=self.source)

    def pairs(self):
        """(name, old, new) of every fixture pair and the secrets corpus."""
        out = []
        root = os.path.join(self.source, "fixtures", "diff")
        for name in sorted(os.listdir(root)):
            d = os.path.join(root, name)
            if os.path.isdir(d):
                out.append((name, os.path.join(d, "sso-snapshot-2024-05-01-02_00_00.zip"),
                            os.path.join(d, "sso-snapshot-2024-05-02-02_00_00.zip")))
        d = os.path.join(self.source, "fixtures", "secrets")
        out.append(("secrets", os.path.join(d, "sso-snapshot-2024-05-01-02_00_00.zip"),
                    os.path.join(d, "sso-snapshot-2024-05-02-02_00_00.zip")))
        return out

    def report(self, name, old, new):
        """Writes the pair's page; returns (page bytes, diff JSON document)."""
        page = os.path.join(self.tmp, name + ".html")
        r = self.run(["diff", old, new, "--html", page])
        check(r.returncode in (0, 1), "%s: diff --html exit %d: %s" % (name, r.returncode, r.stderr))
        j = self.run(["diff", old, new, "--json"])
        with open(page, "rb") as f:
            return page, f.read(), json.loads(j.stdout)


def secret_forms(value):
    forms = {"raw": value, "html-escaped": html.escape(value, quote=True),
             "json-escaped": json.dumps(value)[1:-1],
             "percent-encoded": urllib.parse.quote(value, safe="-_.~")}
    raw = value.encode()
    for shift in range(3):  # whole groups only: the tail depends on what follows
        b = b"\0" * shift + raw
        enc = base64.b64encode(b[: len(b) - len(b) % 3]).decode()
        middle = enc[4 if shift else 0:]
        if len(middle) >= 8:
            forms["base64+%d" % shift] = middle
    forms["sha256 prefix"] = hashlib.sha256(raw).hexdigest()[:8]
    return forms


def secret_values(source):
    with open(os.path.join(source, "fixtures", "secrets", "values.txt")) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def text_of(el):
    return "".join(el.itertext())


def check_no_secrets(name, where, text, values):
    for value in values:
        for form, t in secret_forms(value).items():
            check(t not in text, "%s: the secret %s shows in the %s (%s)" % (name, value, where, form))


# --- parse ----------------------------------------------------------------------------------
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "base", "form", "audio",
             "video", "source", "svg", "math", "frame", "input", "button", "picture"}


def parse_strict(name, data):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"),
                                 namespaceHTMLElements=False)
    doc = parser.parse(data)
    check(not parser.errors, "%s: HTML parse errors: %s" % (name, parser.errors[:5]))
    return doc


def check_head(name, doc):
    check(doc.get("lang") == "en", name + ": <html lang>")
    head = doc.find("head")
    styles = head.findall("style")
    if not check(len(styles) == 1, name + ": one <style>"):
        return
    csp = [m.get("content") for m in head.findall("meta")
           if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    if not check(len(csp) == 1, name + ": one CSP meta"):
        return
    digest = base64.b64encode(hashlib.sha256(styles[0].text.encode()).digest()).decode()
    want = "default-src 'none'; style-src 'sha256-%s'; base-uri 'none'; form-action 'none'" % digest
    check(csp[0] == want, "%s: CSP %r, want %r" % (name, csp[0], want))
    check(head.find("title") is not None and text_of(head.find("title")).strip() != "",
          name + ": a title")


def check_body(name, doc):
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        check(tag not in FORBIDDEN, "%s: a <%s> element" % (name, tag))
        for attr, value in el.attrib.items():
            check(not attr.lower().startswith("on"), "%s: an event attribute %s" % (name, attr))
            check(attr not in ("src", "srcset", "style", "action", "formaction"),
                  "%s: attribute %s" % (name, attr))
            if attr == "href":
                check(re.fullmatch(r"#e[0-9]+", value) is not None,
                      "%s: a link that leaves the page: %r" % (name, value))
    body = doc.find("body")
    check(body.find("header/h1") is not None, name + ": <h1> in <header>")
    for table in body.iter("table"):
        check(table.find("thead/tr/th") is not None, name + ": a table without header cells")
    return body


def sections(body):
    return {text_of(s.find("h2")): s for s in body.find("main").findall("section")}


def rows(table):
    return table.findall("tbody/tr")


def cells(tr):
    return [text_of(td) for td in tr if td.tag in ("td", "th")]


SBS_HEAD = ["old line", "\u00b1", "old text", "new line", "\u00b1", "new text"]
SIGN = {"-": "\u2212", "+": "+", " ": "", "\\": "\\"}
WORD = {"-": "removed", "+": "added"}
CLASS = {"-": "del", "+": "add"}


def side_by_side_rows(h):
    """The side-by-side rows of a JSON hunk, each side (number, marker, text) or None: a run of
    removed lines faces the run of added lines after it; notes stay on their line's side."""
    rows, left, right = [], [], []
    num = {"old": h["old_start"], "new": h["new_start"]}

    def take(side):
        num[side] += 1
        return str(num[side] - 1)

    def flush():
        for i in range(max(len(left), len(right))):
            rows.append((left[i] if i < len(left) else None, right[i] if i < len(right) else None))
        left.clear()
        right.clear()

    prev = " "
    for line in h["lines"]:
        op, text = line[0], escape_controls(line[1:])
        if op == "-":
            if right:
                flush()
            left.append((take("old"), SIGN[op], text))
        elif op == "+":
            right.append((take("new"), SIGN[op], text))
        elif op == "\\":
            note = ("", "\\", text)
            if prev in "-+":
                (left if prev == "-" else right).append(note)
            else:
                flush()
                rows.append((note, note))
            continue
        else:
            flush()
            rows.append(((take("old"), "", text), (take("new"), "", text)))
        prev = op
    flush()
    return rows


def check_side_by_side(name, e, table):
    """The side-by-side table: headers, one header row per hunk, each side's cells, the +/−
    markers with their words, and text cells that hold text only (escaped, no element)."""
    where = "%s: %s: side by side" % (name, e["name"])
    head = table.findall("thead/tr/th")
    check([text_of(th) for th in head] == SBS_HEAD and all(th.get("scope") == "col" for th in head),
          "%s: headers %r" % (where, [text_of(th) for th in head]))
    got, want = [], []
    for tr in rows(table):
        tds = [td for td in tr if td.tag == "td"]
        if tr.get("class") == "hunk":
            check(len(tds) == 1 and tds[0].get("colspan") == "6", where + ": a hunk row of 6 columns")
            got.append(text_of(tds[0]))
            continue
        if not check(len(tds) == 6, "%s: a row of %d cells" % (where, len(tds))):
            continue
        row = []
        for ln, mk, tx in (tds[0:3], tds[3:6]):
            check(len(list(tx)) == 0, "%s: an element inside a text cell: %r" % (where, text_of(tx)))
            classes = set((tx.get("class") or "").split())
            if "none" in classes:
                check(text_of(ln) + text_of(mk) + text_of(tx) == "", where + ": an empty cell with text")
                row.append(None)
                continue
            op = {"\u2212": "-", "+": "+"}.get(text_of(mk))
            if op:
                check(mk.get("title") == WORD[op] and CLASS[op] in classes,
                      "%s: marker %r without its word or class" % (where, text_of(mk)))
            row.append((text_of(ln), text_of(mk), text_of(tx)))
        got.append(tuple(row))
    for h in e["hunks"]:
        want.append("@@ -%d,%d +%d,%d @@" % (h["old_start"], h["old_count"], h["new_start"],
                                             h["new_count"]))
        want += side_by_side_rows(h)
    check(got == want, "%s: rows %r, want %r" % (where, got[:6], want[:6]))


def check_entry(name, det, e):
    summary = det.find("summary")
    h3 = summary.find("h3")
    if not check(h3 is not None, "%s: %s: a heading in the summary" % (name, e["name"])):
        return
    check(text_of(h3.find("code")) == escape_controls(e["name"]),
          "%s: entry name %r shown as %r" % (name, e["name"], text_of(h3.find("code"))))
    check(e["status"] in text_of(h3), "%s: %s: status word %s" % (name, e["name"], e["status"]))
    body = det.find("div")
    tables = body.findall("table")
    if e.get("changes"):
        got = [cells(tr) for tr in rows(tables[0])]
        check(len(got) == len(e["changes"]), "%s: %s: %d JSON rows, want %d"
              % (name, e["name"], len(got), len(e["changes"])))
        for (mark, path, old, new), c in zip(got, e["changes"]):
            want = c["path"] or "(document)"
            if "identity" in c:
                want += " [%s]" % c["identity"]
            check(path == escape_controls(want), "%s: JSON path %r, want %r" % (name, path, want))
            for shown, key in ((old, "old"), (new, "new")):
                if key in c:  # the JSON output parses the value text when it can
                    try:
                        value = json.loads(shown)
                    except ValueError:
                        value = shown
                    check(value == c[key], "%s: %s %s %r, want %r"
                          % (name, c["path"], key, shown, c[key]))
    if e.get("properties"):
        got = [cells(tr)[1:] for tr in rows(tables[0])]
        want = [[escape_controls(p["key"]), escape_controls(p["old"] or ""),
                 escape_controls(p["new"] or "")] for p in e["properties"]]
        check(got == want, "%s: properties %r, want %r" % (name, got, want))
    if e.get("hunks"):
        check((tables[0].get("class") or "").split() == ["diff", "uni"],
              "%s: %s: the unified table first" % (name, e["name"]))
        sbs = [t for t in tables if "sbs" in (t.get("class") or "").split()]
        if check(len(sbs) == 1, "%s: %s: %d side-by-side tables" % (name, e["name"], len(sbs))):
            check_side_by_side(name, e, sbs[0])
        got, want = [], []
        for tr in rows(tables[0]):
            c = cells(tr)
            if tr.get("class") == "hunk":
                got.append(c[0])
            else:
                mark = {"\u2212": "-", "": " "}.get(c[2], c[2])
                got.append(mark + c[3])
                check(c[0] != "" or mark in "+\\", "%s: a line without an old number" % name)
        for h in e["hunks"]:
            want.append("@@ -%d,%d +%d,%d @@" % (h["old_start"], h["old_count"],
                                                 h["new_start"], h["new_count"]))
            want += [line[0] + escape_controls(line[1:]) for line in h["lines"]]
        check(got == want, "%s: %s: hunks %r, want %r" % (name, e["name"], got[:8], want[:8]))
    if "old_fingerprint" in e:
        shown = [cells(tr) for tr in rows(tables[-1])][-1]
        check(shown[1:] == [e["old_fingerprint"], e["new_fingerprint"]],
              "%s: fingerprints %r" % (name, shown))


def check_pair(env, name, old, new, values):
    path, data, diff = env.report(name, old, new)
    doc = parse_strict(name, data)
    check_head(name, doc)
    body = check_body(name, doc)
    secs = sections(body)
    want = ["Snapshots", "Version gate", "Summary"] + (["Changes"] if diff["entries"] else [])
    check(list(secs) == want, "%s: sections %r, want %r" % (name, list(secs), want))
    dets = secs["Changes"].findall("details") if "Changes" in secs else []
    check(len(dets) == len(diff["entries"]), "%s: %d sections for %d changed entries"
          % (name, len(dets), len(diff["entries"])))
    for det, e in zip(dets, diff["entries"]):
        check_entry(name, det, e)
    meta = {text_of(tr.find("th")): cells(tr) for tr in rows(secs["Snapshots"].find("table"))}
    for m in diff["metadata"]:
        row = [r for k, r in meta.items() if k.endswith(m["field"])]
        check(len(row) == 1 and row[0][1:3] == [escape_controls(m["old"]), escape_controls(m["new"])]
              and row[0][3].startswith("\u2260"), "%s: metadata %s: %r" % (name, m["field"], row))
    check(text_of(body.find("header")).find("different" if not diff["same"] else "same") >= 0,
          name + ": the verdict in the header")
    check_no_secrets(name, "page bytes", data.decode(), values)
    check_no_secrets(name, "page text", text_of(doc), values)
    return path


def run_parse(env):
    values = secret_values(env.source)
    for name, old, new in env.pairs():
        check_pair(env, name, old, new, values)
    # The 2.5 MB XML with 3 changed lines gives a page of a few kilobytes.
    _, data, _ = env.report("big", *[p for n, *p in env.pairs() if n == "big-xml-three-lines"][0])
    check(len(data) < 40000, "big-xml-three-lines: a page of %d bytes" % len(data))


# --- browser --------------------------------------------------------------------------------
def chromium(env, page, out_args):
    profile = tempfile.mkdtemp(prefix="profile-", dir=env.tmp)
    args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=" + profile, "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND"]
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        args = ["unshare", "-rn"] + args
    r = subprocess.run(args + out_args + ["file://" + os.path.abspath(page)],
                       capture_output=True, timeout=120)
    check(r.returncode == 0, "chromium exit %d: %s" % (r.returncode, r.stderr[-500:]))
    return r.stdout.decode()


def run_browser(env):
    values = secret_values(env.source)
    for name, old, new in env.pairs():
        if name not in ("change-board", "report-hostile", "setting-changed", "secrets",
                        "big-xml-three-lines"):
            continue
        page, _, diff = env.report(name, old, new)
        dom = chromium(env, page, ["--dump-dom"])
        doc = html5lib.parse(dom, treebuilder="etree", namespaceHTMLElements=False)
        text = text_of(doc.find("body"))
        check(len(text) > 200, "%s: chromium rendered %d characters" % (name, len(text)))
        for e in diff["entries"]:
            check(escape_controls(e["name"]) in text, "%s: %s not in the page" % (name, e["name"]))
            for c in e.get("changes", []):
                check(escape_controls(c["path"]) in text, "%s: %s not in the page" % (name, c["path"]))
            for p in e.get("properties", []):
                check(escape_controls(p["key"]) in text, "%s: %s not in the page" % (name, p["key"]))
            for h in e.get("hunks", []):
                for line in h["lines"]:
                    if line[0] in "+-":
                        check(escape_controls(line[1:]) in text,
                              "%s: line %r not in the page" % (name, line))
        check(not list(doc.iter("script")), name + ": a script element in the rendered DOM")
        check_no_secrets(name, "rendered DOM", dom, values)
        if name == "report-hostile":
            title = text_of(doc.find("head/title"))
            check(title.startswith("Configuration diff: ") and "pwned" not in title,
                  "hostile: the title is %r (a script ran?)" % title)
            for shown in ("kerberos/<script>alert(1)</script>.txt",
                          "old </title><script>alert(3)</script>",
                          "new \"quoted\" 'single' &amp; <b>bold</b>"):
                check(shown in text, "hostile: %r is not shown as text" % shown)


def main():
    mode, ssosnap, source = sys.argv[1:4]
    env = Env(os.path.abspath(ssosnap), os.path.abspath(source))
    {"parse": run_parse, "browser": run_browser}[mode](env)
    subprocess.run(["rm", "-rf", env.tmp])
    if FAILURES:
        print("%d failures" % len(FAILURES), file=sys.stderr)
        return 1
    print("ok: " + mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
