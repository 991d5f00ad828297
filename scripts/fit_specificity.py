#!/usr/bin/env python3
"""Refit the specificity model (src/specificity.rs) from the tuning halves.

What it does, step by step:

1. Scores the tuning halves (tests/eval/blind-a.jsonl, dev-a.jsonl, blind-c-a.jsonl) and
   the held-out halves (blind-b, dev-b, blind-c-b) with the anscov binary, every answer
   against its labelled question.
2. Takes every concept some signal found (status covered or mentioned) in a prose answer
   (bare keyword lists left out: they are judged by the list rule) as one example, labelled
   1 when the interviewer credited it. Its features are the *answer's* rates per 100 words
   (over at least RATE_MIN_WORDS, read from src/specificity.rs) of the marks the analyzer
   counts: numbers, connectors, aspiration words, list commas (between two words that are
   not stopwords, negations or clause breakers) and generic-talk words (the word lists are
   read from src/analyzer.rs, so they cannot drift). The bank's 24 sample answers are
   added once each as positives.
3. Fits a logistic regression (scikit-learn, C = 1, features standardised, weights folded
   back to raw rates) and prints the constants for src/specificity.rs.
4. Prints, per threshold, the share of credited concepts each set keeps covered and the
   sample answers that read as talk. THRESHOLD itself is chosen with `anscov eval` on a
   grid (see its comment in src/specificity.rs): the tuning halves' prose Spearman, ties
   broken by tests/eval/graded-sre.jsonl. Held-out columns are for reporting only.

The marks are recounted here with a regex tokenizer, not the Rust analyzer (UAX #29); on
the current data the refit reproduces the shipped weights to about +-0.02.

Usage:  cargo build --release && python3 scripts/fit_specificity.py
Needs:  numpy, scikit-learn.
"""
import glob
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "anscov"
TUNING = ["blind-a", "dev-a", "blind-c-a"]
HELD_OUT = ["blind-b", "dev-b", "blind-c-b"]
LIST_STYLES = {"keywords", "keyword-list"}
NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion".split()
)


def word_list(name):
    """A `pub const NAME: &[&str] = &[...]` list from src/analyzer.rs."""
    source = (ROOT / "src" / "analyzer.rs").read_text()
    body = re.search(r"const %s: &\[&str\] = &\[(.*?)\];" % name, source, re.S).group(1)
    return set(re.findall(r'"([^"]+)"', body))


CONNECTORS, ASPIRATION, GENERIC = (word_list(n) for n in ("CONNECTORS", "ASPIRATION", "GENERIC"))
RATE_MIN_WORDS = int(re.search(r"const RATE_MIN_WORDS: u32 = (\d+);", (ROOT / "src" / "specificity.rs").read_text()).group(1))
NOT_CONTENT = word_list("STOPWORDS") | word_list("NEGATIONS") | word_list("CLAUSE_BREAKERS")


def list_commas(text):
    """Commas between two content words, as the analyzer counts them."""
    words = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9'’%]*", text))
    count = 0
    for before, after in zip(words, words[1:]):
        commas = text[before.end():after.start()].count(",")
        if commas and before.group().lower() not in NOT_CONTENT and after.group().lower() not in NOT_CONTENT:
            count += commas
    return count


def features(text):
    words = [w.lower().rstrip(".") for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9'’%.]*", text)]
    numbers, previous_was_number = 0, False
    for w in words:
        is_number = w[0].isdigit() or w in NUMBER_WORDS
        # "twenty eight" is one number, as the analyzer counts it.
        if is_number and not (previous_was_number and not w[0].isdigit()):
            numbers += 1
        previous_was_number = is_number
    commas = list_commas(text)
    counts = [
        numbers,
        sum(w in CONNECTORS for w in words),
        sum(w in ASPIRATION for w in words),
        commas,
        sum(w in GENERIC for w in words),
    ]
    return np.array(counts, float) * 100.0 / max(RATE_MIN_WORDS, len(words))


def examples(name):
    lines = [json.loads(l) for l in open(ROOT / "tests" / "eval" / f"{name}.jsonl") if l.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for i, line in enumerate(lines):
            f.write(json.dumps({"id": str(i), "question": line["question"], "text": line["text"]}) + "\n")
    out = subprocess.run([str(BINARY), "score", "--format", "json", "--quiet", f.name], capture_output=True, check=True)
    X, y = [], []
    for answer in json.loads(out.stdout)["answers"]:
        line = lines[int(answer["id"])]
        if line.get("style") in LIST_STYLES:
            continue
        f = features(line["text"])
        for concept in answer["concepts"]:
            if concept["status"] in ("covered", "mentioned"):
                X.append(f)
                y.append(concept["id"] in line.get("covered", []))
    return np.array(X), np.array(y)


def main():
    if not BINARY.exists():
        sys.exit(f"{BINARY} not found: run `cargo build --release` first")
    sets = {name: examples(name) for name in TUNING + HELD_OUT}
    sample_paths = [pathlib.Path(p) for p in sorted(glob.glob(str(ROOT / "corpus" / "*.toml")))]
    samples = [features(tomllib.load(open(p, "rb"))["sample_answer"]) for p in sample_paths]
    X = np.vstack([sets[n][0] for n in TUNING] + [np.array(samples)])
    y = np.concatenate([sets[n][1] for n in TUNING] + [np.ones(len(samples), bool)])
    mean, sd = X.mean(0), X.std(0) + 1e-9
    model = LogisticRegression(C=1.0).fit((X - mean) / sd, y)
    weights = model.coef_[0] / sd
    bias = model.intercept_[0] - (model.coef_[0] * mean / sd).sum()
    for name, w in zip(["BIAS", "NUMBERS", "CONNECTORS", "ASPIRATION", "COMMAS", "GENERIC"], [bias, *weights]):
        print(f"const {name}: f64 = {w:.3f};")
    score = lambda X: X @ weights + bias
    for name, (Xs, ys) in sets.items():
        print(f"ROC-AUC {name}: {roc_auc_score(ys, score(Xs)):.3f}")
    sample_scores = score(np.array(samples))
    print("threshold  " + "  ".join(f"{n:>9}" for n in sets) + "   (share of credited concepts kept covered; sample answers read as talk)")
    for threshold in np.arange(1.0, -1.01, -0.25):
        kept = [(score(Xs)[ys] > threshold).mean() for Xs, ys in sets.values()]
        talk = [p.stem[:3] for p, s in zip(sample_paths, sample_scores) if s <= threshold]
        print(f"{threshold:9.2f}  " + "  ".join(f"{k:9.3f}" for k in kept) + "   " + " ".join(talk))


if __name__ == "__main__":
    main()
