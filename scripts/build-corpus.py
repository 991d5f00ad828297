#!/usr/bin/env python3
"""Builds corpus/qNN-slug.toml from the seed document.

The seed's wording is the source of truth: question, guidance and sample answer are copied
verbatim (only the "Answer Example:" label and the quotes around the answer are dropped).
Run: python3 scripts/build-corpus.py ../shared/seed/head-of-infrastructure-interview-questions.txt
"""
import pathlib, sys

SLUGS = [
    "first-year-roadmap", "multi-tenant-saas-architecture", "iac-and-gitops",
    "slos-and-incident-response", "cloud-cost-reduction", "soc2-readiness", "major-outage",
    "ci-cd-pipeline", "kubernetes-decision", "disaster-recovery", "negotiating-with-product",
    "building-the-team", "30-60-90-days", "decisions-under-uncertainty",
    "developer-experience", "build-vs-buy", "capacity-planning", "secrets-and-access",
    "migration-risk", "communicating-trade-offs", "staying-current", "sustainable-on-call",
    "reliability-culture", "why-this-startup",
]

def main(seed: str, out: str) -> None:
    lines = [l.rstrip("\n") for l in open(seed, encoding="utf-8")]
    blocks, cur = [], []
    start = lines.index("-") + 1
    for line in lines[start:]:
        if line.startswith("Help us improve this answer."):
            blocks.append(cur); cur = []
        elif line.strip():
            cur.append(line)
    assert len(blocks) == 24, len(blocks)
    for n, (block, slug) in enumerate(zip(blocks, SLUGS), 1):
        question, guidance, answer = block
        prefix = "Answer Example: "
        assert answer.startswith(prefix)
        answer = answer[len(prefix):].strip()
        if answer.startswith('"') and answer.endswith('"'):
            answer = answer[1:-1]
        for text in (question, guidance, answer):
            assert "'''" not in text
        qid = f"q{n:02d}"
        body = (f"id = \"{qid}\"\nslug = \"{slug}\"\nquestion = '''{question}'''\n\n"
                f"guidance = '''{guidance}'''\n\nsample_answer = '''{answer}'''\n")
        pathlib.Path(out, f"{qid}-{slug}.toml").write_text(body, encoding="utf-8")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "corpus")
