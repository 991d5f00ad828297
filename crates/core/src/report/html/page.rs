//! The page's fixed parts: the head with its inline CSS, and the few lines of inline
//! script that light up a concept's evidence spans.
//!
//! Constant text only: it must not hold anything from answers or the bank, or link an
//! external resource (the page works offline).

pub(super) const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>anscov report</title>
<style>
:root { --covered: #1a7f37; --covered-bg: #dafbe1; --mentioned: #9a6700; --mentioned-bg: #fff8c5; --negated: #8250df; --negated-bg: #fbefff; --missed: #cf222e; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62rem; margin: 0 auto; padding: 1rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.2rem; margin: .2rem 0; overflow-wrap: anywhere; } h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
a { color: #0969da; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pass, .up { color: var(--covered); } .fail, .down { color: var(--missed); } .unclear, .scored { color: var(--muted); }
.tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 1rem; border: 1px solid currentColor; vertical-align: middle; white-space: nowrap; }
.guess { color: #9a6700; }
section.answer { border-top: 3px solid var(--line); margin-top: 1.5rem; padding-top: .5rem; }
.question { color: var(--muted); margin: .2rem 0 .6rem; }
.bar { display: inline-block; width: 6rem; height: .6rem; background: #eaeef2; border-radius: .3rem; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2da44e; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); border-radius: .4rem; padding: .6rem .8rem; background: #f6f8fa; font-size: .95rem; }
mark { border-radius: .2rem; padding: 0 .1rem; color: inherit; }
mark.covered { background: var(--covered-bg); box-shadow: inset 0 -2px var(--covered); }
mark.mentioned { background: var(--mentioned-bg); box-shadow: inset 0 -2px var(--mentioned); }
mark.negated { background: var(--negated-bg); box-shadow: inset 0 -2px var(--negated); }
mark.on { outline: 3px solid #0969da; outline-offset: 1px; }
.filler { text-decoration: underline wavy #bf8700; text-underline-offset: 3px; }
.pause { color: var(--muted); font-size: .8rem; border: 1px dashed var(--muted); border-radius: .3rem; padding: 0 .25rem; white-space: nowrap; }
ul.concepts { list-style: none; padding: 0; margin: .4rem 0; }
ul.concepts li { padding: .3rem .4rem; border-left: 4px solid var(--line); margin: .25rem 0; border-radius: .2rem; }
ul.concepts li[data-for] { cursor: pointer; }
ul.concepts li.on { background: #ddf4ff; }
li.covered { border-left-color: var(--covered) !important; } li.mentioned { border-left-color: var(--mentioned) !important; } li.negated { border-left-color: var(--negated) !important; } li.missed { border-left-color: var(--missed) !important; }
.status { font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; margin-right: .3rem; }
li.covered .status { color: var(--covered); } li.mentioned .status { color: var(--mentioned); } li.negated .status { color: var(--negated); } li.missed .status { color: var(--missed); }
.hint, .sample, .note { color: var(--muted); font-size: .9rem; display: block; }
.sample::before { content: "Sample answer: "; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: .6rem 1.5rem; align-items: flex-start; }
.figures > div { min-width: 14rem; flex: 1 1 14rem; }
svg { max-width: 100%; height: auto; display: block; }
.legend span { margin-right: .8rem; font-size: .85rem; white-space: nowrap; }
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 15px; }
  table.overview thead { display: none; }
  table.overview tr { display: block; border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.overview td { display: inline-block; border: 0; padding: .1rem .5rem .1rem 0; text-align: left; }
  table.overview td:first-child { display: block; }
  table.overview td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-size: .8rem; }
  table.overview td.empty { display: none; }
}
.legend i { display: inline-block; width: .8rem; height: .8rem; border-radius: .2rem; vertical-align: -1px; margin-right: .25rem; }
</style>
</head>
<body>
<h1>anscov report</h1>
"#;

pub(super) const SCRIPT: &str = r#"<script>
(function () {
  var items = document.querySelectorAll("li[data-for]");
  function set(item, on) {
    var id = item.getAttribute("data-for");
    item.classList.toggle("on", on);
    document.querySelectorAll('mark[data-c="' + id + '"]').forEach(function (m) { m.classList.toggle("on", on); });
  }
  items.forEach(function (item) {
    item.addEventListener("mouseenter", function () { set(item, true); });
    item.addEventListener("mouseleave", function () { if (!item.dataset.pinned) set(item, false); });
    item.addEventListener("focus", function () { set(item, true); });
    item.addEventListener("blur", function () { if (!item.dataset.pinned) set(item, false); });
    item.addEventListener("click", function () {
      var pinned = !item.dataset.pinned;
      if (pinned) { item.dataset.pinned = "1"; } else { delete item.dataset.pinned; }
      set(item, pinned);
      var first = document.querySelector('mark[data-c="' + item.getAttribute("data-for") + '"]');
      if (pinned && first && first.scrollIntoView) { first.scrollIntoView({ block: "nearest" }); }
    });
  });
})();
</script>
"#;
