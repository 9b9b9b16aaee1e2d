"""``make snapshot OUT=dir``: code every gold file and the seed, one output file each, to prove
that a change leaves dyad's output byte for byte the same (``diff -r`` two snapshot folders).

Library side (one :class:`dyad.Coder`, records as ``dyad code --format jsonl`` prints them):
``dev.jsonl`` (dyad's own gold), ``petr.jsonl`` (PETR-2 GSR validation XML), ``codebook.jsonl``
(the CAMEO codebook's examples), ``plover.jsonl`` (the PLOVER gold records) and ``seed.jsonl``
(the seed article, published 2025-05-06). Command-line side (``dyad`` run as a subprocess):
``seed_cli.jsonl`` and ``dev_cli.jsonl`` from ``dyad code ... --quiet`` and ``eval.txt`` from
``dyad eval`` on the dev gold and the three peer suites.

The gold files and the seed are read from ``--shared DIR`` (else ``$DYAD_SHARED``, else
``../shared``), never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dyad import DocumentResult

SEED_NAME = "seeds/000_bc9f64f74030027a.txt"
SEED_PUBLISHED = "2025-05-06"
GOLD = {
    "dev": "gold/dev.jsonl",
    "petr": "peers/UniversalPetrarch/UniversalPetrarch/data/text/PETR2_GSR_validation.xml",
    "codebook": "peers/icews/data-raw/cameo-codes.csv",
    "plover": "peers/PLOVER/gold_standard_records/PLOVER_GSR_CAMEO.txt",
}


def shared_folder(given: str | None) -> Path:
    """The shared folder, resolved (the seed's document id is its absolute path)."""
    folder = Path(given or os.environ.get("DYAD_SHARED") or "../shared").resolve()
    missing = [name for name in (*GOLD.values(), SEED_NAME) if not (folder / name).is_file()]
    if missing:
        sys.exit(f"snapshot: {folder} lacks {', '.join(missing)}; pass --shared DIR")
    return folder


def library_snapshot(shared: Path, out: Path) -> None:
    """One JSONL file per gold suite and one for the seed, coded by one library coder."""
    from dyad import Coder, DocumentInput
    from dyad.eval import gold_inputs, read_gold

    coder = Coder()
    for name, relative in GOLD.items():
        _write(out / f"{name}.jsonl", coder.code(gold_inputs(read_gold(shared / relative))))
    seed = shared / SEED_NAME
    document = DocumentInput(id=str(seed), text=seed.read_text(), published=SEED_PUBLISHED)
    _write(out / "seed.jsonl", coder.code([document]))


def cli_snapshot(shared: Path, out: Path) -> None:
    """What ``dyad code`` and ``dyad eval`` print, exactly as a user sees it on stdout."""
    seed = shared / SEED_NAME
    runs = {
        "seed_cli.jsonl": ["code", str(seed), "--published", SEED_PUBLISHED, "--quiet"],
        "dev_cli.jsonl": ["code", str(shared / GOLD["dev"]), "--quiet"],
        "eval.txt": ["eval", *(str(shared / relative) for relative in GOLD.values())],
    }
    for name, args in runs.items():
        done = subprocess.run(
            [sys.executable, "-m", "dyad", *args], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.exit(f"snapshot: dyad {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
        (out / name).write_text(done.stdout, encoding="utf-8")


def _write(path: Path, results: Iterable[DocumentResult]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for result in results:
            fh.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="Folder to write the snapshot files into.")
    parser.add_argument(
        "--shared", help="Folder with gold/, peers/ and seeds/ (default ../shared)."
    )
    parser.add_argument("--no-cli", action="store_true", help="Only the library files.")
    args = parser.parse_args(argv)
    shared = shared_folder(args.shared)
    args.out.mkdir(parents=True, exist_ok=True)
    library_snapshot(shared, args.out)
    if not args.no_cli:
        cli_snapshot(shared, args.out)
    print(f"snapshot of {shared} written to {args.out}")


if __name__ == "__main__":
    main()
