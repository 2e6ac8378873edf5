# escapewatch: container-escape detector (kernel module + reader).
#
#   make              the reader, and the module for the running kernel
#   make check        every test: unit tests, then the VM on 6.1 and 6.12
#   make check-arm64  only the arm64 VMs (Debian's arm64 6.1 and 6.12 in
#                     qemu-system-aarch64, the module cross-built)
#   make check-podman only the real-container scenarios (Podman, in the VM)
#   make check-package only the Debian packages: built and checked, then
#                     installed, rebooted, the kernel upgraded from 6.1
#                     to 6.12 under DKMS, and purged in the VM
#   make demo         boot a VM and show the findings of an escape attempt
#   make stress       the long stress scenarios (exec storms, load/unload
#                     cycles) on every kernel; make check runs short ones
#   make stress-patching  live code patching under an exec storm: the
#                     kernel's own probes, the function tracer, a trace
#                     event and this module, each under multi-threaded and
#                     single-threaded emulation, on 6.1 and 6.12
#                     (docs/testing.md: the 6.1 oops); EW_PATCH_CYCLES
#                     (default 500)
#   make fuzz         the rules compiler and blob validator under libFuzzer,
#                     for longer than make check does
#   make bench        measure exec overhead beside bpftrace and audit, write
#                     docs/BENCHMARKS.md (not part of make check; a smoke
#                     run of it is)
#   make install      install the module and the reader on this host

KDIR ?= /lib/modules/$(shell uname -r)/build
BUILD ?= $(CURDIR)/build
PREFIX ?= /usr/local

CC ?= cc
CFLAGS ?= -O2 -g
EW_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Iinclude \
	-Iuserspace
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# The reader, by the stage a finding goes through: base (escaping, names),
# input (the device and its records), container (what the host knows of the
# container behind a record), finding (ids, related findings),
# format (scc, json, text), sink (output, syslog, respond), rules (the
# rules compiler) and cmd (main and the commands).  tests/layers.sh checks
# that no file depends on a file that depends on it.
USR_BASE := userspace/base/escape.c userspace/base/names.c \
	userspace/base/strdupf.c userspace/base/clock.c \
	userspace/base/hex.c userspace/base/hashset.c
USR_INPUT := userspace/input/device.c userspace/input/missing.c \
	userspace/input/record.c userspace/input/decode.c
USR_CONTAINER := userspace/container/cgroup.c \
	userspace/container/lookup.c userspace/container/bolt.c \
	userspace/container/identity.c userspace/container/pod.c \
	userspace/container/identity_cache.c \
	userspace/container/state_docker.c \
	userspace/container/state_storage.c \
	userspace/container/state_containerd.c \
	userspace/container/state_machine.c userspace/container/logtail.c \
	userspace/container/surface.c \
	userspace/container/readfile.c userspace/container/read.c \
	userspace/container/process.c userspace/container/settings.c \
	userspace/container/mountinfo.c userspace/container/mounts.c \
	userspace/container/judge.c userspace/container/weigh.c
USR_FINDING := userspace/finding/ident.c \
	userspace/finding/related.c userspace/finding/finding.c
USR_FORMAT := userspace/format/format.c userspace/format/json_util.c \
	userspace/format/json_tpl.c \
	userspace/format/format_scc.c userspace/format/format_container.c \
	userspace/format/format_scc_props.c userspace/format/format_json.c \
	userspace/format/format_text.c
USR_SINK := userspace/sink/output.c userspace/sink/failures.c \
	userspace/sink/syslog.c userspace/sink/syslog_format.c \
	userspace/sink/forward.c userspace/sink/respond.c \
	userspace/sink/responder.c
# The module's files that the reader compiles too: the blob validator and
# the content automaton's builder.
KMOD_SHARED := kmod/rules_blob.c kmod/rules_content.c kmod/content_build.c
USR_RULES := userspace/rules/rules_parse.c userspace/rules/rules_compile.c \
	$(KMOD_SHARED)
USR_CMD := userspace/cmd/main.c userspace/cmd/watch.c \
	userspace/cmd/watch_opts.c userspace/cmd/config.c userspace/cmd/cli.c \
	userspace/cmd/rules_cmd.c userspace/cmd/mode_cmd.c \
	userspace/cmd/status.c userspace/cmd/status_query.c \
	userspace/cmd/status_cmd.c
READER_SRC := $(USR_BASE) $(USR_INPUT) $(USR_CONTAINER) $(USR_FINDING) $(USR_FORMAT) \
	$(USR_SINK) $(USR_RULES) $(USR_CMD)
LIB_SRC := $(filter-out userspace/cmd/main.c userspace/cmd/rules_cmd.c,$(READER_SRC))
UNIT := record finding watch device rules syslog container surface identity \
	bolt \
	decode escape format related output respond responder cli status \
	config tpl
# For the scripts: the fuzz harnesses link the rules compiler as the
# reader does, and tests/layers.sh checks the shared files with the reader.
export EW_FUZZ_SRC := $(USR_RULES) userspace/base/hashset.c
export EW_KMOD_SHARED := $(KMOD_SHARED)
HDRS := $(wildcard include/uapi/*.h userspace/*/*.h) kmod/rules_blob.h \
	kmod/content_build.h

.PHONY: all reader module install clean deps check check-podman check-package unit vm-bins \
	vm-bins-arm64 check-arm64 demo rules bench stress stress-patching fuzz

all: reader module

reader: $(BUILD)/escapewatch

# CPPFLAGS and LDFLAGS: dpkg-buildflags' hardening (debian/rules).
$(BUILD)/escapewatch: $(READER_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(READER_SRC) -ljansson

# The module builds outside the source tree so that several kernels can
# be built side by side.
module:
	@test -d $(KDIR) || { echo "no kernel headers at $(KDIR): install linux-headers-$$(uname -r) or set KDIR"; exit 1; }
	rm -rf $(BUILD)/kmod && mkdir -p $(BUILD)/kmod
	cp -r Kbuild kmod include $(BUILD)/kmod/
	$(MAKE) -C $(KDIR) M=$(BUILD)/kmod modules

install: all
	$(MAKE) -C $(KDIR) M=$(BUILD)/kmod modules_install
	depmod -a
	install -D -m 0755 $(BUILD)/escapewatch $(DESTDIR)$(PREFIX)/sbin/escapewatch
	install -D -m 0644 man/escapewatch.8 $(DESTDIR)$(PREFIX)/share/man/man8/escapewatch.8
	install -D -m 0644 man/escapewatch.rules.5 $(DESTDIR)$(PREFIX)/share/man/man5/escapewatch.rules.5
	install -D -m 0644 man/escapewatch.4 $(DESTDIR)$(PREFIX)/share/man/man4/escapewatch.4
	install -D -m 0644 completion/escapewatch \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/escapewatch

deps:
	sh tests/deps.sh

# The module's built-in rules are rules/default.rules, compiled.
rules: $(BUILD)/escapewatch
	$(BUILD)/escapewatch rules compile --c rules/default.rules > kmod/default_rules.h

# Unit tests, plain and under AddressSanitizer and UBSan.  The golden
# files are found from any working directory.
UNIT_CFLAGS := -DEW_GOLDEN_DIR='"$(CURDIR)/tests/unit/golden"' \
	-DEW_SAMPLES_DIR='"$(CURDIR)/tests/unit/samples"' \
	-DEW_BOLT_DIR='"$(BUILD)/samples/bolt"'
# The reader's files are compiled once each, plain and sanitized, and every
# test links all of them (a test that needs one file gets the rest unused).
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB_SAN_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj-san/%.o)
$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj-san/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) $(SAN) -c -o $@ $<

# Tests that stand in for a function of the reader's: the clock
# (test_identity.c: lookups' deadlines), the allocator (test_bolt.c: out
# of memory at each allocation in turn).
UNIT_LDFLAGS_identity := -Wl,--wrap=ew_mono_ns
UNIT_LDFLAGS_bolt := -Wl,--wrap=malloc -Wl,--wrap=calloc
$(BUILD)/unit/test_%: tests/unit/test_%.c $(LIB_OBJ) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) $(UNIT_CFLAGS) $(UNIT_LDFLAGS_$*) -o $@ $< $(LIB_OBJ) -ljansson -lcmocka

$(BUILD)/unit-san/test_%: tests/unit/test_%.c $(LIB_SAN_OBJ) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) $(SAN) $(UNIT_CFLAGS) $(UNIT_LDFLAGS_$*) -o $@ $< $(LIB_SAN_OBJ) -ljansson -lcmocka

unit: $(UNIT:%=$(BUILD)/unit/test_%) $(UNIT:%=$(BUILD)/unit-san/test_%)

# test_bolt's real databases, kept xz-compressed (mostly zero pages).
BOLT_SAMPLES := $(patsubst tests/unit/samples/bolt/%.xz,$(BUILD)/samples/bolt/%,\
	$(wildcard tests/unit/samples/bolt/*.db.xz))
$(BUILD)/samples/bolt/%: tests/unit/samples/bolt/%.xz
	@mkdir -p $(@D)
	xz -dc $< > $@.tmp && mv $@.tmp $@
$(BUILD)/unit/test_bolt $(BUILD)/unit-san/test_bolt: $(BOLT_SAMPLES)

# Static programs for the VM's initramfs.
VM_BIN := $(BUILD)/vm-bin
$(VM_BIN)/escapewatch: $(READER_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) -static -o $@ $(READER_SRC) -ljansson

$(VM_BIN)/%: tests/qemu/%.c include/uapi/escapewatch.h
	@mkdir -p $(@D)
	$(CC) -Wall -Wextra -Werror $(CFLAGS) -static -o $@ $<

# devtest as an i386 program, for the ioctls through compat_ioctl.  The
# kernel's asm headers serve both ABIs: the directory gcc-multilib's
# /usr/include/asm symlink would point to (tests/deps.sh).
$(VM_BIN)/devtest32: tests/qemu/devtest.c include/uapi/escapewatch.h
	@mkdir -p $(@D)
	$(CC) -m32 -idirafter /usr/include/x86_64-linux-gnu -Wall -Wextra \
		-Werror $(CFLAGS) -static -o $@ $<

# make bench's exec loop and the program it executes.
$(VM_BIN)/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) -Wall -Wextra -Werror $(CFLAGS) -static -o $@ $<

# make bench's measure of the reader's own pace, run on this machine.
$(VM_BIN)/pace: tests/bench/pace.c $(LIB_SRC) $(HDRS) tests/unit/records.h
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_SRC) -ljansson

# A test sender for the VM's rsyslogd, through the reader's syslog code.
SYSLOGSEND_SRC := tests/qemu/syslogsend.c userspace/sink/syslog.c \
	userspace/sink/syslog_format.c userspace/base/escape.c
SYSLOGSEND_DEPS := $(SYSLOGSEND_SRC) userspace/sink/syslog.h \
	userspace/sink/syslog_format.h userspace/base/escape.h
$(VM_BIN)/syslogsend: $(SYSLOGSEND_DEPS)
	@mkdir -p $(@D)
	$(CC) $(EW_CFLAGS) $(CFLAGS) -static -o $@ $(SYSLOGSEND_SRC)

vm-bins: $(VM_BIN)/escapewatch $(VM_BIN)/tool $(VM_BIN)/devtest \
	$(VM_BIN)/devtest32 $(VM_BIN)/evade $(VM_BIN)/ewstress \
	$(VM_BIN)/syslogsend $(VM_BIN)/execloop $(VM_BIN)/nop $(VM_BIN)/pace

# The same for an arm64 VM, cross-built with Debian's gcc-aarch64-linux-gnu
# against jansson from Debian's arm64 packages, with arm64's busybox
# (tests/qemu/sysroot.sh); no devtest32 (arm64's compat mode is 32-bit
# Arm) and no pace (it runs on this machine).
VM_BIN_ARM64 := $(BUILD)/vm-bin-arm64
ARM64_ROOT := $(BUILD)/sysroot-arm64
ARM64_CC := aarch64-linux-gnu-gcc
ARM64_FLAGS := -I$(ARM64_ROOT)/usr/include -L$(ARM64_ROOT)/usr/lib/aarch64-linux-gnu
$(ARM64_ROOT)/.done: tests/qemu/sysroot.sh
	sh tests/qemu/sysroot.sh arm64 $(ARM64_ROOT)
$(VM_BIN_ARM64)/busybox: $(ARM64_ROOT)/.done
	@mkdir -p $(@D)
	cp $(ARM64_ROOT)/bin/busybox $@
$(VM_BIN_ARM64)/escapewatch: $(READER_SRC) $(HDRS) $(ARM64_ROOT)/.done
	@mkdir -p $(@D)
	$(ARM64_CC) $(EW_CFLAGS) $(CFLAGS) $(ARM64_FLAGS) -static -o $@ \
		$(READER_SRC) -ljansson
$(VM_BIN_ARM64)/%: tests/qemu/%.c include/uapi/escapewatch.h
	@mkdir -p $(@D)
	$(ARM64_CC) -Wall -Wextra -Werror $(CFLAGS) -static -o $@ $<
$(VM_BIN_ARM64)/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(ARM64_CC) -Wall -Wextra -Werror $(CFLAGS) -static -o $@ $<
$(VM_BIN_ARM64)/syslogsend: $(SYSLOGSEND_DEPS)
	@mkdir -p $(@D)
	$(ARM64_CC) $(EW_CFLAGS) $(CFLAGS) -static -o $@ $(SYSLOGSEND_SRC)

vm-bins-arm64: $(VM_BIN_ARM64)/busybox $(VM_BIN_ARM64)/escapewatch \
	$(VM_BIN_ARM64)/tool $(VM_BIN_ARM64)/devtest $(VM_BIN_ARM64)/evade \
	$(VM_BIN_ARM64)/ewstress $(VM_BIN_ARM64)/syslogsend \
	$(VM_BIN_ARM64)/execloop $(VM_BIN_ARM64)/nop

check: deps
	$(MAKE) -j$$(nproc) reader unit vm-bins vm-bins-arm64
	sh tests/check.sh $(BUILD)

check-arm64: deps
	$(MAKE) vm-bins-arm64
	sh tests/arm64.sh $(VM_BIN_ARM64)

stress: deps
	$(MAKE) vm-bins
	for l in debug 6.1 6.12 6.12-rt 6.12-cloud; do \
		EW_STRESS=long sh tests/qemu/run.sh $$l stress $(VM_BIN); done

stress-patching: deps
	$(MAKE) vm-bins
	for l in 6.1 6.12; do for v in kretprobe kprobe function tracepoint module; do \
		for t in multi single; do VM_TCG=$$t EW_PATCH=$$v \
			sh tests/qemu/run.sh $$l patching $(VM_BIN); done; done; done

fuzz: deps
	sh tests/fuzz/run.sh $(BUILD)/fuzz long

check-podman: deps
	$(MAKE) vm-bins
	for l in 6.1 6.12; do sh tests/podman/run.sh $$l $(VM_BIN); done

check-package: deps
	$(MAKE) vm-bins
	sh tests/package-check.sh $(BUILD)/packages
	sh tests/package/run.sh 6.1 $(BUILD)/packages $(VM_BIN)

bench: deps
	$(MAKE) vm-bins
	sh tests/bench/run.sh $(VM_BIN) docs

demo: deps
	$(MAKE) vm-bins
	sh tests/qemu/run.sh 6.1 demo $(VM_BIN)

clean:
	rm -rf $(BUILD)
