#!/usr/bin/env bash
# Mutation scores, one package at a time, each against its own tests only.
#
#   scripts/mutation.sh                                # calendars, sla, policy
#   scripts/mutation.sh sla                            # one package
#   MUTATION_TIMEOUT=90m scripts/mutation.sh policy    # default: stop a package after 25m
#   MUTATION_RESUME=1 scripts/mutation.sh calendars    # continue a stopped run where it left off
#   MUTATION_TESTS=own scripts/mutation.sh sla          # only tests/<package> (faster, harsher)
#
# Needs mutmut 3.8+ in the active environment (pip install -e '.[test]' mutmut).
# Each package runs in its own scratch copy of the working tree, .mutation/<package>/, whose
# pyproject.toml narrows [tool.mutmut] to src/support_policy/<package>/* (and, with
# MUTATION_TESTS=own, the tests to tests/<package>; by default the whole suite, of which mutmut
# runs only the tests that reach each mutant);
# the repository's own [tool.mutmut] (whole package, whole suite) is left as committed.
# HYPOTHESIS_PROFILE=mutation (tests/conftest.py): 30 examples, fixed seed, no example database.
# Writes .mutation/<package>/summary.txt (counts per module) and .mutation/<package>/survivors.txt
# (diff of every mutant the tests did not kill). More: cd .mutation/<package> && mutmut browse.
set -euo pipefail

ROOT=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
OUT=${MUTATION_DIR:-$ROOT/.mutation}
TIMEOUT=${MUTATION_TIMEOUT:-25m}
CHILDREN=${MUTMUT_MAX_CHILDREN:-$(nproc)}
PY=${PYTHON:-python}
PACKAGES=("$@")
[ ${#PACKAGES[@]} -gt 0 ] || PACKAGES=(calendars sla policy)

prepare() {  # prepare <package> <work dir>
    rm -rf "$2" && mkdir -p "$2"
    # Tracked and untracked-but-not-ignored files, as they are in the working tree.
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | tar --null --files-from=- --ignore-failed-read -cf -) | tar -xf - -C "$2"
    "$PY" - "$2/pyproject.toml" "$1" "${MUTATION_TESTS:-all}" <<'PYEOF'
import sys, tomllib, tomli_w
path, pkg, tests = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, "rb") as f:
    data = tomllib.load(f)
mutmut = data.setdefault("tool", {}).setdefault("mutmut", {})
mutmut["only_mutate"] = [f"src/support_policy/{pkg}/*"]
if tests == "own":
    mutmut["pytest_add_cli_args_test_selection"] = [f"tests/{pkg}"]
with open(path, "wb") as f:
    tomli_w.dump(data, f)
PYEOF
}

summarize() {  # summarize <package>   (run inside the work dir)
    "$PY" - "$1" <<'PYEOF'
import json, sys
from collections import Counter
from pathlib import Path
from mutmut.stats import status_by_exit_code
pkg = sys.argv[1]
total, lines = Counter(), []
for meta in sorted(Path("mutants/src/support_policy", pkg).glob("*.py.meta")):
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    c = Counter(status_by_exit_code[v] for v in codes.values())
    total += c
    lines.append(f"{meta.name[:-5]:<20} killed {c['killed']:>4} / {sum(c.values()):<4} "
                 + ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if k != "killed"))
n = sum(total.values())
checked = n - total["not checked"]
lines.append(f"{pkg + ' total':<20} killed {total['killed']:>4} / {n:<4} "
             + ", ".join(f"{k} {v}" for k, v in sorted(total.items()) if k != "killed"))
if checked:
    lines.append(f"score killed/checked {total['killed']}/{checked} = "
                 f"{100 * total['killed'] / checked:.1f}%, (killed+timeout)/checked = "
                 f"{100 * (total['killed'] + total['timeout']) / checked:.1f}%")
Path("summary.txt").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
PYEOF
}

for pkg in "${PACKAGES[@]}"; do
    [ -d "$ROOT/src/support_policy/$pkg" ] && [ -d "$ROOT/tests/$pkg" ] \
        || { echo "no src/support_policy/$pkg or tests/$pkg" >&2; exit 2; }
    work=$OUT/$pkg
    if [ "${MUTATION_RESUME:-0}" = 1 ] && [ -d "$work/mutants" ]; then
        echo "== $pkg: resuming in $work"
    else
        prepare "$pkg" "$work"
    fi
    echo "== $pkg: mutmut run --max-children $CHILDREN (stopped after $TIMEOUT)"
    status=0
    (cd "$work" && HYPOTHESIS_PROFILE=mutation \
        timeout --signal=INT --kill-after=2m "$TIMEOUT" "$PY" -m mutmut run --max-children "$CHILDREN") \
        || status=$?
    [ "$status" -eq 0 ] || echo "== $pkg: mutmut run exited $status (124: stopped by the timeout, partial)"
    (cd "$work" && summarize "$pkg")
    # Every mutant the tests did not kill (survived, no tests, timeout, suspicious), with its
    # diff: what `mutmut results` lists and `mutmut show <name>` prints, in one process.
    (cd "$work" && "$PY" - > survivors.txt <<'PYEOF'
from mutmut.__main__ import SourceFileMutationData, get_diff_for_mutant, walk_mutatable_files
from mutmut.stats import status_by_exit_code
for path in walk_mutatable_files():
    m = SourceFileMutationData(path=path)
    m.load()
    for name, code in m.exit_code_by_key.items():
        status = status_by_exit_code[code]
        if status not in ("killed", "not checked"):
            print(f"# {name}: {status}")
            print(get_diff_for_mutant(name, path=m.path))
            print()
PYEOF
    )
    echo "== $pkg: diffs of mutants not killed: $work/survivors.txt"
done
