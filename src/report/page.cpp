#include "report/page.hpp"

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "report/escape.hpp"

namespace ssosnap::report
{
namespace
{

// Colour always comes with a marker (+, −, ~, ✓, ✗) or a word, never alone. The print rules
// show every section's contents, closed or not, on white paper. Text hunks come twice, unified
// (table.uni) and side by side (table.sbs): a screen at least 60rem wide shows the side-by-side
// one, narrower screens and paper the unified one; no script needed to choose.
constexpr std::string_view k_style = R"CSS(
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;
--head:#f6f8fa;--add:#dafbe1;--add-fg:#116329;--del:#ffebe9;--del-fg:#a40e26;--hunk:#ddf4ff;
--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--line:#3d444d;--head:#151b23;--add:#12361f;--add-fg:#7ee787;--del:#3c1618;--del-fg:#ffa198;
--hunk:#121d2f;--ok:#3fb950;--warn:#d29922;--bad:#f85149}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:80rem;padding:1.5rem;background:var(--bg);color:var(--fg);
font:15px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;
border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1rem;margin:0;display:inline}
code,.mono,td.tx,td.v{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;
font-size:13px}
.sub{color:var(--muted);margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top}
thead th,tbody th{background:var(--head)}
td{overflow-wrap:anywhere}
td.v,td.tx{white-space:pre-wrap}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-weight:600;padding:.5rem .75rem;border-left:.3rem solid var(--line);
background:var(--head)}
.ok{border-left-color:var(--ok)}.warn{border-left-color:var(--warn)}
.bad{border-left-color:var(--bad)}
details{border:1px solid var(--line);border-radius:6px;margin:.6rem 0}
summary{cursor:pointer;padding:.4rem .75rem;background:var(--head);border-radius:6px}
details[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
details>div{padding:.5rem .75rem}
.st{display:inline-block;min-width:6.5em;font-weight:600}
.kind{color:var(--muted)}
tr.add>td,td.add,span.add{background:var(--add)}tr.del>td,td.del,span.del{background:var(--del)}
tr.add>td.mk,td.mk.add,span.add{color:var(--add-fg)}tr.del>td.mk,td.mk.del,span.del{color:var(--del-fg)}
td.none{background:var(--head)}
td.mk{width:1.6em;text-align:center;font-weight:700}
.diff td.ln{width:4.5em;text-align:right;color:var(--muted);font-variant-numeric:tabular-nums}
.diff{table-layout:fixed}.diff col.ln{width:4.5em}.diff col.mk{width:2em}
tr.hunk>td{background:var(--hunk);color:var(--muted)}
table.sbs{display:none}
@media screen and (min-width:60rem){table.uni{display:none}table.sbs{display:table}}
td.old{background:var(--del)}td.new{background:var(--add)}
.counts td.n{width:8em}
ul.toc{columns:2 24rem;padding-left:1.2rem}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#999;--head:#eee;--add:#e6f4ea;
--del:#fce8e6;--hunk:#eef;--add-fg:#000;--del-fg:#000}
body{max-width:none;padding:0;font-size:10pt}summary{cursor:auto}
details{break-inside:auto;border-color:#999}
details::details-content{content-visibility:visible;display:block}
thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}}
)CSS";

}  // namespace

std::string_view style_sheet()
{
    return k_style;
}

std::string style_hash_source(std::string_view style)
{
    core::Sha256 sha;
    sha.update(style);
    const auto digest = sha.digest();
    const std::string bytes(digest.begin(), digest.end());
    return "'sha256-" + core::base64_encode(bytes) + "'";
}

std::string content_security_policy()
{
    return "default-src 'none'; style-src " + style_hash_source(k_style) +
           "; base-uri 'none'; form-action 'none'";
}

std::string page_head(std::string_view title)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + content_security_policy() +
           "\">\n";
    out += "<meta name=\"referrer\" content=\"no-referrer\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"color-scheme\" content=\"light dark\">\n<title>";
    append_html(out, title);
    out += "</title>\n<style>";
    out += k_style;
    out += "</style>\n</head>\n<body>\n";
    return out;
}

std::string_view page_tail()
{
    return "</body>\n</html>\n";
}

}  // namespace ssosnap::report
