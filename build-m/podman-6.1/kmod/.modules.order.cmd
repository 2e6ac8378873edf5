cmd_/work/main/build-m/podman-6.1/kmod/modules.order := {   echo /work/main/build-m/podman-6.1/kmod/escapewatch.ko; :; } > /work/main/build-m/podman-6.1/kmod/modules.order
