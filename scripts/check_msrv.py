#!/usr/bin/env python3
"""Check that the workspace's `rust-version` (its MSRV) is true, without a second toolchain.

Why this check and not a build with the declared version: the machines this project runs
on have exactly one toolchain (rustup's current stable) and reach only crates.io, PyPI,
Debian and npm, so `rustup toolchain install 1.90` cannot run. What can be checked offline
is what the MSRV is made of:

1. Every locked dependency in the build graph — the normal, build and dev dependencies of
   the two workspace packages, and the normal and build dependencies of those, on every
   target platform (the lock file is shared by all of them) — declares the oldest Rust it
   builds with as its own `rust-version`. The workspace cannot build with an older Rust
   than the highest of these, so the declared `rust-version` must be at least that. The
   script prints the highest and the packages that need it, and fails when the declared
   one is lower.
2. Both workspace packages declare the same `rust-version` (they inherit it).
3. The running `rustc` is not older than the declared `rust-version`.

What this does not catch: our own code using a standard-library API or language feature
newer than the declared version (`clippy::incompatible_msrv` covers the std APIs, and
clippy reads `rust-version` from Cargo.toml, so the CI's clippy step checks those), and a
dependency whose declared `rust-version` is itself wrong.

Usage:  python3 scripts/check_msrv.py        (from anywhere in the repository)
Exit:   0 the declared MSRV holds, 1 it does not, 2 cargo metadata or rustc failed.
"""
import json
import subprocess
import sys


def version(text):
    """'1.90' or '1.88.0' as a comparable tuple (1, 90, 0)."""
    parts = [int(p) for p in text.split("-")[0].split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def show(v):
    return ".".join(str(p) for p in v)


def run(args):
    try:
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        stderr = getattr(e, "stderr", "") or ""
        print(f"check_msrv: `{' '.join(args)}` failed: {e}\n{stderr}".rstrip(), file=sys.stderr)
        sys.exit(2)


def main():
    # --locked: the versions checked are the ones Cargo.lock pins, and a stale lock fails.
    metadata = json.loads(run(["cargo", "metadata", "--format-version", "1", "--locked"]))
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    members = metadata["workspace_members"]

    declared = {packages[m]["name"]: packages[m]["rust_version"] for m in members}
    if None in declared.values() or len(set(declared.values())) != 1:
        print(f"check_msrv: the workspace packages must all declare one rust-version: {declared}")
        return 1
    msrv = version(next(iter(declared.values())))

    # Walk the resolved graph from the workspace packages. Dev dependencies count only for
    # the workspace's own packages: a dependency's dev dependencies are never built here.
    seen = set()
    stack = [(m, True) for m in members]
    while stack:
        node_id, is_member = stack.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        for dep in nodes[node_id]["deps"]:
            kinds = {k["kind"] for k in dep["dep_kinds"]}
            if is_member or kinds & {None, "build"}:
                stack.append((dep["pkg"], dep["pkg"] in members))

    needs = {}
    undeclared = 0
    for node_id in seen - set(members):
        package = packages[node_id]
        if package["rust_version"] is None:
            undeclared += 1
            continue
        needs.setdefault(version(package["rust_version"]), []).append(
            f"{package['name']} {package['version']}"
        )
    highest = max(needs) if needs else (1, 0, 0)

    rustc = run(["rustc", "--version"]).split()[1]
    print(f"declared rust-version: {show(msrv)} ({', '.join(sorted(declared))})")
    print(
        f"locked dependencies in the build graph: {len(seen) - len(members)} "
        f"({undeclared} declare no rust-version)"
    )
    for v in sorted(needs, reverse=True)[:3]:
        print(f"  needs {show(v)}: {', '.join(sorted(needs[v]))}")
    print(f"running rustc: {rustc}")

    failed = False
    if msrv < highest:
        print(
            f"check_msrv: rust-version {show(msrv)} is below what the locked dependencies need "
            f"({show(highest)}: {', '.join(sorted(needs[highest]))}); raise rust-version in "
            "the workspace Cargo.toml, or lock older versions of those crates"
        )
        failed = True
    if version(rustc) < msrv:
        print(
            f"check_msrv: rustc {rustc} is older than the declared rust-version {show(msrv)}; "
            "install a newer toolchain (rustup update)"
        )
        failed = True
    if not failed:
        print(f"ok: rust-version {show(msrv)} >= {show(highest)}, the highest any locked dependency needs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
