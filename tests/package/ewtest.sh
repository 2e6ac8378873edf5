#!/bin/bash
# The package-install test inside the VM (tests/package/run.sh), run by
# ewtest.service once systemd has booted the Debian root.  The kernel
# command line's ew.phase says which half:
#
#   install  README's install step: dpkg -i of both packages (DKMS builds
#            the module here, in the VM), then power off
#   check    after the reboot: the module loaded at boot, the service
#            running, a tool run in a container reported in rsyslog's file
#            and in the findings file; then README's removal steps and
#            nothing left behind
#
# Each result is one line on the second serial port, "ok NAME" or "not ok
# NAME: why", and "done" at the end.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec 3>/dev/ttyS1

ok() { echo "ok $1" >&3; echo "[ewtest] ok $1"; }
not_ok() { echo "not ok $1: $2" >&3; echo "[ewtest] not ok $1: $2"; }
check() {	# check NAME CMD...: CMD prints why it failed
	name=$1
	shift
	if why=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$(echo "$why" | tail -n 6 | tr '\n' ' ')"
	fi
}
wait_until() {	# wait_until SECONDS WHY CMD...
	tries=$(($1 * 10)) why=$2
	shift 2
	until "$@" >/dev/null 2>&1; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || { echo "$why"; return 1; }
		sleep 0.1
	done
}
finish() {
	echo done >&3
	systemctl poweroff
	exit 0
}

phase=$(sed -n 's/.*ew\.phase=\([a-z]*\).*/\1/p' /proc/cmdline)
kver=$(uname -r)
MOD=/lib/modules/$kver/updates/dkms

# Until the boot is over: "running", or "degraded" with the failed units
# named.
t_booted() {
	state=$(systemctl is-system-running --wait)
	[ "$state" = running ] ||
		{ echo "system $state: $(systemctl --failed --no-legend --plain | tr '\n' ' ')"; return 1; }
}

# README: dpkg -i escapewatch-dkms_0.1.0_all.deb escapewatch_0.1.0_amd64.deb
t_dpkg_install() {
	cd /ew || return 1
	dpkg -i escapewatch-dkms_*_all.deb escapewatch_*_amd64.deb \
		>/var/tmp/ewtest-dpkg.log 2>&1 ||
		{ cat /var/tmp/ewtest-dpkg.log; return 1; }
}

t_dkms_installed() {
	st=$(dkms status escapewatch)
	echo "$st" | grep -q "^escapewatch/.*, $kver, x86_64: installed" ||
		{ echo "dkms status: $st"; return 1; }
	ls $MOD/escapewatch.ko* >/dev/null || return 1
}

# Signed by the key DKMS made (README, Secure Boot).
t_signed() {
	signer=$(modinfo -F signer $MOD/escapewatch.ko*)
	[ "$signer" = "DKMS module signing key" ] ||
		{ echo "signer '$signer'"; return 1; }
	[ -f /var/lib/dkms/mok.pub ] || { echo "no /var/lib/dkms/mok.pub"; return 1; }
}

t_active() {
	st=$(systemctl is-active escapewatch)
	[ "$st" = active ] ||
		{ echo "escapewatch.service $st"; systemctl status escapewatch --no-pager | tail -n 5; return 1; }
}

# After the reboot: loaded during this boot, before the test ran, by
# modprobe@escapewatch.service (which the service pulls in, early) or by
# systemd-modules-load (modules-load.d), whichever comes first.
t_module_live() {
	st=$(cat /sys/module/escapewatch/initstate) || return 1
	[ "$st" = live ] || { echo "initstate $st"; return 1; }
	journalctl -b -k -o cat --no-pager | grep -q '^escapewatch: watching execs in containers' ||
		{ echo "no load message in this boot's kernel log"; return 1; }
	lsmod | grep -q '^escapewatch ' || { echo "not in lsmod"; return 1; }
}

t_status() {
	escapewatch status >/var/tmp/ewtest-status 2>&1 ||
		{ echo "status exited $?"; cat /var/tmp/ewtest-status; return 1; }
	grep -qx 'mode audit' /var/tmp/ewtest-status ||
		{ echo "not in audit mode: $(tr '\n' ' ' </var/tmp/ewtest-status)"; return 1; }
}

t_device() {
	st=$(stat -c '%A %U %G' /dev/escapewatch) || return 1
	[ "$st" = "crw------- root root" ] || { echo "/dev/escapewatch: $st"; return 1; }
}

# A container without a runtime: fresh PID, mount, UTS and IPC namespaces
# and a busybox root, as root (as a rootful runtime starts one); the tool
# under CDK's release file name.
CTR=/var/tmp/ctr
make_container() {
	mkdir -p $CTR/bin $CTR/opt $CTR/proc || return 1
	cp /ew/busybox $CTR/bin/ && ln -sf busybox $CTR/bin/sh || return 1
	cp /ew/tool $CTR/opt/cdk_linux_amd64
}
ctr() { unshare -p -f -m -u -i --mount-proc="$CTR/proc" chroot $CTR "$@"; }

# The finding of rule 1001 (cdk), in rsyslog's file and in the service's
# findings file, the same finding (its name) in both.
has_cdk() { grep -F '"rule":{"id":1001,' "$1" | grep -qF '"category":"Execution: Container Escape"'; }
t_tool_found() {
	make_container || return 1
	ctr /opt/cdk_linux_amd64 evaluate >/dev/null ||
		{ echo "the tool did not run in the container"; return 1; }
	wait_until 30 "no finding in /var/log/escapewatch/findings.jsonl" \
		has_cdk /var/log/escapewatch/findings.jsonl || return 1
	wait_until 30 "no finding in /var/log/auth.log" has_cdk /var/log/auth.log ||
		{ tail -n 3 /var/log/auth.log; return 1; }
	name=$(grep -F '"rule":{"id":1001,' /var/log/escapewatch/findings.jsonl |
		sed -n 's/^{"name":"\([^"]*\)".*/\1/p' | head -n 1)
	[ -n "$name" ] || { echo "no finding name"; return 1; }
	line=$(grep -F "\"name\":\"$name\"" /var/log/auth.log) ||
		{ echo "$name not in auth.log"; return 1; }
	# Debian's rsyslog writes the structured data before the JSON.
	id=${name##*/}
	echo "$line" | grep -q " node-1 escapewatch\[[0-9]*\]: \[escapewatch@32473 id=\"$id\" category=\"Execution: Container Escape\" severity=\"HIGH\" rule=\"cdk\" .*\] {\"name\":\"$name\"," ||
		{ echo "auth.log line: $line"; return 1; }
	[ "$(grep -c '"rule":{"id":1001,' /var/log/escapewatch/findings.jsonl)" = 1 ] ||
		{ echo "more than one cdk finding"; return 1; }
}

# README's removal, step by step.
t_stop() {
	systemctl stop escapewatch || return 1
	st=$(systemctl is-active escapewatch)
	[ "$st" = inactive ] || { echo "after stop: $st"; return 1; }
	# The reader only: the module stays.
	[ -d /sys/module/escapewatch ] || { echo "stop unloaded the module"; return 1; }
}

t_unload() {
	modprobe -r escapewatch || return 1
	[ ! -e /sys/module/escapewatch ] || { echo "still loaded"; return 1; }
	[ ! -e /dev/escapewatch ] || { echo "/dev/escapewatch remains"; return 1; }
}

t_purge() {
	dpkg --purge escapewatch escapewatch-dkms >/var/tmp/ewtest-purge.log 2>&1 ||
		{ cat /var/tmp/ewtest-purge.log; return 1; }
}

# Nothing of the packages left: the files README names, then anything
# named escapewatch anywhere on the root file system (but this test's
# own files and the findings in auth.log, which README says stay).
t_clean() {
	left=""
	for f in /usr/sbin/escapewatch /etc/escapewatch /var/log/escapewatch \
		/usr/src/escapewatch-0.1.0 /var/lib/dkms/escapewatch \
		/etc/systemd/system/multi-user.target.wants/escapewatch.service \
		/usr/lib/modules-load.d/escapewatch.conf \
		/lib/udev/rules.d/60-escapewatch.rules; do
		[ ! -e "$f" ] || left="$left $f"
	done
	left="$left $(ls /lib/modules/*/updates/dkms/escapewatch.ko* 2>/dev/null)"
	left="$left $(find / -xdev -name '*escapewatch*' ! -path '/ew/*' \
		! -path /ew ! -path '/var/tmp/ewtest-*' ! -path /etc/systemd/system/ewtest.service \
		2>/dev/null | tr '\n' ' ')"
	pkgs=$(dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' 'escapewatch*' 2>/dev/null | grep -v ' un *$')
	[ -z "$pkgs" ] || left="$left dpkg: $pkgs"
	systemctl cat escapewatch.service >/dev/null 2>&1 && left="$left escapewatch.service"
	left=$(echo $left)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

case $phase in
install)
	check booted t_booted
	echo "# versions: $(uname -r), $(dpkg-query -W -f '${Version}' dkms) dkms, $(systemctl --version | head -n 1)" >&3
	t0=$(date +%s)
	check dpkg_install t_dpkg_install
	echo "# dpkg -i: $(($(date +%s) - t0)) s" >&3
	check dkms_installed t_dkms_installed
	check signed_by_dkms_key t_signed
	check service_active_after_install t_active
	# The log of the install, for run.sh to keep.
	sed 's/^/dpkg: /' /var/tmp/ewtest-dpkg.log >&3
	;;
check)
	check booted t_booted
	check module_loaded_at_boot t_module_live
	check service_active t_active
	check status t_status
	check device_node_root_0600 t_device
	check container_tool_finding t_tool_found
	check stop t_stop
	check unload t_unload
	check purge t_purge
	check clean t_clean
	;;
*)
	not_ok phase "unknown ew.phase '$phase'"
	;;
esac
finish
