#!/bin/bash
# The package-install test inside the VM (tests/package/run.sh), run by
# ewtest.service once systemd has booted the Debian root.  The kernel
# command line's ew.phase says which of four boots this is:
#
#   install   the install step (docs/operations.md): dpkg -i of both
#             packages (DKMS builds the module here, in the VM), then
#             power off
#   check     after the reboot: the module loaded at boot, the service
#             running as the user escapewatch without capabilities, the
#             node 0640 root:escapewatch (its group reads, others not), a
#             tool run in a container reported in rsyslog's file and in
#             the findings file, the respond-freeze drop-in freezing a
#             container's cgroup
#   upgrade   still on the old kernel: the newer kernel's packages
#             installed with apt-get as a host's update does, from the
#             repository rootfs.sh left on the disk; DKMS's kernel hooks
#             build and sign the module for it with the same key
#   upgraded  on the newer kernel: the module loaded at boot, the service,
#             a finding in rsyslog's file; the old kernel purged, and
#             nothing of ours left for it; the service stopped, the module
#             unloaded, the packages purged; then its headers made to lack
#             CONFIG_GLOB and the packages installed again: dpkg -i
#             succeeds, DKMS skips the kernel (BUILD_EXCLUSIVE), the
#             service fails with the reader's hint
#   noconfig  the same kernel, the packages installed without a module:
#             the boot reaches multi-user.target with escapewatch.service
#             its one failed unit; then the removal steps
#             (docs/operations.md), nothing left behind but the system
#             user and group, which deluser removes
#
# Each result is one line on the second serial port, "ok NAME" or "not ok
# NAME: why", and "done" at the end.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec 3>/dev/ttyS1

# ok, not_ok, check, wait_until: tests/lib/scenario.sh, which run.sh puts
# in /ew with this script.  A failed check shows the last 6 lines of why
# (dpkg's complaints are long).
why_lines=6
. /ew/scenario.sh
# The VM leaves as a systemd host does, not through scenario.sh's reset.
finish() {
	echo done >&3
	systemctl poweroff
	exit 0
}

phase=$(sed -n 's/.*ew\.phase=\([a-z]*\).*/\1/p' /proc/cmdline)
kver=$(uname -r)
MOD=/lib/modules/$kver/updates/dkms
# The kernels before and after the upgrade, "ABI VERSION" (rootfs.sh).
read -r old _ </var/lib/ewtest/old-kernel
read -r new newver </var/lib/ewtest/new-kernel
# The module DKMS installed for kernel $1.
ko() { ls /lib/modules/"$1"/updates/dkms/escapewatch.ko* 2>/dev/null; }

# Until the boot is over: "running", or "degraded" with the failed units
# named.
t_booted() {
	state=$(systemctl is-system-running --wait)
	[ "$state" = running ] ||
		{ echo "system $state: $(systemctl --failed --no-legend --plain | tr '\n' ' ')"; return 1; }
}

# docs/operations.md: dpkg -i escapewatch-dkms_0.1.0_all.deb escapewatch_0.1.0_amd64.deb
t_dpkg_install() {
	cd /ew || return 1
	dpkg -i escapewatch-dkms_*_all.deb escapewatch_*_amd64.deb \
		>/var/tmp/ewtest-dpkg.log 2>&1 ||
		{ cat /var/tmp/ewtest-dpkg.log; return 1; }
}

# t_dkms_installed [KERNEL]: built and installed for KERNEL (this one).
t_dkms_installed() {
	k=${1:-$kver}
	st=$(dkms status escapewatch)
	echo "$st" | grep -q "^escapewatch/.*, $k, x86_64: installed" ||
		{ echo "dkms status: $st"; return 1; }
	[ -n "$(ko "$k")" ] || { echo "no module in /lib/modules/$k/updates/dkms"; return 1; }
}

# t_signed [KERNEL]: signed by the key DKMS made (docs/operations.md,
# Secure Boot): the signature's key is the certificate's (kmod names it
# by the certificate's serial number).
t_signed() {
	local MOD=/lib/modules/${1:-$kver}/updates/dkms
	f=$(ko "${1:-$kver}")
	signer=$(modinfo -F signer $MOD/escapewatch.ko*)
	[ "$signer" = "DKMS module signing key" ] ||
		{ echo "signer '$signer'"; return 1; }
	[ -f /var/lib/dkms/mok.pub ] || { echo "no /var/lib/dkms/mok.pub"; return 1; }
	key=$(modinfo -F sig_key "$f" | tr -d :)
	serial=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -serial | sed 's/^serial=//')
	[ -n "$key" ] && [ "$key" = "$serial" ] ||
		{ echo "signed by key '$key', /var/lib/dkms/mok.pub's serial '$serial'"; return 1; }
}

# At the install, what the upgrade compares with: the certificate's hash
# and the key that signed the old kernel's module.
KEYS=/var/tmp/ewtest-keys
t_key_kept() {
	echo "$(sha256sum </var/lib/dkms/mok.pub) $(modinfo -F sig_key "$(ko "$kver")")" >$KEYS
}

# t_same_key KERNEL: KERNEL's module signed with the key the install's
# was, and the certificate unchanged: DKMS made no new key.
t_same_key() {
	t_signed "$1" || return 1
	read -r sum _ key <$KEYS || { echo "nothing kept at the install"; return 1; }
	now=$(sha256sum </var/lib/dkms/mok.pub | cut -d' ' -f1)
	[ "$now" = "$sum" ] || { echo "/var/lib/dkms/mok.pub changed since the install"; return 1; }
	k=$(modinfo -F sig_key "$(ko "$1")")
	[ "$k" = "$key" ] || { echo "signed by $k, the install's module by $key"; return 1; }
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
	[ "$st" = "crw-r----- root escapewatch" ] || { echo "/dev/escapewatch: $st"; return 1; }
}

# The system user and group the postinst made.
t_user() {
	u=$(getent passwd escapewatch) || { echo "no user escapewatch"; return 1; }
	getent group escapewatch >/dev/null || { echo "no group escapewatch"; return 1; }
	uid=$(echo "$u" | cut -d: -f3)
	[ "$uid" -lt 1000 ] && [ "$(echo "$u" | cut -d: -f6,7)" = /nonexistent:/usr/sbin/nologin ] ||
		{ echo "user: $u"; return 1; }
}

# The reader, the service's main process: the user escapewatch, its group,
# and the capabilities CAPS (hex, as /proc/PID/status has them).
reader_is() {
	pid=$(systemctl show -p MainPID --value escapewatch)
	[ -n "$pid" ] && [ "$pid" != 0 ] || { echo "no main process"; return 1; }
	uid=$(id -u escapewatch) gid=$(getent group escapewatch | cut -d: -f3)
	st=$(sed -n 's/^\(Uid\|Gid\|CapEff\|CapPrm\|CapBnd\|CapAmb\):[ \t]*//p' /proc/$pid/status | tr '\t\n' '  ')
	want="$uid $uid $uid $uid $gid $gid $gid $gid $1 $1 $1 $1 "
	[ "$st" = "$want" ] ||
		{ echo "main process $pid: Uid, Gid, CapPrm, CapEff, CapBnd, CapAmb: $st; want $want"; return 1; }
}
# The unit is Type=simple: systemctl start and restart return once the
# main process is forked, before it has taken the user and capabilities
# and exec'd the reader.  Until then it is root's, with every capability.
reader_now() {
	i=0
	until reader_is "$1" >/var/tmp/ewtest-reader 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat /var/tmp/ewtest-reader; return 1; }
		sleep 0.1
	done
}
t_reader_user() { reader_now 0000000000000004; }

# docs/operations.md: the group reads the device, nobody else but root; loading rules
# and the mode need root with CAP_SYS_ADMIN.  As nobody, in the group and
# out of it.
t_group_reads() {
	gid=$(getent group escapewatch | cut -d: -f3)
	member="setpriv --reuid=65534 --regid=65534 --groups=$gid escapewatch"
	out=$($member status 2>&1) || { echo "status in the group: $out"; return 1; }
	out=$($member rules show 2>&1) || { echo "rules show in the group: $out"; return 1; }
	out=$($member rules load /usr/share/escapewatch/default.rules 2>&1) &&
		{ echo "rules load in the group: $out"; return 1; }
	[ "$out" = "escapewatch: /dev/escapewatch: permission denied: loading rules and changing the mode need root with CAP_SYS_ADMIN" ] ||
		{ echo "rules load in the group: $out"; return 1; }
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups escapewatch status 2>&1) &&
		{ echo "status outside the group: $out"; return 1; }
	echo "$out" | grep -q 'permission denied: reading findings and status needs read access to the device node' ||
		{ echo "status outside the group: $out"; return 1; }
}

# The service's logs are its user's.
t_logs_owned() {
	st=$(stat -c '%U %G %a' /var/log/escapewatch /var/log/escapewatch/findings.jsonl | tr '\n' ' ')
	[ "$st" = "escapewatch escapewatch 750 escapewatch escapewatch 600 " ] ||
		{ echo "/var/log/escapewatch and findings.jsonl: $st"; return 1; }
}

# A container without a runtime: fresh PID, mount, UTS and IPC namespaces
# and a busybox root, as root (as a rootful runtime starts one; not
# scenario.sh's ctr, which makes a user namespace); the tool under CDK's
# release file name.
CTR=/var/tmp/ctr
make_container() {
	mkdir -p $CTR/bin $CTR/opt $CTR/proc || return 1
	cp /ew/busybox $CTR/bin/ && ln -sf busybox $CTR/bin/sh || return 1
	cp /ew/tool $CTR/opt/cdk_linux_amd64
}
root_ctr() { unshare -p -f -m -u -i --mount-proc="$CTR/proc" chroot $CTR "$@"; }

# The finding of rule 1001 (cdk), in rsyslog's file and in the service's
# findings file, the same finding (its name) in both; one more than the
# findings file had before (an earlier boot's stay in both files).
FINDINGS=/var/log/escapewatch/findings.jsonl
cdks() { grep -sc '"rule":{"id":1001,' $FINDINGS; }
more_cdks() { [ "$(cdks)" -gt "$1" ]; }
t_tool_found() {
	make_container || return 1
	n=$(cdks)
	root_ctr /opt/cdk_linux_amd64 evaluate >/dev/null ||
		{ echo "the tool did not run in the container"; return 1; }
	wait_until 30 "no new finding in $FINDINGS" more_cdks "${n:-0}" || return 1
	name=$(grep -F '"rule":{"id":1001,' $FINDINGS | tail -n 1 |
		sed -n 's/^{"name":"\([^"]*\)".*/\1/p')
	[ -n "$name" ] || { echo "no finding name"; return 1; }
	wait_until 30 "$name not in /var/log/auth.log" \
		grep -qF "\"name\":\"$name\"" /var/log/auth.log ||
		{ tail -n 3 /var/log/auth.log; return 1; }
	line=$(grep -F "\"name\":\"$name\"" /var/log/auth.log)
	# Debian's rsyslog writes the structured data before the JSON.
	id=${name##*/}
	echo "$line" | grep -q " node-1 escapewatch\[[0-9]*\]: \[escapewatch@32473 id=\"$id\" category=\"Execution: Container Escape\" severity=\"HIGH\" rule=\"cdk\" .*\] {\"name\":\"$name\"," ||
		{ echo "auth.log line: $line"; return 1; }
	[ "$(cdks)" = $((${n:-0} + 1)) ] ||
		{ echo "more than one new cdk finding"; return 1; }
}

# docs/findings.md's respond freeze: the drop-in from the package's examples and
# "respond freeze" in the configuration; the reader, still escapewatch
# with CAP_DAC_OVERRIDE alone, freezes a container's cgroup (root's).  The
# configuration and the unit as they were after it.
ID=4f3c1e0b9a8d1f3c1e0b9a8d4f3c1e0b9a8d1f3c1e0b9a8d4f3c1e0b9a8d1f3c
CG=/sys/fs/cgroup/system.slice/docker-$ID.scope
DROPIN=/etc/systemd/system/escapewatch.service.d
frozen() { [ "$(cat $CG/cgroup.freeze)" = 1 ] && grep -qx 'frozen 1' $CG/cgroup.events; }
t_freeze() {
	mkdir -p $DROPIN &&
		cp /usr/share/doc/escapewatch/examples/respond-freeze.conf $DROPIN/ &&
		cp /etc/escapewatch/escapewatch.conf /var/tmp/ewtest-conf || return 1
	sed -i 's/^#respond freeze$/respond freeze/' /etc/escapewatch/escapewatch.conf
	grep -qx 'respond freeze' /etc/escapewatch/escapewatch.conf || { echo "no '#respond freeze' line"; return 1; }
	systemctl daemon-reload && systemctl restart escapewatch && t_active || return 1
	reader_now 0000000000000006 || return 1
	journalctl -b -u escapewatch -o cat | grep -q 'without CAP_DAC_OVERRIDE' &&
		{ echo "the reader says it lacks CAP_DAC_OVERRIDE"; return 1; }
	mkdir $CG || return 1
	# In the background: frozen, it would never return.
	( echo "$BASHPID" >$CG/cgroup.procs && exec unshare -p -f -m -u -i \
		--mount-proc="$CTR/proc" chroot $CTR /opt/cdk_linux_amd64 evaluate ) >/dev/null 2>&1 &
	p=$!
	wait_until 30 "not frozen: $(journalctl -b -u escapewatch -o cat | tail -n 2)" frozen
	r=$?
	echo 0 >$CG/cgroup.freeze
	wait $p
	wait_until 10 "$CG stays" rmdir $CG 2>/dev/null
	[ $r = 0 ] || return 1
	journalctl -b -u escapewatch -o cat | grep -q "^escapewatch: froze container docker:${ID:0:12}[0-9a-f]* (cgroup /system.slice/docker-$ID.scope) for finding " ||
		{ journalctl -b -u escapewatch -o cat | tail -n 3; return 1; }
}
t_freeze_undone() {
	rm -rf $DROPIN && cp /var/tmp/ewtest-conf /etc/escapewatch/escapewatch.conf &&
		systemctl daemon-reload && systemctl restart escapewatch && t_active &&
		reader_now 0000000000000004
}

# The kernel upgrade, as a host's update installs a newer kernel: apt-get
# from a repository, here rootfs.sh's flat one on the disk (the VM has no
# network), which alone is read: the archive's are out of reach.  apt
# rather than dpkg -i of the files: it takes the dependencies from the
# repository, orders them, and marks them installed automatically, as an
# update does.  DKMS runs from the packages' hooks alone
# (/etc/kernel/postinst.d/dkms for the image, header_postinst.d for the
# headers); the log says it built escapewatch.  docs/operations.md's
# example, with the versions rootfs.sh downloaded:
#   apt-get install linux-image-6.12.118+deb12-amd64 linux-headers-6.12.118+deb12-amd64
UP=/var/lib/ewtest/upgrade
t_kernel_is() {
	[ "$kver" = "$1" ] || { echo "running $kver, not $1"; return 1; }
}
# Debian's initramfs for the new kernel is none of ours, and the VM never
# boots it (run.sh boots its own): under emulation on a loaded machine
# mkinitramfs (MODULES=most) ran for more than 17 minutes without
# finishing, so for the upgrade update-initramfs is diverted to a stub
# that says it ran, then put back.  The hooks run as on a host.
stub_initramfs() {
	dpkg-divert --local --rename --divert /usr/sbin/update-initramfs.ewtest \
		--add /usr/sbin/update-initramfs >/dev/null || return 1
	printf '#!/bin/sh\necho "update-initramfs $*: not run (ewtest.sh)"\n' \
		>/usr/sbin/update-initramfs && chmod 755 /usr/sbin/update-initramfs
}
unstub_initramfs() {
	rm -f /usr/sbin/update-initramfs &&
		dpkg-divert --local --rename --remove /usr/sbin/update-initramfs >/dev/null
}
t_upgrade() {
	echo "deb [trusted=yes] file:$UP ./" >/etc/apt/sources.list.d/ewtest.list
	log=/var/tmp/ewtest-upgrade.log
	apt-get update -o Dir::Etc::SourceList=/etc/apt/sources.list.d/ewtest.list \
		-o Dir::Etc::SourceParts=- >$log 2>&1 ||
		{ cat $log; return 1; }
	stub_initramfs || return 1
	DEBIAN_FRONTEND=noninteractive apt-get install -y \
		"linux-image-$new=$newver" "linux-headers-$new=$newver" >>$log 2>&1 ||
		{ cat $log; unstub_initramfs; return 1; }
	unstub_initramfs || { echo "update-initramfs not put back"; return 1; }
	grep -q "^dkms: autoinstall for kernel: $new" $log &&
		grep -q '^Signing module /var/lib/dkms/escapewatch/' $log ||
		{ echo "DKMS's hooks did not build and sign escapewatch for $new"; return 1; }
}

# On the newer kernel: the installed package's, and what the boot loaded
# is the module DKMS built for it.
t_new_kernel() {
	t_kernel_is "$new" || return 1
	st=$(dpkg-query -W -f '${Version} ${db:Status-Abbrev}' "linux-image-$new")
	[ "$st" = "$newver ii " ] || { echo "linux-image-$new: $st"; return 1; }
}
t_module_is_dkms() {
	f=$(modinfo -n escapewatch) || return 1
	[ "$f" = "$(ko "$new")" ] || { echo "modprobe finds $f"; return 1; }
	[ "$(cat /sys/module/escapewatch/srcversion)" = "$(modinfo -F srcversion "$f")" ] ||
		{ echo "the loaded module is not $f"; return 1; }
}

# The old kernel removed as an administrator does, offline; DKMS's
# /etc/kernel/prerm.d hook removes its module.  Nothing of ours left for
# it; the newer kernel's untouched.  docs/operations.md's example:
#   apt-get purge linux-image-6.1.0-57-amd64 linux-headers-6.1.0-57-amd64
#   apt-get autoremove --purge
t_purge_old() {
	log=/var/tmp/ewtest-purge-old.log
	DEBIAN_FRONTEND=noninteractive apt-get purge -y "linux-image-$old" \
		"linux-headers-$old" >$log 2>&1 &&
		DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y >>$log 2>&1 ||
		{ cat $log; return 1; }
	grep -q "^dkms: removing: escapewatch .* ($old)" $log ||
		{ echo "DKMS's prerm hook did not remove escapewatch for $old"; return 1; }
	st=$(dpkg-query -W -f '${db:Status-Abbrev}' "linux-image-$old" "linux-headers-$old" 2>/dev/null)
	[ -z "$(echo "$st" | tr -d ' n')" ] || { echo "dpkg status of the old kernel: $st"; return 1; }
}
t_old_clean() {
	left="$(ko "$old") $(find "/lib/modules/$old" -name '*escapewatch*' 2>/dev/null)"
	left="$left $(ls -d /var/lib/dkms/escapewatch/*/"$old"* 2>/dev/null)"
	st=$(dkms status escapewatch)
	echo "$st" | grep -qF "$old" && left="$left dkms status: $st"
	left=$(echo $left)
	[ -z "$left" ] || { echo "left for $old: $left"; return 1; }
	t_dkms_installed "$new"
}

# A kernel without what the module needs (dkms.conf's
# BUILD_EXCLUSIVE_CONFIG): this kernel's headers made to lack CONFIG_GLOB,
# standing in for a kernel built without it (Debian's have it; building
# and booting one without it under emulation would take hours).  dkms
# reads the .config of /lib/modules/KERNEL/build.
t_strip_glob() {
	c=$(readlink -f "/lib/modules/$kver/build")/.config
	grep -qx 'CONFIG_GLOB=y' "$c" || { echo "no CONFIG_GLOB=y in $c"; return 1; }
	sed -i 's/^CONFIG_GLOB=y$/# CONFIG_GLOB is not set/' "$c" &&
		! grep -q '^CONFIG_GLOB=' "$c"
}

# What dkms 3.0.10 prints for a kernel its BUILD_EXCLUSIVE_CONFIG excludes
# (dkms build exits 77; common.postinst, which dh_dkms's postinst runs,
# says "Skipped." and goes on).
EXCL="includes a BUILD_EXCLUSIVE directive which does not match this kernel/arch/config."

# dpkg -i again: it succeeds, and DKMS says why it built nothing.
t_install_skipped() {
	t_dpkg_install || return 1
	log=/var/tmp/ewtest-dpkg.log
	grep -q "^Building initial module for $kver$" $log &&
		grep -qF "Error! The /var/lib/dkms/escapewatch/0.1.0/$kver/x86_64/dkms.conf for module escapewatch $EXCL" $log &&
		grep -qx 'Skipped.' $log ||
		{ echo "no BUILD_EXCLUSIVE skip for $kver in the log:"; cat $log; return 1; }
}

# dkms status: added, built for no kernel; no module file; dkms build
# says why (exit 77).
t_dkms_skipped() {
	st=$(dkms status escapewatch)
	[ "$st" = "escapewatch/0.1.0: added" ] || { echo "dkms status: $st"; return 1; }
	[ -z "$(ko "$kver")" ] || { echo "a module for $kver: $(ko "$kver")"; return 1; }
	out=$(dkms build escapewatch/0.1.0 -k "$kver" 2>&1)
	r=$?
	[ $r = 77 ] && echo "$out" | grep -qF "$EXCL" ||
		{ echo "dkms build exited $r: $out"; return 1; }
}

# The reader's hint (userspace/input/missing.c) where the user looks.
HINT="no escapewatch module is installed for this kernel, $kver (DKMS skipped it or failed: dkms status escapewatch)"
is_failed() { [ "$(systemctl is-active escapewatch)" = failed ]; }
# The service fails (after its five tries: StartLimitBurst) and says why
# in its journal (journalctl -u escapewatch).  Not in systemctl status:
# systemd 252 shows there only the lines since the unit's last start, and
# the start that hits the limit runs nothing; it says "Start request
# repeated too quickly".
t_service_missing() {
	wait_until 90 "escapewatch.service $(systemctl is-active escapewatch), not failed" is_failed || return 1
	journalctl -b -u escapewatch -o cat --no-pager | grep -qF "$HINT" ||
		{ echo "not in the journal:"; journalctl -b -u escapewatch -o cat --no-pager | tail -n 4; return 1; }
	systemctl status escapewatch --no-pager -l | grep -q 'Start request repeated too quickly' ||
		{ echo "systemctl status:"; systemctl status escapewatch --no-pager -l | tail -n 4; return 1; }
}
t_status_missing() {
	escapewatch status >/var/tmp/ewtest-status 2>&1
	r=$?
	[ $r = 3 ] && grep -qF "$HINT" /var/tmp/ewtest-status ||
		{ echo "status exited $r:"; cat /var/tmp/ewtest-status; return 1; }
}

# The boot without a module: it reaches multi-user.target, and
# escapewatch.service, once its tries are over, is the one failed unit.
t_booted_missing() {
	systemctl is-system-running --wait >/dev/null
	st=$(systemctl is-active multi-user.target)
	[ "$st" = active ] || { echo "multi-user.target $st"; return 1; }
	wait_until 90 "escapewatch.service $(systemctl is-active escapewatch), not failed" is_failed || return 1
	failed=$(systemctl --failed --no-legend --plain | cut -d' ' -f1 | tr '\n' ' ')
	[ "$failed" = "escapewatch.service " ] || { echo "failed units: $failed"; return 1; }
	st=$(systemctl is-system-running)
	[ "$st" = degraded ] || { echo "system $st"; return 1; }
}
# systemd-modules-load reads /usr/lib/modules-load.d/escapewatch.conf,
# which names a module this kernel lacks: the unit must not fail for it.
t_modules_load() {
	st=$(systemctl is-active systemd-modules-load.service)
	[ "$st" = active ] ||
		{ echo "systemd-modules-load.service $st"; journalctl -b -u systemd-modules-load -o cat --no-pager | tail -n 3; return 1; }
}

# The removal in docs/operations.md, step by step.
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

# Nothing of the packages left: the files the docs name, then anything
# named escapewatch anywhere on the root file system (but this test's
# own files and the findings in auth.log, which the docs say stay).
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
	left="$left $(find / -xdev \( -user escapewatch -o -group escapewatch \) 2>/dev/null | tr '\n' ' ')"
	left=$(echo $left)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

# docs/operations.md: the system user and group stay at purge, as Debian leaves them;
# deluser --system removes both.
t_user_removed() {
	getent passwd escapewatch >/dev/null && getent group escapewatch >/dev/null ||
		{ echo "purge removed the user or the group"; return 1; }
	deluser --system escapewatch >/var/tmp/ewtest-deluser.log 2>&1 ||
		{ cat /var/tmp/ewtest-deluser.log; return 1; }
	! getent passwd escapewatch && ! getent group escapewatch ||
		{ echo "after deluser --system escapewatch"; return 1; }
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
	check key_kept t_key_kept
	check user_made t_user
	check service_active_after_install t_active
	check device_node_after_install t_device
	check reader_user_after_install t_reader_user
	# The log of the install, for run.sh to keep.
	sed 's/^/dpkg: /' /var/tmp/ewtest-dpkg.log >&3
	;;
check)
	check booted t_booted
	check module_loaded_at_boot t_module_live
	check service_active t_active
	check status t_status
	check device_node_root_escapewatch_0640 t_device
	check reader_user_no_capabilities t_reader_user
	check group_reads_others_not t_group_reads
	check container_tool_finding t_tool_found
	check logs_owned_by_escapewatch t_logs_owned
	check respond_freeze_dropin t_freeze
	check respond_freeze_dropin_removed t_freeze_undone
	;;
upgrade)
	check booted t_booted
	check "running_$old" t_kernel_is "$old"
	t0=$(date +%s)
	check "apt_install_$new" t_upgrade
	echo "# apt-get install of $new: $(($(date +%s) - t0)) s" >&3
	check "dkms_installed_$new" t_dkms_installed "$new"
	check "signed_by_same_key_$new" t_same_key "$new"
	sed 's/^/dpkg: /' /var/tmp/ewtest-upgrade.log >&3
	;;
upgraded)
	check booted t_booted
	check "running_$new" t_new_kernel
	check module_loaded_at_boot t_module_live
	check "module_dkms_built_$new" t_module_is_dkms
	check service_active t_active
	check status t_status
	check reader_user_no_capabilities t_reader_user
	check container_tool_finding t_tool_found
	check "old_kernel_purged_$old" t_purge_old
	check "nothing_left_for_$old" t_old_clean
	sed 's/^/dpkg: /' /var/tmp/ewtest-purge-old.log >&3
	check stop t_stop
	check unload t_unload
	check purge t_purge
	check headers_without_config_glob t_strip_glob
	check dpkg_install_dkms_skips_build_exclusive t_install_skipped
	check dkms_added_not_built t_dkms_skipped
	check service_fails_with_hint t_service_missing
	check status_exit_3_with_hint t_status_missing
	sed 's/^/dpkg: /' /var/tmp/ewtest-dpkg.log >&3
	;;
noconfig)
	check booted_only_escapewatch_failed t_booted_missing
	check systemd_modules_load_active t_modules_load
	check service_failed_with_hint t_service_missing
	check status_exit_3_with_hint t_status_missing
	check purge t_purge
	check clean t_clean
	check user_kept_then_deluser t_user_removed
	;;
*)
	not_ok phase "unknown ew.phase '$phase'"
	;;
esac
finish
