#!/bin/sh
# PID 1 after the initramfs (tests/lib/vm.sh, vm_rootfs_initrd): the
# Debian root's own init, systemd, which runs the test as ewtest.service.
exec /lib/systemd/systemd
