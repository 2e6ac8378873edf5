#!/bin/sh
# The Debian packages, built as a user would build them and checked
# without installing anything on this machine:
#   - one version everywhere: dkms.conf's PACKAGE_VERSION, debian/changelog,
#     MODULE_VERSION, the man pages;
#   - dpkg-buildpackage -us -uc -b in a copy of the tree outside it;
#   - the arm64 package: dpkg-buildpackage -us -uc -B -a arm64 in a cached
#     bookworm root with arm64 as a foreign architecture and the cross
#     build-dependencies (tests/package/buildroot.sh; this machine's dpkg
#     stays amd64 alone), then the reader an AArch64 ELF, the files and
#     modes the amd64 package's, its fields, lintian as for amd64;
#   - lintian on the .changes: an error or a warning fails, and so does an
#     override without a comment giving its reason;
#   - each package's files (dpkg-deb -c), control fields, conffiles and
#     maintainer scripts;
#   - the service: systemd-analyze verify, its exposure under
#     systemd-analyze security, the paths it runs, the shipped config
#     file read by the packaged reader;
#   - DKMS as Debian 12's dkms does it: dkms add and build of the packaged
#     sources against each kernel line's headers (tests/qemu/kernel.sh;
#     amd64 and arm64, cross-built, 6.1 and 6.12),
#     with dkms's own configuration, in a mount namespace where /usr/src,
#     /lib/modules and /var/lib/dkms are this test's; the module built,
#     signed by the MOK key that dkms made (checked with openssl), without
#     the record generator of test builds (tests/recgen); and a
#     kernel whose .config lacks any one of BUILD_EXCLUSIVE_CONFIG skipped
#     (dkms exit 77).  Never dkms install, never a module loaded.
# One "ok ..." / "not ok ..." line per check; exits non-zero if any fails.
#   package-check.sh [OUTDIR]    OUTDIR: keep the .deb files there (arm64's
#                                too)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
keep=${1:-}
tmp=$(mktemp -d /tmp/ew-package.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok package: $*"; }
fail() {
	echo "not ok package: $*"
	failed=1
}
show() { sed 's/^/#   /' "$@" | tail -n 40; }

# One version.
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
[ -n "$version" ] || { echo "not ok package: no PACKAGE_VERSION in dkms.conf"; exit 1; }
chv=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
modv=$(sed -n 's/^MODULE_VERSION("\(.*\)");$/\1/p' "$top/kmod/main.c")
manv=$(sed -n 's/^\.TH .*"escapewatch \([^"]*\)".*/\1/p' "$top"/man/*.[1-9] | sort -u)
if [ "$chv" = "$version" ] && [ "$modv" = "$version" ] && [ "$manv" = "$version" ]; then
	ok "version $version in dkms.conf, debian/changelog, MODULE_VERSION and the man pages"
else
	fail "versions differ: dkms.conf $version, changelog $chv, MODULE_VERSION $modv, man pages $(echo $manv)"
fi

# The build, in a copy of the tree (its files as they are now).
copy_tree() {	# copy_tree DIR
	mkdir -p "$1"
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z -co --exclude-standard |
			tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$1" -xf -
	else
		(cd "$top" && tar --exclude=./build -cf - .) | tar -C "$1" -xf -
	fi
}
src=$tmp/escapewatch-$version
copy_tree "$src"
arch=$(dpkg --print-architecture)
deb=$tmp/escapewatch_${version}_$arch.deb
dkmsdeb=$tmp/escapewatch-dkms_${version}_all.deb
changes=$tmp/escapewatch_${version}_$arch.changes
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 &&
	[ -f "$deb" ] && [ -f "$dkmsdeb" ] && [ -f "$changes" ]; then
	ok "dpkg-buildpackage -us -uc -b: $(cd "$tmp" && ls ./*.deb | sed 's|^\./||' | tr '\n' ' ')"
else
	fail "dpkg-buildpackage failed"
	show "$tmp/build.log"
	exit 1
fi
if [ -n "$keep" ]; then
	mkdir -p "$keep" && cp "$deb" "$dkmsdeb" "$keep/"
fi

# lintian: errors and warnings fail; info and pedantic tags are shown.
lint() {	# lint CHANGES WHAT
	lintian --fail-on error,warning --display-info --pedantic --show-overrides \
		"$1" >"$tmp/lintian" 2>"$tmp/lintian.err"
	status=$?
	if [ $status = 0 ] && ! grep -q '^[EW]: ' "$tmp/lintian"; then
		ok "lintian$2: no error or warning ($(grep -c '^[IPX]: ' "$tmp/lintian") info or pedantic tags, $(grep -c '^O: ' "$tmp/lintian") overridden)"
	else
		fail "lintian$2: exit $status"
		show "$tmp/lintian.err"
	fi
	show "$tmp/lintian"
}
lint "$changes" ""
# Every override says why: a comment right above it.
for f in "$top"/debian/*.lintian-overrides "$top"/debian/source/lintian-overrides; do
	[ -f "$f" ] || continue
	bare=$(awk '/^#/ { why = 1; next } /^[ \t]*$/ { why = 0; next }
		{ if (!why) print FILENAME ":" FNR ": " $0 }' "$f")
	[ -z "$bare" ] && ok "lintian overrides give their reasons: ${f#"$top"/}" ||
		fail "lintian overrides without a reason: $bare"
done

# The packages' files.
dpkg-deb -c "$deb" | awk '{ print $1, $6 }' | sed 's| \./| /|' >"$tmp/files"
dpkg-deb -c "$dkmsdeb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/dkms-files"
missing=""
for f in "-rwxr-xr-x /usr/sbin/escapewatch" \
	"-rw-r--r-- /usr/share/escapewatch/default.rules" \
	"-rw-r--r-- /etc/escapewatch/escapewatch.conf" \
	"-rw-r--r-- /usr/lib/modules-load.d/escapewatch.conf" \
	"-rw-r--r-- /lib/systemd/system/escapewatch.service" \
	"-rw-r--r-- /lib/udev/rules.d/60-escapewatch.rules" \
	"-rw-r--r-- /etc/logrotate.d/escapewatch" \
	"-rw-r--r-- /usr/share/man/man8/escapewatch.8.gz" \
	"-rw-r--r-- /usr/share/man/man5/escapewatch.rules.5.gz" \
	"-rw-r--r-- /usr/share/man/man4/escapewatch.4.gz" \
	"-rw-r--r-- /usr/share/bash-completion/completions/escapewatch" \
	"-rw-r--r-- /usr/share/doc/escapewatch/examples/respond-freeze.conf" \
	"-rw-r--r-- /usr/share/doc/escapewatch/copyright"; do
	grep -qxF -- "$f" "$tmp/files" || missing="$missing ${f#* }"
done
[ -z "$missing" ] && ok "escapewatch has the reader, rules, config, unit, udev rule, modules-load.d entry, logrotate, man pages, completion, the respond-freeze drop-in" ||
	fail "escapewatch lacks (or has another mode for):$missing"
# README.md and docs/*.md, uncompressed and where README's links point.
missing=""
for f in README.md $(cd "$top" && ls docs/*.md); do
	grep -qxF -- "-rw-r--r-- /usr/share/doc/escapewatch/$f" "$tmp/files" || missing="$missing $f"
done
[ -z "$missing" ] && ok "escapewatch has README.md and docs/*.md ($(cd "$top" && ls docs/*.md | wc -l) pages) uncompressed in /usr/share/doc/escapewatch" ||
	fail "escapewatch lacks (or compressed) in /usr/share/doc/escapewatch:$missing"
if grep -q ' /usr/src/\| /usr/local/\| /lib/modules/' "$tmp/files"; then
	fail "escapewatch ships module files or /usr/local: $(grep ' /usr/src/\| /usr/local/\| /lib/modules/' "$tmp/files" | head -n 3)"
else
	ok "escapewatch ships no module sources, no /usr/local, no /lib/modules"
fi
d=/usr/src/escapewatch-$version
want=$({ echo "$d/dkms.conf"; echo "$d/Kbuild"; echo "$d/include/uapi/escapewatch.h"
	(cd "$top" && ls kmod/*.c kmod/*.h) | sed "s|^|$d/|"; } | sort)
have=$(grep "^$d/.*[^/]$" "$tmp/dkms-files" | sort)
if [ "$want" = "$have" ]; then
	ok "escapewatch-dkms has exactly dkms.conf, Kbuild, the ABI header and kmod/ ($(echo "$have" | wc -l) files) under $d"
else
	fail "escapewatch-dkms's sources differ from the tree's:"
	printf '%s\n' "$want" >"$tmp/want"
	printf '%s\n' "$have" >"$tmp/have"
	diff "$tmp/want" "$tmp/have" | show
fi
objs=$(sed -n '/^escapewatch-y/,/^$/p' "$top/Kbuild" | grep -o '[a-z_/]*\.o' | sed 's/\.o$/.c/')
miss=""
for o in $objs; do
	grep -qx "$d/$o" "$tmp/dkms-files" || miss="$miss $o"
done
[ -n "$objs" ] && [ -z "$miss" ] && ok "escapewatch-dkms has the source of each of Kbuild's $(echo $objs | wc -w) objects" ||
	fail "escapewatch-dkms lacks Kbuild's sources:$miss"
if grep -v "^/usr/src/\|^/usr/share/doc/escapewatch-dkms/\|/$" "$tmp/dkms-files" | grep -q .; then
	fail "escapewatch-dkms has files outside /usr/src and its doc: $(grep -v "^/usr/src/\|^/usr/share/doc/escapewatch-dkms/\|/$" "$tmp/dkms-files" | head -n 3)"
else
	ok "escapewatch-dkms has nothing outside /usr/src and its doc"
fi

# Control fields and maintainer scripts.
field() { dpkg-deb -f "$1" "$2"; }
mkdir -p "$tmp/ctl/ew" "$tmp/ctl/dkms" "$tmp/root" "$tmp/dkmsroot"
dpkg-deb -e "$deb" "$tmp/ctl/ew"
dpkg-deb -e "$dkmsdeb" "$tmp/ctl/dkms"
dpkg-deb -x "$deb" "$tmp/root"
dpkg-deb -x "$dkmsdeb" "$tmp/dkmsroot"
check_field() {	# check_field DEB FIELD GREP-PATTERN WHAT
	v=$(field "$1" "$2")
	if echo "$v" | grep -q -- "$3"; then
		ok "$4 ($2: $v)"
	else
		fail "$4: $2 is '$v'"
	fi
}
check_field "$deb" Version "^$version\$" "escapewatch's version is dkms.conf's"
check_field "$dkmsdeb" Version "^$version\$" "escapewatch-dkms's version is dkms.conf's"
check_field "$deb" Architecture "^$arch\$" "escapewatch is built for $arch"
check_field "$dkmsdeb" Architecture '^all$' "escapewatch-dkms is for all architectures"
check_field "$deb" Depends "escapewatch-dkms (= $version)" "escapewatch depends on the same version of escapewatch-dkms"
check_field "$deb" Depends "libjansson4" "escapewatch depends on its shared libraries"
check_field "$deb" Depends "adduser" "escapewatch depends on adduser (its postinst makes the user escapewatch)"
check_field "$dkmsdeb" Depends 'dkms (>= 3.0.3-4~)' "escapewatch-dkms depends on a dkms that knows BUILD_EXCLUSIVE_CONFIG"
check_field "$dkmsdeb" Section '^kernel$' "escapewatch-dkms is in section kernel"
grep -qx /etc/escapewatch/escapewatch.conf "$tmp/ctl/ew/conffiles" &&
	ok "/etc/escapewatch/escapewatch.conf is a conffile" ||
	fail "/etc/escapewatch/escapewatch.conf is no conffile: $(cat "$tmp/ctl/ew/conffiles")"
if grep -qx "DKMS_NAME=escapewatch" "$tmp/ctl/dkms/postinst" &&
	grep -qx "DKMS_VERSION=$version" "$tmp/ctl/dkms/postinst" &&
	grep -q 'common.postinst' "$tmp/ctl/dkms/postinst" &&
	grep -q "dkms remove -m \$DKMS_NAME -v \$DKMS_VERSION --all" "$tmp/ctl/dkms/prerm"; then
	ok "escapewatch-dkms's postinst adds, builds and installs escapewatch/$version with DKMS; its prerm removes it"
else
	fail "escapewatch-dkms's maintainer scripts do not register escapewatch/$version"
fi
cmp -s "$top/dkms.conf" "$tmp/dkmsroot$d/dkms.conf" &&
	ok "the packaged dkms.conf is the tree's" || fail "the packaged dkms.conf differs from the tree's"
if grep -q "deb-systemd-helper enable 'escapewatch.service'" "$tmp/ctl/ew/postinst" &&
	grep -q "deb-systemd-invoke \$_dh_action 'escapewatch.service'" "$tmp/ctl/ew/postinst" &&
	grep -q "deb-systemd-invoke stop 'escapewatch.service'" "$tmp/ctl/ew/prerm" &&
	grep -q 'rm -rf /var/log/escapewatch' "$tmp/ctl/ew/postrm"; then
	ok "escapewatch's scripts enable and start the service at install, stop it at removal, remove its logs at purge"
else
	fail "escapewatch's maintainer scripts do not handle the service"
fi
# The user before the service starts: adduser comes before dh's snippets.
add=$(grep -n '^[[:space:]]*adduser --system --group ' "$tmp/ctl/ew/postinst" | cut -d: -f1 | head -n 1)
start=$(grep -n "deb-systemd-invoke \$_dh_action 'escapewatch.service'" "$tmp/ctl/ew/postinst" | cut -d: -f1 | head -n 1)
if [ -n "$add" ] && [ -n "$start" ] && [ "$add" -lt "$start" ] &&
	sed -n "$add,$((add + 1))p" "$tmp/ctl/ew/postinst" | tr -d '\\\n' | grep -q ' escapewatch$' &&
	! grep -v '^[[:space:]]*#' "$tmp/ctl/ew/postrm" | grep -q 'deluser\|delgroup\|userdel'; then
	ok "escapewatch's postinst makes the system user and group escapewatch before it starts the service; purge keeps them"
else
	fail "escapewatch's postinst does not make the user escapewatch before the service starts (adduser line '$add', start line '$start'), or postrm removes it"
fi

# The service.
unit=$tmp/root/lib/systemd/system/escapewatch.service
# systemd-analyze checks that the commands exist: the package's /usr is
# laid over this machine's in a mount namespace.
cat >"$tmp/verify.sh" <<EOF
set -e
mount -t overlay overlay -o lowerdir=$tmp/root/usr:/usr /usr
systemd-analyze verify "$unit"
systemd-analyze security --offline=yes --no-pager "$unit"
EOF
if unshare -m sh "$tmp/verify.sh" >"$tmp/analyze" 2>"$tmp/analyze.err" &&
	[ ! -s "$tmp/analyze.err" ]; then
	ok "systemd-analyze verify escapewatch.service: no complaint"
else
	fail "systemd-analyze verify escapewatch.service"
	show "$tmp/analyze.err"
fi
exposure=$(sed -n 's/.*Overall exposure level for escapewatch.service: \([0-9.]*\) .*/\1/p' "$tmp/analyze")
if [ -n "$exposure" ] && awk "BEGIN { exit !($exposure <= 3.5) }"; then
	ok "systemd-analyze security: exposure $exposure (at most 3.5)"
else
	fail "systemd-analyze security: exposure '$exposure', more than 3.5"
fi
grep '✗' "$tmp/analyze" | sed 's/  */ /g' | show
# Each absolute path the unit runs or reads is in the package, or a
# standard command; /etc/escapewatch/rules is the administrator's.
miss=""
for p in $(grep '^Exec' "$unit" | grep -o '/[a-z][a-z0-9/._-]*' | sort -u); do
	case $p in
	/bin/sh | /bin/kill | /etc/escapewatch/rules) ;;
	*) [ -e "$tmp/root$p" ] || miss="$miss $p" ;;
	esac
done
[ -z "$miss" ] && ok "every path the unit's commands name is in the package" ||
	fail "the unit names paths the package lacks:$miss"
grep -q '^DeviceAllow=/dev/escapewatch rw$' "$unit" &&
	grep -q '^Wants=modprobe@escapewatch.service$' "$unit" &&
	grep -q '^After=modprobe@escapewatch.service' "$unit" &&
	ok "the unit loads the module before it starts, and may open only /dev/escapewatch" ||
	fail "the unit's module loading or device policy changed"
# The reader as escapewatch with CAP_DAC_READ_SEARCH alone (to read the
# container runtimes' state files); only the rules and mode steps as root
# ("+").
if grep -qx 'User=escapewatch' "$unit" && grep -qx 'Group=escapewatch' "$unit" &&
	[ "$(grep '^CapabilityBoundingSet=' "$unit")" = 'CapabilityBoundingSet=CAP_DAC_READ_SEARCH' ] &&
	[ "$(grep '^AmbientCapabilities=' "$unit")" = 'AmbientCapabilities=CAP_DAC_READ_SEARCH' ] &&
	grep -qx 'ExecStart=/usr/sbin/escapewatch watch --config /etc/escapewatch/escapewatch.conf' "$unit" &&
	[ "$(grep -c '^Exec[A-Za-z]*=+' "$unit")" = 4 ] &&
	[ "$(grep -c '^Exec[A-Za-z]*=+.*escapewatch \(rules load\|mode --config\)' "$unit")" = 4 ]; then
	ok "the unit runs the reader as escapewatch:escapewatch with CAP_DAC_READ_SEARCH alone; only rules load and mode run as root"
else
	fail "the unit's user, capabilities or privileged steps changed"
fi
# The shipped configuration, read by the packaged reader: exit 1 (the
# device is missing here), never 2 (a wrong line).
ew=$tmp/root/usr/sbin/escapewatch
conf=$tmp/root/etc/escapewatch/escapewatch.conf
"$ew" mode --config "$conf" --device "$tmp/no-device" >"$tmp/out" 2>&1
status=$?
if [ $status = 1 ] && grep -q "$tmp/no-device" "$tmp/out"; then
	ok "the packaged escapewatch.conf passes mode --config and watch's checks"
else
	fail "the packaged escapewatch.conf: mode --config exit $status"
	show "$tmp/out"
fi
if "$ew" rules check "$tmp/root/usr/share/escapewatch/default.rules" >"$tmp/out" 2>&1; then
	ok "the packaged default rules pass rules check: $(cat "$tmp/out")"
else
	fail "the packaged default rules: $(cat "$tmp/out")"
fi
# udev: the module's misc device by the name the module gives it.
devname=$(sed -n 's/^#define EW_DEVICE_NAME[ \t]*"\(.*\)"/\1/p' "$top/include/uapi/escapewatch.h")
rule=$(grep -v '^#' "$tmp/root/lib/udev/rules.d/60-escapewatch.rules" | grep .)
if [ -n "$devname" ] && [ "$rule" = "KERNEL==\"$devname\", SUBSYSTEM==\"misc\", OWNER=\"root\", GROUP=\"escapewatch\", MODE=\"0640\"" ]; then
	ok "the udev rule: /dev/$devname root:escapewatch 0640"
else
	fail "the udev rule: '$rule' (device name '$devname')"
fi
if [ "$(cat "$tmp/root/usr/lib/modules-load.d/escapewatch.conf")" = escapewatch ] &&
	grep -q '^BUILT_MODULE_NAME\[0\]="escapewatch"$' "$top/dkms.conf"; then
	ok "modules-load.d names the module DKMS builds"
else
	fail "modules-load.d does not name escapewatch"
fi

# The arm64 package, cross-built as on an amd64 host: dpkg-buildpackage
# -a arm64 in a bookworm root that has arm64 as a foreign architecture and
# the cross build-dependencies (tests/package/buildroot.sh, cached; made
# by make check's prefetch, which this waits for), so that this
# machine's dpkg stays amd64 alone.  The root is the lower layer of an
# overlay and the build's tree is bound into it, all in a mount namespace
# that takes the mounts with it however the build ends.  debian/rules
# skips the reader's tests (dh_auto_test) when cross-building: this
# machine cannot run an arm64 binary.
xdeb=$tmp/arm64/escapewatch_${version}_arm64.deb
xchanges=$tmp/arm64/escapewatch_${version}_arm64.changes
if xroot=$(sh "$here/package/buildroot.sh" 2>"$tmp/buildroot.err"); then
	mkdir -p "$tmp/arm64" "$tmp/ov/upper" "$tmp/ov/work" "$tmp/ov/root"
	copy_tree "$tmp/arm64/escapewatch-$version"
	cat >"$tmp/xbuild.sh" <<-EOF
	set -eu
	mount -t overlay overlay -o lowerdir=$xroot,upperdir=$tmp/ov/upper,workdir=$tmp/ov/work $tmp/ov/root
	mount -t proc proc $tmp/ov/root/proc
	mount --bind /dev $tmp/ov/root/dev
	mkdir -p $tmp/ov/root/build
	mount --bind $tmp/arm64 $tmp/ov/root/build
	chroot $tmp/ov/root env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C.UTF-8 sh -c 'cd /build/escapewatch-$version &&
		dpkg-buildpackage -us -uc -B -a arm64'
	EOF
	t0=$(date +%s)
	if unshare -m sh "$tmp/xbuild.sh" >"$tmp/xbuild.log" 2>&1 &&
		[ -f "$xdeb" ] && [ -f "$xchanges" ]; then
		ok "dpkg-buildpackage -us -uc -B -a arm64 in the arm64 build root: escapewatch_${version}_arm64.deb ($(($(date +%s) - t0)) s)"
	else
		fail "dpkg-buildpackage -a arm64 failed"
		show "$tmp/xbuild.log"
	fi
	if grep -q '^cross-building for arm64: the reader.s tests skipped$' "$tmp/xbuild.log"; then
		ok "the cross build skips the reader's tests (dh_auto_test): this machine cannot run them"
	else
		fail "the cross build did not skip the reader's tests"
	fi
else
	fail "no arm64 build root (tests/package/buildroot.sh)"
	show "$tmp/buildroot.err"
fi
if [ -f "$xdeb" ]; then
	[ -z "$keep" ] || cp "$xdeb" "$keep/"
	mkdir -p "$tmp/xroot"
	dpkg-deb -x "$xdeb" "$tmp/xroot"
	xew=$tmp/xroot/usr/sbin/escapewatch
	if readelf -h "$xew" 2>/dev/null | grep -q 'Machine: *AArch64$' &&
		readelf -h "$xew" | grep -q 'Class: *ELF64$' &&
		readelf -d "$xew" | grep -q 'NEEDED.*\[libjansson\.so\.4\]'; then
		ok "the arm64 package's /usr/sbin/escapewatch is an ELF64 for AArch64, linked to libjansson.so.4"
	else
		fail "the arm64 package's /usr/sbin/escapewatch: $(readelf -h "$xew" 2>&1 | grep 'Machine\|Error')"
	fi
	dpkg-deb -c "$xdeb" | awk '{ print $1, $6 }' | sed 's| \./| /|' >"$tmp/xfiles"
	if cmp -s "$tmp/files" "$tmp/xfiles"; then
		ok "the arm64 package has the amd64 one's files, with the same modes ($(wc -l <"$tmp/xfiles") entries)"
	else
		fail "the arm64 package's files differ from the amd64 one's:"
		diff "$tmp/files" "$tmp/xfiles" | show
	fi
	check_field "$xdeb" Architecture '^arm64$' "the arm64 package is built for arm64"
	check_field "$xdeb" Version "^$version\$" "the arm64 package's version is dkms.conf's"
	check_field "$xdeb" Depends "libjansson4" "the arm64 package depends on its shared libraries"
	check_field "$xdeb" Depends "escapewatch-dkms (= $version)" "the arm64 package depends on the same version of escapewatch-dkms"
	lint "$xchanges" " (arm64)"
fi

# DKMS, against each kernel line's headers.
dkms_run() {	# dkms_run KVER...: add once, build for each; in a namespace
	cat >"$tmp/dkms.sh" <<EOF
set -u
mount -t overlay overlay -o lowerdir=$tmp/ns/lib:/usr/lib /usr/lib || exit 90
mount -t overlay overlay -o lowerdir=$tmp/dkmsroot/usr/src:/usr/src /usr/src || exit 90
mount --bind $tmp/ns/dkms /var/lib/dkms || exit 90
[ -d /var/lib/dkms/escapewatch/$version ] || dkms add -m escapewatch -v $version || exit 91
for k in "\$@"; do
	# An arm64 kernel's headers: the module cross-built, as
	# tests/qemu/vm.sh does (on an arm64 host dkms builds natively).
	a=\$(uname -m)
	case \$k in
	*-arm64) a=aarch64
		export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
	*) unset ARCH CROSS_COMPILE ;;
	esac
	dkms build -m escapewatch -v $version -k "\$k" -a "\$a" >$tmp/ns/build-\$k.log 2>&1
	echo \$? >$tmp/ns/status-\$k
done
dkms status -m escapewatch >$tmp/ns/dkms-status 2>&1
EOF
	unshare -m sh "$tmp/dkms.sh" "$@" >>"$tmp/dkms.log" 2>&1
}
mkdir -p "$tmp/ns/lib/modules" "$tmp/ns/dkms"
[ -d /var/lib/dkms ] || fail "no /var/lib/dkms: is dkms installed?"
kvers=""
for line in 6.1 6.12 6.1-arm64 6.12-arm64; do
	kdir=$(sh "$here/qemu/kernel.sh" "$line" 2>>"$tmp/kernel.log") || {
		fail "no $line headers (tests/qemu/kernel.sh)"
		show "$tmp/kernel.log"
		continue
	}
	hdr=$(readlink -f "$kdir/build")
	k=${hdr##*/linux-headers-}
	mkdir -p "$tmp/ns/lib/modules/$k"
	ln -s "$hdr" "$tmp/ns/lib/modules/$k/build"
	kvers="$kvers $k"
done
# shellcheck disable=SC2086 # kernel versions
dkms_run $kvers
for k in $kvers; do
	case $k in
	*-arm64) march=aarch64 elf=AArch64 ;;
	*) march=$(uname -m) elf="Advanced Micro Devices X86-64" ;;
	esac
	mod=$tmp/ns/dkms/escapewatch/$version/$k/$march/module/escapewatch.ko
	if [ "$(cat "$tmp/ns/status-$k" 2>/dev/null)" = 0 ] && [ -f "$mod" ] &&
		readelf -h "$mod" | grep -q "Machine: *$elf\$" &&
		[ "$(modinfo -F version "$mod")" = "$version" ] &&
		modinfo -F vermagic "$mod" | grep -q "^$k "; then
		ok "dkms build escapewatch/$version -k $k: escapewatch.ko for $k"
		# The record generator is in test builds only (Kbuild's
		# EW_RECGEN=y, tests/recgen): never in the module that ships.
		if nm "$mod" | grep -q ' ew_recgen_' ||
			[ -n "$(modinfo -F ew_recgen "$mod")" ]; then
			fail "dkms build -k $k: escapewatch.ko has the test build's record generator"
		else
			ok "dkms build -k $k: escapewatch.ko has no record generator (test builds only)"
		fi
	else
		fail "dkms build -k $k: status $(cat "$tmp/ns/status-$k" 2>/dev/null)"
		show "$tmp/dkms.log" "$tmp/ns/build-$k.log"
		continue
	fi
	# Signed by the key dkms made (sign-file from the headers' kbuild):
	# the signature is the PKCS#7 before the module's trailer.
	cert=$tmp/ns/dkms/mok.pub
	serial=$(openssl x509 -inform DER -in "$cert" -noout -serial 2>/dev/null | sed 's/^serial=//')
	python3 - "$mod" "$tmp/sig-$k" "$tmp/body-$k" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
magic = b"~Module signature appended~\n"
if not d.endswith(magic):
    sys.exit(1)
end = len(d) - len(magic) - 12
siglen = struct.unpack(">I", d[end + 8:end + 12])[0]
open(sys.argv[2], "wb").write(d[end - siglen:end])
open(sys.argv[3], "wb").write(d[:end - siglen])
EOF
	if grep -qx "Signing key: /var/lib/dkms/mok.key" "$tmp/ns/build-$k.log" &&
		grep -qx "Public certificate (MOK): /var/lib/dkms/mok.pub" "$tmp/ns/build-$k.log" &&
		[ "$(modinfo -F signer "$mod")" = "DKMS module signing key" ] &&
		[ "$(modinfo -F sig_key "$mod" | tr -d :)" = "$serial" ] &&
		openssl x509 -inform DER -in "$cert" -out "$tmp/mok.pem" &&
		openssl cms -verify -binary -inform DER -in "$tmp/sig-$k" \
			-content "$tmp/body-$k" -certfile "$tmp/mok.pem" -nointern \
			-noverify -out /dev/null 2>"$tmp/cms.err"; then
		ok "escapewatch.ko for $k is signed by dkms's MOK key /var/lib/dkms/mok.pub ($(modinfo -F sig_hashalgo "$mod"), serial $serial)"
	else
		fail "escapewatch.ko for $k: not signed by /var/lib/dkms/mok.pub (signer '$(modinfo -F signer "$mod")')"
		show "$tmp/cms.err" "$tmp/ns/build-$k.log"
	fi
done
# BUILD_EXCLUSIVE_CONFIG: a kernel whose .config lacks one option is
# skipped.  The headers of the first line, with one option taken out.
first=${kvers# }
first=${first%% *}
excl=$(sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"$/\1/p' "$top/dkms.conf")
need="CONFIG_GLOB CONFIG_RANDSTRUCT_NONE"
for c in $need; do
	echo " $excl " | grep -q " $c " || fail "BUILD_EXCLUSIVE_CONFIG lacks $c"
done
if [ -n "$first" ] && [ -n "$excl" ]; then
	fakes=""
	for c in $excl; do
		k=$first-no-$(echo "$c" | tr 'A-Z_' 'a-z-')
		b=$tmp/ns/lib/modules/$k/build
		mkdir -p "$b"
		for e in "$tmp/ns/lib/modules/$first/build"/* "$tmp/ns/lib/modules/$first/build"/.[!.]*; do
			[ "${e##*/}" = .config ] || ln -s "$(readlink -f "$e")" "$b/"
		done
		grep -v "^$c=" "$tmp/ns/lib/modules/$first/build/.config" >"$b/.config"
		fakes="$fakes $k"
	done
	# shellcheck disable=SC2086
	dkms_run $fakes
	skipped=""
	built=""
	for k in $fakes; do
		if [ "$(cat "$tmp/ns/status-$k" 2>/dev/null)" = 77 ]; then
			skipped="$skipped ${k#"$first"-no-}"
		else
			built="$built $k($(cat "$tmp/ns/status-$k" 2>/dev/null))"
		fi
	done
	[ -z "$built" ] && ok "dkms build skips (77) a kernel without any one of:$skipped" ||
		fail "dkms build did not skip:$built"
fi

exit $failed
