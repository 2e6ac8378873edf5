savedcmd_/work/main/build-n/podman-6.12/kmod/modules.order := {   echo /work/main/build-n/podman-6.12/kmod/escapewatch.o; :; } > /work/main/build-n/podman-6.12/kmod/modules.order
