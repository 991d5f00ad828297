#!/usr/bin/env python3
"""Derives assets/minilm-static/neighbours.tsv from vectors.bin: for every stem, its
nearest stems by cosine (at least MIN_COSINE, at most TOP of them). anscov embeds the
neighbour table, not the vectors: a concept's description words are widened to their
near-synonyms when the bank is compiled ("outage" ~ "downtime", "cost" ~ "expense"), at
no per-answer cost. Deterministic: same vectors.bin, same bytes.

    python3 scripts/build_neighbours.py      # needs numpy
"""
import pathlib
import struct

import numpy as np

MIN_COSINE = 0.60
TOP = 6
HERE = pathlib.Path(__file__).resolve().parent.parent / "assets" / "minilm-static"


def load():
    data = (HERE / "vectors.bin").read_bytes()
    assert data[:6] == b"ANSV1\0", "not an ANSV1 file"
    count, = struct.unpack("<I", data[6:10])
    dim, = struct.unpack("<H", data[10:12])
    offset = 12
    stems, vectors = [], np.zeros((count, dim), np.float32)
    for i in range(count):
        length = data[offset]
        offset += 1
        stems.append(data[offset:offset + length].decode())
        offset += length
        vectors[i] = np.frombuffer(data[offset:offset + dim], np.int8)
        offset += dim
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return stems, vectors


def main():
    stems, vectors = load()
    lines = []
    for start in range(0, len(stems), 1024):
        block = vectors[start:start + 1024] @ vectors.T
        for row, cosines in enumerate(block):
            i = start + row
            cosines[i] = -1.0
            order = np.argsort(-cosines, kind="stable")[:TOP]
            near = [(stems[j], cosines[j]) for j in order if cosines[j] >= MIN_COSINE]
            if near:
                lines.append(stems[i] + "\t" + "\t".join(f"{s} {c:.2f}" for s, c in near))
    (HERE / "neighbours.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} stems with neighbours, {sum(l.count(chr(9)) for l in lines)} pairs")


if __name__ == "__main__":
    main()
