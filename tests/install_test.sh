#!/usr/bin/env bash
# An installed kensa: `cmake --install` of this build into a temporary prefix, then the installed
# kensa run from / with no KENSA_* variable set, on a sample copied outside the checkout. It must find
# its rules and user dictionary beside itself (PREFIX/share/kensa/), give findings with the rules
# version of the build tree's kensa, and name the installed patterns in --version; the environment
# still overrides the installed paths.
# Usage: tests/install_test.sh CMAKE BUILD_DIR SOURCE_DIR KENSA
set -u
cmake=$1 build_dir=$2 source_dir=$3 kensa=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

for variable in $(env | grep -o '^KENSA_[A-Za-z0-9_]*='); do unset "${variable%=}"; done
export XDG_CACHE_HOME=$work/cache  # the rule-example stamps, out of the user's cache
prefix=$work/prefix
if ! "$cmake" --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1; then
  echo "FAIL cmake --install: $(cat "$work/install.log")"; exit 1
fi
data=$prefix/share/kensa
[[ -x $prefix/bin/kensa ]] && ok || fail "no $prefix/bin/kensa"
toml_in_source=$(ls "$source_dir"/patterns/*.toml | wc -l)
toml_installed=$(ls "$data"/patterns/*.toml 2>/dev/null | wc -l)
[[ $toml_installed -eq $toml_in_source && $toml_installed -gt 0 ]] && ok || fail "$toml_installed rule files installed, $toml_in_source in patterns/"
[[ -f $data/patterns/README.md ]] && ok || fail "no patterns/README.md installed"
[[ -s $data/dictionaries/kensa.dic ]] && ok || fail "no dictionaries/kensa.dic installed"

cp "$source_dir/samples/002_ae363bfb9f19e15c.pdf" "$work/sample.pdf"
(cd / && "$prefix/bin/kensa" extract "$work/sample.pdf" >"$work/out.json" 2>"$work/err")
rc=$?
[[ $rc -eq 0 ]] && ok || fail "installed kensa extract: exit $rc ($(head -c 300 "$work/err"))"
build_rules=$("$kensa" --version | sed -n 's/^rules \([0-9a-f]*\) .*/\1/p')
[[ -n $build_rules ]] && ok || fail "build tree's kensa --version names no rules version"
if /usr/bin/python3 - "$work/out.json" "$build_rules" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
findings = sum(len(v) for v in d["fields"].values())
assert findings > 0, "no findings"
assert d["document"]["rules_version"] == sys.argv[2], f'rules_version {d["document"]["rules_version"]} != {sys.argv[2]}'
PY
then ok; else fail "the installed kensa's JSON (above)"; fi

(cd / && "$prefix/bin/kensa" --version >"$work/version" 2>&1)
grep -qx "rules $build_rules ($data/patterns)" "$work/version" && ok || fail "--version: $(cat "$work/version")"

# The installed dictionary is the one loaded: a copy of the prefix whose kensa.dic is broken fails on it.
cp -r "$prefix" "$work/broken"
echo "not a dictionary" >"$work/broken/share/kensa/dictionaries/kensa.dic"
(cd / && "$work/broken/bin/kensa" extract "$work/sample.pdf" >/dev/null 2>"$work/err")
rc=$?
[[ $rc -eq 20 ]] && grep -q "cannot load the MeCab user dictionary $work/broken/share/kensa/dictionaries/kensa.dic" "$work/err" \
  && ok || fail "a broken installed kensa.dic: exit $rc, $(head -c 300 "$work/err")"
# The environment still overrides the installed paths.
(cd / && KENSA_PATTERNS=$source_dir/patterns "$prefix/bin/kensa" --version >"$work/version" 2>&1)
grep -qx "rules $build_rules ($source_dir/patterns)" "$work/version" && ok || fail "KENSA_PATTERNS: $(cat "$work/version")"
(cd / && KENSA_USER_DIC=$prefix/share/kensa/dictionaries/kensa.dic "$work/broken/bin/kensa" extract "$work/sample.pdf" \
  >/dev/null 2>"$work/err")
rc=$?
[[ $rc -eq 0 ]] && ok || fail "KENSA_USER_DIC over a broken installed kensa.dic: exit $rc, $(head -c 300 "$work/err")"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
