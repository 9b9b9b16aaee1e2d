"""``make identity BASE=ref``: prove that the working tree codes every gold file and the seed
exactly as git revision ``ref`` does (a speed change must not change the output).

The base revision is unpacked with ``git archive`` into a temporary folder (the working tree is
left alone), both trees write a snapshot (``benchmarks/snapshot.py``: the library's JSONL of
every gold suite and the seed, ``dyad code`` and ``dyad eval`` as printed), each with a cache
folder of its own, and the files are compared byte for byte. Prints one line per file and, for
a file that differs, the documents whose records differ; exit 1 when any file differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def unpack(ref: str, into: Path) -> Path:
    """The tree of ``ref`` (``git archive``), unpacked under ``into``."""
    archive = into / "base.tar"
    subprocess.run(["git", "archive", "-o", str(archive), ref], cwd=ROOT, check=True)
    tree = into / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def snapshot(tree: Path, out: Path, shared: str, cache: Path) -> None:
    """Run ``tree``'s snapshot script with ``tree``'s own package first on the path."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "DYAD_CACHE_DIR": str(cache)}
    command = [sys.executable, "benchmarks/snapshot.py", str(out), "--shared", shared]
    subprocess.run(command, cwd=tree, env=env, check=True)


def differing_documents(base: Path, new: Path) -> list[str]:
    """The ids of the JSONL records that differ between two snapshot files (line by line)."""
    old_lines = base.read_text(encoding="utf-8").splitlines()
    new_lines = new.read_text(encoding="utf-8").splitlines()
    out = [_doc_id(b or a) for a, b in zip(old_lines, new_lines, strict=False) if a != b]
    if len(old_lines) != len(new_lines):
        out.append(f"({len(old_lines)} lines before, {len(new_lines)} after)")
    return out


def _doc_id(line: str) -> str:
    try:
        return str(json.loads(line).get("doc_id", "?"))
    except (json.JSONDecodeError, AttributeError):
        return line[:60]


def compare(base: Path, new: Path) -> bool:
    """Print one line per snapshot file; True when every file is the same."""
    same = True
    for name in sorted({p.name for p in (*base.iterdir(), *new.iterdir())}):
        old, now = base / name, new / name
        if not old.is_file() or not now.is_file():
            print(f"{name}: only in {'base' if old.is_file() else 'working tree'}")
            same = False
        elif old.read_bytes() == now.read_bytes():
            print(f"{name}: identical ({len(now.read_bytes().splitlines())} lines)")
        else:
            docs = differing_documents(old, now)
            print(f"{name}: DIFFERS in {len(docs)} record(s): {', '.join(docs[:20])}")
            same = False
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", default="main", help="git revision to compare with (main)")
    parser.add_argument("--shared", default=os.environ.get("DYAD_SHARED", "../shared"))
    parser.add_argument("--keep", type=Path, help="write both snapshots under this folder")
    args = parser.parse_args(argv)
    shared = str(Path(args.shared).resolve())
    with tempfile.TemporaryDirectory(prefix="dyad-identity-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        base_tree = unpack(args.base, Path(scratch))
        snapshot(base_tree, work / "base", shared, Path(scratch) / "cache-base")
        snapshot(ROOT, work / "new", shared, Path(scratch) / "cache-new")
        same = compare(work / "base", work / "new")
    print(f"identity with {args.base}: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
