#!/usr/bin/env python3
"""What many users would write instead of anscov: scikit-learn TF-IDF cosine between each
answer and its question's sample answer. Not part of the test suite; a comparison for
docs/performance.md.

    anscov bench --emit-jsonl /tmp/answers.jsonl --answers 50000
    python3 benches/tfidf_baseline.py /tmp/answers.jsonl [--runs 3]

It reads the bank's sample answers from corpus/*.toml, reads the JSONL, vectorises, scores
each answer against its question's sample, and writes one JSON line per answer to
/dev/null: the same read → score → JSONL-out shape as `anscov score FILE -f jsonl`. It
reports answers/s (median of --runs), single process, as such a script would run. It says
nothing about concepts, evidence or misses: it is a speed yardstick only.
"""
import argparse
import json
import os
import statistics
import sys
import time
import tomllib

from sklearn.feature_extraction.text import TfidfVectorizer


def load_samples(root):
    samples = {}
    corpus = os.path.join(root, "corpus")
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".toml"):
            with open(os.path.join(corpus, name), "rb") as f:
                q = tomllib.load(f)
            samples[q["id"]] = q.get("sample_answer", "")
    return samples


def run(path, samples):
    start = time.perf_counter()
    ids, questions, texts = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                ids.append(record.get("id"))
                questions.append(record.get("question"))
                texts.append(record["text"])
    order = sorted(samples)
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    vectorizer.fit(texts + [samples[q] for q in order])
    answers = vectorizer.transform(texts)
    sample_vectors = vectorizer.transform([samples[q] for q in order])
    row_of = {q: i for i, q in enumerate(order)}
    # Rows are L2-normalised, so the row-wise dot product with the matching sample is the
    # cosine (vectorised: indexing a sparse matrix element by element is 30x slower).
    rows = [row_of.get(q, 0) for q in questions]
    sims = answers.multiply(sample_vectors[rows]).sum(axis=1).A1
    with open(os.devnull, "w") as out:
        for answer_id, q, sim in zip(ids, questions, sims):
            sim = float(sim) if q in row_of else 0.0
            out.write(json.dumps({"id": answer_id, "question": q, "similarity": round(sim, 3)}) + "\n")
    return len(texts), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("jsonl")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bank", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    samples = load_samples(args.bank)
    times = []
    n = 0
    for _ in range(max(1, args.runs)):
        n, elapsed = run(args.jsonl, samples)
        times.append(elapsed)
    median = statistics.median(times)
    result = {"answers": n, "runs": len(times), "median_s": round(median, 3), "answers_per_sec": round(n / median)}
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
