# The queue and the device under the record generator of the module's test
# build (tests/recgen/recgen.c, /escapewatch-recgen.ko here; run.sh builds
# it beside the module that ships and checks that only it has the
# generator); sourced by init.sh, run after the shipped module's final
# unload.  Records made in the kernel go through ew_dispatch() and the
# queue, as a matched exec's do, and leave through /dev/escapewatch; every
# sequence number must reach each reader as a record or inside a lost
# record, exactly.  ewstress drain is the raw reader (tests/qemu/ewstress.c).

RG=/sys/kernel/debug/escapewatch_recgen
RG_MOD=/escapewatch-recgen.ko

rg_generated() { sed -n 's/^generated //p' $RG; }
rg_get() { sed -n "s/^$2 //p" "$1"; }

# rg_gen COUNT SIZE: COUNT records of SIZE bytes from the generator.
rg_gen() { echo "$1 $2" > $RG || { echo "generator: write failed"; return 1; }; }

# Two writers at once, each half of RG_N records of 1 KiB, while the raw
# reader reads from sequence 0 with the default queue: received plus lost
# is RG_N, the lost ones at most the queue's overwritten (and nomem) ones
# (a record read before it was overwritten is not lost), EW_IOC_STATS's
# lost the reader's sum, and the module's events and the generator's count
# are RG_N.
t_recgen_exact() {
	insmod $RG_MOD || return 1
	ewstress drain $T/rg.out $RG_N > $T/rg.err 2>&1 &
	p=$!
	half=$((RG_N / 2))
	rg_gen $half 1024 &
	w=$!
	rg_gen $((RG_N - half)) 1024 || { kill $p; wait $w; rmmod escapewatch; return 1; }
	wait $w || { kill $p; rmmod escapewatch; return 1; }
	wait $p
	st=$?
	gen=$(rg_generated) ev=$(counter events)
	ow=$(counter overwritten) nomem=$(counter nomem)
	rmmod escapewatch || return 1
	got=$(rg_get $T/rg.out received) lost=$(rg_get $T/rg.out lost)
	echo "generated $gen, events $ev, received $got, lost $lost," \
		"overwritten $ow, nomem $nomem: $(tr '\n' ' ' < $T/rg.out) $(cat $T/rg.err)"
	[ "$st" = 0 ] && [ "$gen" = $RG_N ] && [ "$ev" = $RG_N ] &&
		[ $((got + lost)) = $RG_N ] && [ "$lost" -le $((ow + nomem)) ] &&
		[ "$(rg_get $T/rg.out stats_lost)" = "$lost" ] >/dev/null
}

# A queue of 256 and 2000 records with no reader: a raw reader and the real
# one, opened after, each get one lost record of exactly 1744 from
# sequence 0, then the 256 kept (1744 to 1999), every one well-formed for
# the real reader.
t_recgen_overrun() {
	insmod $RG_MOD queue_len=256 || return 1
	rg_gen 2000 700 || { rmmod escapewatch; return 1; }
	ewstress drain $T/rg-o.out 2000 > $T/rg-o.err 2>&1
	st=$?
	escapewatch watch --format=json --count 256 > $T/rg-o.json \
		2> $T/rg-o.reader
	rst=$?
	rmmod escapewatch || return 1
	[ "$st" = 0 ] && [ "$(rg_get $T/rg-o.out received)" = 256 ] &&
		[ "$(rg_get $T/rg-o.out lost)" = 1744 ] ||
		{ echo "raw: $(tr '\n' ' ' < $T/rg-o.out) $(cat $T/rg-o.err)"; return 1; }
	[ "$rst" = 0 ] || { echo "reader: exit $rst: $(cat $T/rg-o.reader)"; return 1; }
	head -n 1 $T/rg-o.json | grep -q '"kind":"lost","seq":0,"count":1744,' ||
		{ echo "first line: $(head -n 1 $T/rg-o.json)"; return 1; }
	n=$(grep -c '"kind":"exec"' $T/rg-o.json)
	[ "$n" = 256 ] || { echo "$n exec lines"; return 1; }
	grep -q '"seq":1744,' $T/rg-o.json && grep -q '"seq":1999,' $T/rg-o.json ||
		{ echo "sequence numbers 1744..1999 missing"; return 1; }
	grep -qF '256 finding(s), 1744 event(s) lost, 0 malformed record(s)' \
		$T/rg-o.reader || { cat $T/rg-o.reader; return 1; }
}

# The real reader beside the generator, with a queue that holds them all:
# it gets every record, well-formed, nothing lost (--count stops it).
t_recgen_reader() {
	insmod $RG_MOD queue_len=$RG_N || return 1
	escapewatch watch --format=json --count $RG_N --output /dev/null \
		2> $T/rg-r.reader &
	p=$!
	rg_gen $RG_N 1024 || { kill $p; rmmod escapewatch; return 1; }
	wait_gone $p 300 || { rmmod escapewatch; return 1; }
	rmmod escapewatch || return 1
	[ ! -s $T/rg-r.reader ] || { cat $T/rg-r.reader; return 1; }
}

recgen_part() {
	[ -f $RG_MOD ] || { not_ok recgen_module "no $RG_MOD"; return; }
	# Records a run: fewer on the debug kernel (KASAN, kmemleak).
	RG_N=20000
	[ -z "$DEBUG_KERNEL" ] || RG_N=4000
	check recgen_exact t_recgen_exact
	check recgen_overrun t_recgen_overrun
	check recgen_reader t_recgen_reader
}
