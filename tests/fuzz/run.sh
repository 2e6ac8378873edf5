#!/bin/sh
# The rules compiler (fuzz_rules_text.c) and the blob validator
# (fuzz_rules_blob.c) under libFuzzer, with AddressSanitizer and UBSan.
# Prints "ok fuzz NAME: N runs, no crash" or "not ok fuzz NAME: ..." per
# harness, and exits 0 only if both are ok.
#   run.sh BUILD short|long
# short: 60 s per harness (make check); long: 15 minutes (make fuzz);
# EW_FUZZ_SECS=N sets another time.  BUILD, outside the source tree, keeps
# the binaries, the logs, the corpora (each run goes on from the last one's)
# and the reproducers of crashes (BUILD/crash).
set -u
if [ $# -ne 2 ]; then
	echo "usage: run.sh BUILD short|long" >&2
	exit 2
fi
case $2 in
short) secs=60 ;;
long) secs=900 ;;
*) echo "usage: run.sh BUILD short|long" >&2; exit 2 ;;
esac
secs=${EW_FUZZ_SECS:-$secs}
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1" && build=$(cd "$1" && pwd) || exit 1
cd "$top" || exit 1

CC=clang
FLAGS="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Iinclude -Iuserspace
-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
# The sources, as the Makefile lists them (make fuzz, make check).
RULES_SRC=${EW_FUZZ_SRC:?"run through make fuzz or make check (the Makefile lists the sources)"}
seeds=$build/seeds
failed=0

# Symbolized stacks also without Debian's llvm package (its /usr/bin link).
if ! command -v llvm-symbolizer >/dev/null 2>&1; then
	for s in /usr/lib/llvm-*/bin/llvm-symbolizer; do
		[ -x "$s" ] && export ASAN_SYMBOLIZER_PATH="$s"
	done
fi
export UBSAN_OPTIONS=print_stacktrace=1

build_one() {	# build_one NAME: build BUILD/fuzz_NAME, or say why not
	bin=fuzz_$(echo "$1" | tr - _)
	log=$build/$bin.build.log
	# shellcheck disable=SC2086
	if $CC $FLAGS -o "$build/$bin" "tests/fuzz/$bin.c" $RULES_SRC \
		>"$log" 2>&1; then
		return 0
	fi
	echo "not ok fuzz $1: build failed ($CC; $log)"
	tail -n 20 "$log" | sed 's/^/#   /'
	grep -q 'libclang_rt' "$log" &&
		echo "#   libFuzzer and the sanitizers are in libclang-rt-14-dev"
	failed=1
	return 1
}

# Text seeds: the default rules, whole and one rule a file, and
# seed.rules; blob seeds: those compiled by the text harness.
make_seeds() {
	rm -rf "$seeds"
	mkdir -p "$seeds/rules-text" "$seeds/rules-blob"
	cp rules/default.rules tests/fuzz/seed.rules "$seeds/rules-text/"
	awk -v dir="$seeds/rules-text" '/^rule /{ n++ } n { print > (dir "/rule-" n) }' \
		rules/default.rules
	[ "$text_built" = 1 ] || return 0
	EW_FUZZ_BLOB_DIR=$seeds/rules-blob "$build/fuzz_rules_text" \
		"$seeds"/rules-text/* >"$build/seeds.log" 2>&1 ||
		echo "# fuzz: making the blob seeds failed, see $build/seeds.log"
}

fuzz() {	# fuzz NAME MAX_LEN FLAGS...: run one harness, log in BUILD/NAME.log
	name=$1
	len=$2
	shift 2
	mkdir -p "$build/corpus/$name" "$build/crash"
	"$build/fuzz_$(echo "$name" | tr - _)" -max_total_time="$secs" \
		-max_len="$len" -rss_limit_mb=2048 -timeout=25 \
		-print_final_stats=1 -artifact_prefix="$build/crash/$name-" \
		"$@" "$build/corpus/$name" "$seeds/$name" \
		>"$build/$name.log" 2>&1
	echo $? >"$build/$name.status"
}

report() {	# report NAME: its TAP line from its log
	log=$build/$1.log
	status=$(cat "$build/$1.status" 2>/dev/null)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	if [ "$status" = 0 ] && [ -n "$runs" ]; then
		echo "ok fuzz $1: $runs runs, no crash"
		echo "# fuzz $1: $secs s, $rate exec/s, $(ls "$build/corpus/$1" | wc -l) inputs in $build/corpus/$1"
		return
	fi
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "not ok fuzz $1: ${crash:+reproducer $crash, }exit status $status, log $log"
	tail -n 30 "$log" | sed 's/^/#   /'
	[ -n "$crash" ] &&
		echo "#   again: $build/fuzz_$(echo "$1" | tr - _) $crash"
	failed=1
}

text_built=0
blob_built=0
build_one rules-text && text_built=1
build_one rules-blob && blob_built=1
make_seeds

# Side by side when there are two CPUs or more.
par=
[ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] && par=1
if [ "$text_built" = 1 ]; then
	if [ -n "$par" ]; then
		fuzz rules-text 8192 -dict=tests/fuzz/rules.dict &
	else
		fuzz rules-text 8192 -dict=tests/fuzz/rules.dict
	fi
fi
[ "$blob_built" = 1 ] && fuzz rules-blob 16384 -dict=tests/fuzz/blob.dict
wait
[ "$text_built" = 1 ] && report rules-text
[ "$blob_built" = 1 ] && report rules-blob
exit $failed
