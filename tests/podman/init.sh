#!/bin/bash
# PID 1 of the Podman test VM (tests/podman/run.sh): real containers, run
# by Podman with crun and with runc, against escapewatch.ko; Docker and
# containerd run beside it, started by hand (start_engines).  Each result
# is one line on the second serial port, as in tests/qemu/init.sh; every
# finding's container id is checked against the id Podman gives.
export PATH=/ew:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs shm /dev/shm
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup
exec 3>/dev/ttyS1
hostname node-1

T=/tmp/t
mkdir -p $T
# ok, check, wait_until, finish, counter...: tests/lib/scenario.sh
. /ew/scenario.sh
# Its ctr (a shell in fresh namespaces) is not used here: ctr is
# containerd's client.
unset -f ctr

IMAGE=localhost/ewtest:1

# The containers' image, made here from a directory (podman import), never
# pulled: busybox, and the stand-in tool under CDK's release file name.
t_setup() {
	insmod /ew/escapewatch.ko || return 1
	escapewatch rules load /ew/podman.rules >/dev/null || return 1
	img=$T/img
	mkdir -p $img/bin $img/opt $img/tmp $img/proc $img/sys $img/dev
	cp /bin/busybox $img/bin/
	for a in $(/bin/busybox --list); do
		[ -e $img/bin/$a ] || ln -s busybox $img/bin/$a
	done
	cp /ew/tool $img/opt/cdk_linux_amd64
	# A renamed script with deepce's banner (rule 1002's content line).
	printf '# %s\necho ran\n' \
		'Docker Enumeration, Escalation of Privileges and Container Escapes (DEEPCE)' \
		> $img/opt/notes.txt
	tar -C $img -c . | podman import - $IMAGE >/dev/null || return 1
	echo "# versions: $(podman --version), $(crun --version | head -n 1), $(runc --version | head -n 1)" >&3
}

# expect_container ID: the one finding in $new names the container ID, run
# by Podman.
expect_container() {
	seq=$(seq_of "$new")
	wait_until 10 "no scc finding $seq" scc_of "$seq" >/dev/null || return 1
	got=$(scc_of "$seq" | jq -r '[.containers[0].labels[]? |
		select(.name == "containerId" or .name == "runtime") | .value] |
		join(" ")')
	[ "$got" = "podman $1" ] || { echo "container: want podman $1, got '$got'"; return 1; }
}

# scc_is JQ: the scc finding of the one finding in $new makes the jq
# program JQ true; $want (if set) is passed to it as $want.
scc_is() {
	seq=$(seq_of "$new")
	wait_until 10 "no scc finding $seq" scc_of "$seq" >/dev/null || return 1
	scc_of "$seq" | jq -e --argjson want "${want:-null}" "$1" >/dev/null || {
		echo "want: $(echo "$1" | tr -s '\t\n' '  ')"
		echo "got: $(scc_of "$seq" | jq -c '{severity,
			items: [.sourceProperties.container.escapeSurface.items[]? |
				.id],
			unknown: .sourceProperties.container.escapeSurface.unknown,
			log: .sourceProperties.container.log, containers,
			kubernetes, c: .sourceProperties.container}' |
			head -c 3500)"
		return 1
	}
}

# The finding's container is the one that inspect (docker, podman) gave:
# name, image reference and id, created time, labels.
SAME_CONTAINER='.containers[0] as $c |
	($c.name == ($want.Name | ltrimstr("/"))) and
	($c.uri == ($want.ImageName // $want.Config.Image)) and
	($c.imageId == $want.Image) and ($c.createTime == $want.Created) and
	(($c.labels | map(select(.name == "containerId"))[0].value) == $want.Id)'
SAME_LABELS='($want.Config.Labels // {}) as $l | .containers[0].labels as $got |
	all($l | to_entries[]; . as $e | any($got[]; .name == $e.key and .value == $e.value))'
# The escape surface has each item of $1 (space-separated ids).
has_items() {
	for item in $1; do
		scc_is ".sourceProperties.container.escapeSurface.items |
			any(.id == \"$item\")" || return 1
	done
}
VERDICT=.sourceProperties.container.escapeSurface.commandLine.verdict
# exactly_items "ID...": the escape surface is exactly these items and the
# two every rootful container in this VM has: no user namespace of its
# own, and AppArmor's "unconfined" (the VM loads no AppArmor policy).
exactly_items() {
	scc_is "([.sourceProperties.container.escapeSurface.items[].id] | sort) ==
		(\"no_user_ns apparmor_unconfined $1\" | split(\" \") |
		map(select(. != \"\")) | sort)"
}
critical() { scc_is '.severity == "CRITICAL" and
	(.description | test("Severity raised to CRITICAL"))'; }
high() { scc_is '.severity == "HIGH" and
	(.sourceProperties.container.escapeSurface.open | not)'; }

# prun NAME RUNTIME ARGS...: podman run a container NAME with RUNTIME and
# ARGS; $new and $n are its findings, $cid its id.
prun() {
	name=$1 rt=$2
	shift 2
	run_counting podman run --name "$name" --runtime "$rt" "$@" || return 1
	cid=$(podman inspect --format '{{.Id}}' "$name") || return 1
	podman rm "$name" >/dev/null
}

# Docker and containerd without systemd: containerd in the background,
# then dockerd on its socket, with no network (the VM has none: no
# bridge, no iptables); their logs in /tmp.  Bounded waits: containerd's
# socket, then an answer to docker info.
containerd_up() { ctr version >/dev/null 2>&1; }
docker_up() { docker info >/dev/null 2>&1; }
start_engines() {
	containerd >/tmp/containerd.log 2>&1 &
	wait_until 60 "containerd: no answer on its socket in 60 s" \
		containerd_up || { tail -n 3 /tmp/containerd.log; return 1; }
	dockerd --containerd=/run/containerd/containerd.sock --iptables=false \
		--ip6tables=false --bridge=none >/tmp/dockerd.log 2>&1 &
	wait_until 120 "dockerd: no answer to docker info in 120 s" \
		docker_up || { tail -n 3 /tmp/dockerd.log; return 1; }
}

# Both engines up, the test image in each: Docker's and containerd's
# from Podman's, saved as a docker-archive.
t_engines() {
	start_engines || return 1
	podman save --format docker-archive -o $T/img.tar $IMAGE >/dev/null ||
		return 1
	docker load -i $T/img.tar >/dev/null || return 1
	ctr -n default images import $T/img.tar >/dev/null || return 1
	echo "# versions: $(docker --version), $(containerd --version)" >&3
}

# A container of each engine that runs /bin/true: no finding.
t_docker_true() {
	run_counting docker run --rm $IMAGE /bin/true || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
}
t_ctr_true() {
	run_counting ctr -n default run --rm $IMAGE ew-true /bin/true || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
}

# The tool in a container that ctr made with a label: its image, created
# time and labels only containerd's meta.db has.
t_ctr_labels() {
	cid=$(printf ew-labels | sha256sum | cut -c1-64)
	ctr -n default run -d --label ew.test=ctr $IMAGE $cid sleep 600 >/dev/null ||
		return 1
	run_counting ctr -n default tasks exec --exec-id tool $cid \
		/opt/cdk_linux_amd64 evaluate || return 1
	ctr -n default tasks kill -s KILL $cid >/dev/null 2>&1
	one_finding && expect_rule 1001 cdk 2 && has_label ew.test ctr || return 1
	scc_of "$seq" | jq -e --arg i "$IMAGE" --arg c "$cid" '.containers[0] |
		.name == $c and .uri == $i and
		(.createTime | test("^20[0-9-]+T[0-9:.]+Z$"))' >/dev/null ||
		{ echo "container: $(scc_of "$seq" | jq -c '.containers')"; return 1; }
}

one_finding() { [ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }; }

# A renamed escape script given to the container's shell: the module reads
# the script as the shell will, in the container's root.
t_script() {
	prun "script-$1" "$1" $IMAGE sh /opt/notes.txt || return 1
	one_finding && expect_rule 1002 deepce 2 && expect '"matchKind":6,' &&
		expect '{"type":"path","flags":0,"value":"/opt/notes.txt"}' &&
		expect_container "$cid" || return 1
	scc_of "$seq" | jq -e '.sourceProperties.evidence.kind == "script" and
		.processes[0].script.path == "/opt/notes.txt" and
		.processes[0].binary.path == "/bin/busybox"' >/dev/null ||
		{ echo "scc: $(scc_of "$seq")"; return 1; }
}

# has_label K V: the scc finding of the one finding in $new has a
# container with label K=V (Podman's from libpod's bolt_state.db,
# containerd's from its meta.db).
has_label() {
	seq=$(seq_of "$new")
	wait_until 10 "no scc finding $seq" scc_of "$seq" >/dev/null || return 1
	scc_of "$seq" | jq -e --arg k "$1" --arg v "$2" '.containers[0].labels |
		any(.name == $k and .value == $v)' >/dev/null ||
		{ echo "no label $1=$2: $(scc_of "$seq" | jq -c '.containers')"; return 1; }
}

# A known escape tool in an unprivileged container, with a label.
t_tool() {
	prun "tool-$1" "$1" --label ew.test=tool-$1 $IMAGE /opt/cdk_linux_amd64 evaluate || return 1
	one_finding && expect_rule 1001 cdk 2 && has_label ew.test "tool-$1" &&
		expect_container "$cid"
}

# The escape command lines, in a privileged container with the host's PID
# namespace and in one with the host's root mounted.
t_nsenter() {
	prun "nsenter-$1" "$1" --privileged --pid=host $IMAGE \
		nsenter -t 1 -m -u -n -i -p /bin/true || return 1
	one_finding && expect_rule 2001 nsenter-host-init 2 &&
		expect_container "$cid"
}

t_chroot() {
	prun "chroot-$1" "$1" -v /:/host $IMAGE chroot /host /bin/true || return 1
	one_finding && expect_rule 2002 chroot-host-root 2 &&
		expect_container "$cid"
}

# A benign workload, a few hundred commands of a shell script, and the
# runtime's own helpers (conmon, the runtime's init): no finding.
t_benign() {
	prun "benign-$1" "$1" $IMAGE sh -c 'i=0
		while [ $i -lt 200 ]; do
			ls / >/dev/null; cat /proc/self/status >/dev/null
			i=$((i + 1))
		done' || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
}

# The tool copied into a running container (podman cp) under a new name,
# and started with podman exec: caught by its hash; and the tool started
# with podman exec, whose ancestry is the exec's, not the container's init.
t_copied_and_exec() {
	podman run -d --name long-$1 --runtime "$1" $IMAGE sleep 600 >/dev/null || return 1
	cid=$(podman inspect --format '{{.Id}}' long-$1)
	init=$(podman inspect --format '{{.State.Pid}}' long-$1)
	podman cp /ew/tool long-$1:/tmp/update-check || return 1
	run_counting podman exec long-$1 /tmp/update-check || return 1
	one_finding && expect_rule 3001 test-tool-hash 2 &&
		expect '"matchKind":5,' && expect_container "$cid" || return 1

	run_counting podman exec long-$1 /opt/cdk_linux_amd64 || return 1
	one_finding && expect_rule 1001 cdk 2 && expect_container "$cid" || return 1
	echo "$new" | grep -q "\"type\":\"ancestor\",\"flags\":0,\"pid\":$init," &&
		{ echo "the container's init ($init) is an ancestor: $new"; return 1; }
	# The exec's own path: the exec's conmon is the parent (crun execs
	# the program in place) or the grandparent (under runc exec).
	anc=$(echo "$new" | jq -r '[.fields[] | select(.type == "ancestor") |
		.comm][0:2] | join(" ")')
	case " $anc " in
	*" conmon "*) ;;
	*) echo "ancestors: want conmon among the first two, got '$anc'"; return 1 ;;
	esac
	podman rm -f -t 0 long-$1 >/dev/null
}

# A running container (podman run -d NAME ... sleep 600) and a command
# exec'ed into it, so that its state files and processes are there when
# the finding is made.  pexec NAME CMD...: $new, $n; $want is podman
# inspect's answer.
pexec() {
	name=$1
	shift
	run_counting podman exec "$name" "$@" || return 1
	want=$(podman inspect "$name" | jq '.[0]')
}

# Identity and settings under Podman: an unprivileged container with a
# label and an annotation; a privileged one in the host's PID namespace;
# one with the host's root at /host.
t_podman_settings() {
	podman run -d --name safe-$1 --runtime $1 --label a=b --annotation x=y \
		$IMAGE sh -c 'echo hello-from-safe; exec sleep 600' >/dev/null ||
		return 1
	pexec safe-$1 /opt/cdk_linux_amd64 || return 1
	one_finding && scc_is "$SAME_CONTAINER and $SAME_LABELS" && high ||
		return 1
	# The annotation; the log's path and last line (--log-lines=3:
	# k8s-file, "TIME stdout F LINE"); the resource's names.
	scc_is '.sourceProperties.container.annotations.x == "y" and
		.sourceProperties.container.log.path == $want.HostConfig.LogConfig.Path and
		(.sourceProperties.container.log.lines[-1] | endswith(" hello-from-safe")) and
		.resource.projectDisplayName == "shop-prod" and
		.resource.parentDisplayName == "eu-1"' || return 1
	# The escape command lines where they reach nothing: contained.
	pexec safe-$1 sh -c 'nsenter -t 1 -m -u -n -i -p /bin/true 2>/dev/null
		true' || return 1
	one_finding && high && scc_is "$VERDICT == \"contained\"" || return 1

	podman run -d --name priv-$1 --runtime $1 --privileged --pid=host \
		$IMAGE sleep 600 >/dev/null || return 1
	pexec priv-$1 nsenter -t 1 -m -u -n -i -p /bin/true || return 1
	one_finding && scc_is "$SAME_CONTAINER" && critical &&
		has_items "privileged host_pid_ns no_user_ns" &&
		scc_is "$VERDICT == \"escape\"" || return 1

	podman run -d --name root-$1 --runtime $1 -v /:/host $IMAGE sleep 600 \
		>/dev/null || return 1
	pexec root-$1 chroot /host /bin/true || return 1
	one_finding && critical && has_items mount_host_root &&
		scc_is "$VERDICT == \"escape\"" || return 1
	podman rm -f -t 0 safe-$1 priv-$1 root-$1 >/dev/null
}

# dexec NAME CMD...: the same with Docker.
dexec() {
	name=$1
	shift
	run_counting docker exec "$name" "$@" || return 1
	want=$(docker inspect "$name" | jq '.[0]')
}

# Docker: a container with the labels cri-dockerd sets for a pod, which
# the finding names as a Kubernetes pod; privileged; Docker's socket.
t_docker_settings() {
	uid=3f0c6d2e-8b1a-4c55-9a7e-2d1f5b6c7a80
	docker run -d --name k8s_web_web-0_shop_${uid}_0 --label a=b \
		--label io.kubernetes.pod.name=web-0 \
		--label io.kubernetes.pod.namespace=shop \
		--label io.kubernetes.container.name=web \
		--label io.kubernetes.pod.uid=$uid $IMAGE \
		sh -c 'echo hello-from-web; exec sleep 600' >/dev/null || return 1
	dexec k8s_web_web-0_shop_${uid}_0 /opt/cdk_linux_amd64 || return 1
	one_finding && scc_is "$SAME_CONTAINER and $SAME_LABELS" && high &&
		scc_is '.kubernetes.pods[0] | .ns == "shop" and
			.name == "web-0" and .containers[0].name != null' &&
		scc_is '.sourceProperties.container.log.path == $want.LogPath and
			(.sourceProperties.container.log.lines[-1] |
			startswith("{\"log\":\"hello-from-web\\x5cn\""))' ||
		return 1

	docker run -d --name dpriv --privileged $IMAGE sleep 600 >/dev/null ||
		return 1
	dexec dpriv /opt/cdk_linux_amd64 || return 1
	one_finding && scc_is "$SAME_CONTAINER" && critical &&
		has_items privileged || return 1

	docker run -d --name dsock -v /var/run/docker.sock:/var/run/docker.sock \
		$IMAGE sleep 600 >/dev/null || return 1
	dexec dsock /opt/cdk_linux_amd64 || return 1
	one_finding && critical && has_items mount_runtime_socket &&
		scc_is '.sourceProperties.container.escapeSurface.openPaths |
			any(.name == "runtime_socket")' || return 1
	docker rm -f k8s_web_web-0_shop_${uid}_0 dpriv dsock >/dev/null
}

# One Docker container for each setting, the tool exec'ed in it: the
# escape surface lists exactly what it was started with, and the severity
# is CRITICAL exactly where docs/findings.md's table has a path out.
# dmatrix NAME "ITEMS" high|critical DOCKER-RUN-OPTIONS...; "+ITEMS":
# these and whatever else the host's mounts bring (-v /:/host binds the
# host's /proc, /sys, /dev and cgroup2 below /host too, as it should).
dmatrix() {
	name=$1 items=$2 sev=$3
	shift 3
	docker run -d --name "$name" "$@" $IMAGE sleep 600 >/dev/null || return 1
	dexec "$name" /opt/cdk_linux_amd64 || return 1
	case $items in
	+*) check_items=has_items items=${items#+} ;;
	*) check_items=exactly_items ;;
	esac
	one_finding && scc_is "$SAME_CONTAINER" && $check_items "$items" &&
		$sev
	r=$?
	docker rm -f "$name" >/dev/null
	[ $r = 0 ] || echo "(container $name: $*)"
	return $r
}
t_docker_matrix() {
	dmatrix dsafe "" high || return 1
	dmatrix dpidhost "host_pid_ns cap_sys_ptrace" critical --pid=host \
		--cap-add SYS_PTRACE || return 1
	dmatrix dhostroot "+mount_host_root mount_host_proc mount_host_sys" \
		critical -v /:/host || return 1
	dmatrix dunconfined "seccomp_off cap_sys_admin" critical \
		--security-opt seccomp=unconfined --cap-add SYS_ADMIN || return 1
	dmatrix dnethost "host_net_ns host_ipc_ns" high --net=host \
		--ipc=host || return 1
	dmatrix dsysmodule cap_sys_module critical --cap-add SYS_MODULE ||
		return 1
	dmatrix ddacread cap_dac_read_search critical \
		--cap-add DAC_READ_SEARCH
}

# containerd through ctr, with the annotations containerd's CRI plugin
# sets; ctr names a container by its id, which must look like one (64
# hex) for the cgroup path "/default/ID" to name a container.
t_containerd_settings() {
	cid=$(printf 'ee%062d' 1)
	ctr -n default run -d --label a=b \
		--annotation io.kubernetes.cri.sandbox-name=web-0 \
		--annotation io.kubernetes.cri.sandbox-namespace=shop \
		--annotation io.kubernetes.cri.container-name=web \
		--annotation io.kubernetes.cri.image-name=docker.io/library/web:1 \
		$IMAGE $cid sleep 600 >/dev/null || return 1
	run_counting ctr -n default task exec --exec-id t1 $cid \
		/opt/cdk_linux_amd64 || return 1
	want=null
	one_finding && high && scc_is '.containers[0] | .name == "web" and
		.uri == "docker.io/library/web:1"' &&
		scc_is '.kubernetes.pods[0] | .ns == "shop" and .name == "web-0"' &&
		scc_is '.sourceProperties.container.runtimeNamespace ==
			"default"' || return 1

	pid=$(printf 'ee%062d' 2)
	ctr -n default run -d --privileged $IMAGE $pid sleep 600 >/dev/null ||
		return 1
	run_counting ctr -n default task exec --exec-id t2 $pid \
		/opt/cdk_linux_amd64 || return 1
	one_finding && critical && has_items privileged || return 1
	for c in $cid $pid; do
		ctr -n default task kill -s KILL $c >/dev/null 2>&1
		wait_until 10 "ctr task $c still there" ctr_gone $c
		ctr -n default containers rm $c >/dev/null
	done
}
ctr_gone() { ! ctr -n default task ls -q | grep -q "^$1\$"; }

# The same tools and command lines on the host: no finding.
t_host() {
	cp /ew/tool $T/cdk_linux_amd64
	run_counting sh -c "$T/cdk_linux_amd64 evaluate; nsenter -t 1 -m -u -n -i -p /bin/true;
		chroot / /bin/true" || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
}

t_no_misses() { zero_counters nomem argv_faults scan_errors; }

check setup t_setup
check engines t_engines
# The scc reader's lookups get 2 s, not the 250 ms a host gets: under
# qemu's emulation (no KVM), with the engines and the other reader on the
# guest's two vCPUs and other work on the host's cores, one container's
# lookup took from 1 to 330 ms (6.12), the same few pages of meta.db 0.3
# ms in one lookup and 75 ms in the next: time spent waiting for a CPU,
# not reading.  250 ms once cut ctr_labels' read of meta.db short.
start_readers --log-lines=3 --project shop-prod --cluster eu-1 \
	--lookup-timeout=2000
for rt in crun runc; do
	check "tool_$rt" t_tool $rt
	check "script_$rt" t_script $rt
	check "nsenter_privileged_$rt" t_nsenter $rt
	check "chroot_host_mount_$rt" t_chroot $rt
	check "benign_$rt" t_benign $rt
	check "copied_and_exec_$rt" t_copied_and_exec $rt
	check "settings_$rt" t_podman_settings $rt
done
check docker_true t_docker_true
check ctr_true t_ctr_true
check docker_settings t_docker_settings
check docker_matrix t_docker_matrix
check containerd_settings t_containerd_settings
check ctr_labels t_ctr_labels
check host t_host
check no_misses t_no_misses
# Every scc finding goes to the host, for the JSON Schema.
sed 's/^/scc: /' $T/scc >&3
finish
