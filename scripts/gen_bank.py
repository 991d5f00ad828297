#!/usr/bin/env python3
"""Writes a bank folder of N generated questions, for measuring how bank size costs time and
memory (docs/limits.md "Bank size"). Each question has a corpus file (id, slug, question,
guidance, a five-sentence sample answer) and, unless --no-rubrics, a rubric of 10 concepts,
each with 4 alternatives and a 12-word description: the on-disk layout of the embedded bank
(corpus/*.toml, rubrics/*.toml; docs/bank.md). Words and sentences come from the embedded
bank's own corpus/ and rubrics/, so descriptions and answers read like real ones. The bank
loads and scores; it is not lint-clean (`bank lint` reports sample answers that miss their
random required concept), which does not matter for measuring size.

Deterministic: the same N, seed and repository give the same bytes. Python 3.11+, stdlib
only. It must not write anywhere but OUT (created; refused if it already holds a corpus/).

    python3 scripts/gen_bank.py 100000 /tmp/bank100k
    anscov score --bank /tmp/bank100k --max-bank-questions 200000 one-answer.md
"""
import argparse
import json
import pathlib
import random
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONCEPTS = 10
ALTERNATIVES = 4
DESCRIPTION_WORDS = 12


def material():
    """Vocabulary (words of 4+ letters), sample-answer sentences and alternatives of the
    embedded bank."""
    vocabulary, sentences, alternatives = set(), [], []
    for path in sorted((ROOT / "corpus").glob("*.toml")):
        q = tomllib.loads(path.read_text(encoding="utf-8"))
        sample = q.get("sample_answer", "")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", sample) if s.strip()]
        for text in (sample, q.get("guidance", ""), q["question"]):
            vocabulary.update(w.lower() for w in re.split(r"[^\w]|\d|_", text) if len(w) >= 4)
    for path in sorted((ROOT / "rubrics").glob("*.toml")):
        r = tomllib.loads(path.read_text(encoding="utf-8"))
        for c in r.get("concept", []):
            alternatives += c.get("alternatives", [])
            vocabulary.update(w.lower() for w in re.split(r"[^\w]|\d|_", c.get("description", "")) if len(w) >= 4)
    return sorted(vocabulary), sentences, alternatives


def toml_string(s):
    # A TOML basic string: JSON's escapes (\" \\ \n \uXXXX) are all valid TOML.
    return json.dumps(s, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=int, help="number of questions (N)")
    parser.add_argument("out", type=pathlib.Path, help="bank folder to create")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--no-rubrics", action="store_true", help="corpus files only (rubrics derived at load)")
    args = parser.parse_args()
    if (args.out / "corpus").exists():
        sys.exit(f"gen_bank.py: {args.out}/corpus already exists; remove it or choose another folder")
    vocabulary, sentences, alternatives = material()
    rng = random.Random(args.seed)

    def words(n):
        return " ".join(rng.choice(vocabulary) for _ in range(n))

    corpus_dir, rubric_dir = args.out / "corpus", args.out / "rubrics"
    corpus_dir.mkdir(parents=True)
    if not args.no_rubrics:
        rubric_dir.mkdir()
    for qi in range(args.questions):
        qid, slug = f"g{qi:06}", f"generated-{qi:06}"
        question = f"How would you approach {words(3)} for {words(2)}?"
        guidance = f"Employers ask this to see how you weigh {words(4)}. Cover {words(6)}."
        sample = " ".join(
            " ".join(rng.choice(vocabulary) if rng.random() < 0.3 else w for w in rng.choice(sentences).split())
            for _ in range(5)
        )
        (corpus_dir / f"{qid}-{slug}.toml").write_text(
            f"id = {toml_string(qid)}\nslug = {toml_string(slug)}\nquestion = {toml_string(question)}\n\n"
            f"guidance = {toml_string(guidance)}\n\nsample_answer = {toml_string(sample)}\n",
            encoding="utf-8",
        )
        if args.no_rubrics:
            continue
        lines = [f"question = {toml_string(qid)}\n"]
        for ci in range(CONCEPTS):
            label = words(2)
            alts = [label, rng.choice(alternatives)] + [words(rng.randint(1, 3)) for _ in range(ALTERNATIVES - 2)]
            lines.append(
                f"\n[[concept]]\nid = \"c{ci:02}\"\nlabel = {toml_string(label.capitalize())}\nweight = 1.0\n"
                f"required = {'true' if ci == 0 else 'false'}\nhint = {toml_string(f'Mention {label}.')}\n"
                f"description = {toml_string(words(DESCRIPTION_WORDS))}\n"
                f"alternatives = [{', '.join(toml_string(a) for a in alts)}]\n"
            )
        (rubric_dir / f"{qid}.toml").write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
