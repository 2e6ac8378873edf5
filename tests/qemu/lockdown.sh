# A hardened host's kernel (ew.mode=lockdown; sourced by init.sh): the
# debug kernel booted with lockdown= and, or not, module.sig_enforce=1,
# as Secure Boot and a host's policy set them.  run.sh signs the modules
# of the initramfs with the debug kernel's own key, which it trusts, and
# adds two builds it does not: escapewatch-unsigned.ko, and
# escapewatch-wrongkey.ko, signed with a key made for the test.
#
#   lockdown_in_force       /sys/kernel/security/lockdown and sig_enforce
#                           as the command line asked
#   unsigned_refused        insmod fails, the kernel says why, and
#   wrong_key_refused       nothing is loaded
#   status_says_signatures  escapewatch status (exit 3) and rules load (the
#                           service's first step) name what enforces
#                           signatures
#   signed_loads            the signed build loads and attaches, in audit
#                           mode, without taint E (unsigned), a tool run in
#   signed_reports          a container is reported, and it takes rules
#   signed_rules_mode       and modes
#   signed_unloads          and it unloads

LD_LEVEL=$(sed -n 's/.*lockdown=\([a-z]*\).*/\1/p' /proc/cmdline)
LD_ENFORCE=N
grep -q 'module\.sig_enforce=1' /proc/cmdline && LD_ENFORCE=Y

t_lockdown_in_force() {
	[ -n "$LD_LEVEL" ] || { echo "no lockdown= on the command line"; return 1; }
	mkdir -p /sys/kernel/security
	mount -t securityfs securityfs /sys/kernel/security || return 1
	l=$(cat /sys/kernel/security/lockdown) || return 1
	case $l in
	*"[$LD_LEVEL]"*) ;;
	*) echo "lockdown '$l', want [$LD_LEVEL]"; return 1 ;;
	esac
	e=$(cat /sys/module/module/parameters/sig_enforce) || return 1
	[ "$e" = $LD_ENFORCE ] || { echo "sig_enforce $e, want $LD_ENFORCE"; return 1; }
}

# refused KO ERROR KERNEL: insmod of KO fails with ERROR (strerror), the
# kernel's log says KERNEL, and no module is left.
refused() {
	dmesg -c >/dev/null
	msg=$(insmod "$1" 2>&1) && { rmmod escapewatch; echo "$1 loaded"; return 1; }
	[ ! -e /sys/module/escapewatch ] || { echo "loaded all the same: $msg"; return 1; }
	echo "$msg" | grep -q "$2" || { echo "insmod said: $msg; want $2"; return 1; }
	dmesg | grep -q "$3" || { echo "kernel log: $(dmesg | tail -n 2 | tr '\n' ' '); want $3"; return 1; }
}

# With sig_enforce the module loader refuses by itself (EKEYREJECTED);
# under lockdown alone it asks the lockdown LSM, which refuses (EPERM).
if [ $LD_ENFORCE = Y ]; then
	LD_ERROR='Key was rejected by service'
	LD_UNSIGNED='Loading of unsigned module is rejected'
	LD_WRONGKEY='Loading of module with unavailable key is rejected'
else
	LD_ERROR='Operation not permitted'
	LD_UNSIGNED='Lockdown: insmod: unsigned module loading is restricted'
	LD_WRONGKEY=$LD_UNSIGNED
fi
t_unsigned_refused() { refused /escapewatch-unsigned.ko "$LD_ERROR" "$LD_UNSIGNED"; }
t_wrong_key_refused() { refused /escapewatch-wrongkey.ko "$LD_ERROR" "$LD_WRONGKEY"; }

t_status_says_signatures() {
	why=lockdown=$LD_LEVEL
	[ $LD_ENFORCE = N ] || why="$why, module.sig_enforce=1"
	hint="; this kernel loads only modules signed by a key it trusts ($why): see escapewatch(8), MODULE SIGNATURES"
	msg=$(escapewatch status 2>&1)
	st=$?
	[ $st = 3 ] || { echo "status exited $st: $msg"; return 1; }
	echo "$msg" | grep -qF "the escapewatch module is not loaded (no /sys/module/escapewatch, no device node /dev/escapewatch): modprobe escapewatch$hint" ||
		{ echo "status said: $msg"; return 1; }
	msg=$(escapewatch rules load /default.rules 2>&1) && { echo "rules load ran"; return 1; }
	echo "$msg" | grep -qF "/dev/escapewatch: not found: the escapewatch module is not loaded (modprobe escapewatch)$hint" ||
		{ echo "rules load said: $msg"; return 1; }
}

t_signed_loads() {
	dmesg -c >/dev/null
	insmod $MOD || return 1
	[ "$(cat /sys/module/escapewatch/initstate)" = live ] || return 1
	# O (out of tree), not E (unsigned)
	case $(cat /sys/module/escapewatch/taint) in
	*E*) echo "taint '$(cat /sys/module/escapewatch/taint)'"; return 1 ;;
	esac
	escapewatch status > $T/status || { cat $T/status; return 1; }
	grep -qx 'mode audit' $T/status || { echo "$(tr '\n' ' ' < $T/status)"; return 1; }
}

# What the service does at its start: the rules, the mode.
t_signed_rules_mode() {
	escapewatch rules load /default.rules || return 1
	[ "$(counter rules_generation)" = 2 ] || { echo "rules_generation $(counter rules_generation)"; return 1; }
	escapewatch mode enforce || return 1
	[ "$(counter mode)" = enforce ] || { echo "mode $(counter mode)"; return 1; }
	escapewatch mode audit || return 1
	[ "$(counter mode)" = audit ] || { echo "mode $(counter mode)"; return 1; }
}

t_signed_unloads() {
	kill $READER $SCC_READER	# their files are closed when they exit
	wait_until 10 "rmmod failed" rmmod escapewatch || return 1
	[ ! -e /dev/escapewatch ] || { echo "device still there"; return 1; }
}

lockdown_part() {
	check lockdown_in_force t_lockdown_in_force
	check unsigned_refused t_unsigned_refused
	check wrong_key_refused t_wrong_key_refused
	check status_says_signatures t_status_says_signatures
	check signed_loads t_signed_loads
	start_readers
	check signed_reports t_tool_in_namespaces
	check signed_rules_mode t_signed_rules_mode
	check signed_unloads t_signed_unloads
}
