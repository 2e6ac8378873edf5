# Debian's packages for another architecture than the host's (arm64 on an
# amd64 host), fetched without adding that architecture to the host's dpkg:
# apt with its own package lists, in the cache; sourced after cache.sh.
#
#   foreign_target SCRIPT ARCH
#                        for a script that takes an architecture (amd64,
#                        the default, or arm64): target and arch (its
#                        triplet) set, tapt defined: apt-get or apt-cache
#                        with ARCH's package lists, the host's for amd64;
#                        an unknown ARCH ends the script
#   foreign ARCH apt-get|apt-cache ARG...
#                        the command with ARCH's package lists (of the
#                        host's sources), read again when they are older
#                        than 12 hours: the security archive keeps only
#                        a package's newest version
foreign() {
	fa_arch=$1 fa_cmd=$2
	shift 2
	fa_dir=$cache/apt-$fa_arch
	# No option holds a space: one word each.
	fa_opts="-o APT::Architecture=$fa_arch -o APT::Architectures::=$fa_arch
		-o Dir::State::Lists=$fa_dir/lists -o Dir::Cache=$fa_dir/cache
		-o Dir::State::status=/dev/null -o APT::Sandbox::User=root"
	if [ -z "$(find "$fa_dir/lists" -maxdepth 0 -mmin -720 2>/dev/null)" ]; then
		mkdir -p "$fa_dir/lists/partial" "$fa_dir/cache/archives/partial"
		# One update at a time (make check's prefetch and a part may
		# both come here); apt would refuse the second.
		# shellcheck disable=SC2086 # the options, a word each
		flock "$fa_dir/.lock" apt-get $fa_opts update -qq >&2
		touch "$fa_dir/lists"
	fi
	# shellcheck disable=SC2086
	"$fa_cmd" $fa_opts "$@"
}

foreign_target() {
	target=${2:-amd64}
	case $target in
	amd64) arch=x86_64-linux-gnu ;;
	arm64) arch=aarch64-linux-gnu ;;
	*)
		echo "$1: no architecture '$target' (amd64, arm64)" >&2
		exit 2
		;;
	esac
}

tapt() {
	if [ "$target" = amd64 ]; then "$@"; else foreign "$target" "$@"; fi
}
