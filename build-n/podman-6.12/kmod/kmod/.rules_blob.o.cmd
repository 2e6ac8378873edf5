savedcmd_/work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o :=  x86_64-linux-gnu-gcc-12 -Wp,-MMD,/work/main/build-n/podman-6.12/kmod/kmod/.rules_blob.o.d -nostdinc -I/root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include -I./arch/x86/include/generated -I/root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include -I./include -I/root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/uapi -I./arch/x86/include/generated/uapi -I/root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi -I./include/generated/uapi -include /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler-version.h -include /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/kconfig.h -include /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler_types.h -D__KERNEL__ -fmacro-prefix-map=/root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/= -std=gnu11 -fshort-wchar -funsigned-char -fno-common -fno-PIE -fno-strict-aliasing -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -fcf-protection=branch -fno-jump-tables -m64 -falign-jumps=1 -falign-loops=1 -mno-80387 -mno-fp-ret-in-387 -mpreferred-stack-boundary=3 -mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel -Wno-sign-compare -fno-asynchronous-unwind-tables -mindirect-branch=thunk-extern -mindirect-branch-register -mindirect-branch-cs-prefix -mfunction-return=thunk-extern -fno-jump-tables -mharden-sls=all -fpatchable-function-entry=16,16 -fno-delete-null-pointer-checks -O2 -fno-allow-store-data-races -fstack-protector-strong -ftrivial-auto-var-init=zero -fno-stack-clash-protection -pg -mrecord-mcount -mfentry -DCC_USING_FENTRY -falign-functions=16 -fno-strict-overflow -fno-stack-check -fconserve-stack -fno-builtin-wcslen -fno-builtin-wcslen -Wall -Wextra -Wundef -Werror=implicit-function-declaration -Werror=implicit-int -Werror=return-type -Werror=strict-prototypes -Wno-format-security -Wno-trigraphs -Wno-frame-address -Wno-address-of-packed-member -Wmissing-declarations -Wmissing-prototypes -Wframe-larger-than=2048 -Wno-main -Wno-dangling-pointer -Wvla -Wno-pointer-sign -Wcast-function-type -Wno-array-bounds -Wno-stringop-overflow -Wno-alloc-size-larger-than -Wimplicit-fallthrough=5 -Werror=date-time -Werror=incompatible-pointer-types -Werror=designated-init -Wenum-conversion -Wunused -Wno-unused-but-set-variable -Wno-unused-const-variable -Wno-packed-not-aligned -Wno-format-overflow -Wno-format-truncation -Wno-stringop-truncation -Wno-override-init -Wno-missing-field-initializers -Wno-type-limits -Wno-shift-negative-value -Wno-maybe-uninitialized -Wno-sign-compare -Wno-unused-parameter -g -DEW_HAVE_INODE_GET_CTIME -DEW_HAVE_GET_FILE_RCU_PTR  -DMODULE  -DKBUILD_BASENAME='"rules_blob"' -DKBUILD_MODNAME='"escapewatch"' -D__KBUILD_MODNAME=kmod_escapewatch -c -o /work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o /work/main/build-n/podman-6.12/kmod/kmod/rules_blob.c  

source_/work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o := /work/main/build-n/podman-6.12/kmod/kmod/rules_blob.c

deps_/work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o := \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler-version.h \
    $(wildcard include/config/CC_VERSION_TEXT) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/kconfig.h \
    $(wildcard include/config/CPU_BIG_ENDIAN) \
    $(wildcard include/config/BOOGER) \
    $(wildcard include/config/FOO) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler_types.h \
    $(wildcard include/config/DEBUG_INFO_BTF) \
    $(wildcard include/config/PAHOLE_HAS_BTF_TAG) \
    $(wildcard include/config/FUNCTION_ALIGNMENT) \
    $(wildcard include/config/CC_HAS_SANE_FUNCTION_ALIGNMENT) \
    $(wildcard include/config/X86_64) \
    $(wildcard include/config/ARM64) \
    $(wildcard include/config/LD_DEAD_CODE_DATA_ELIMINATION) \
    $(wildcard include/config/LTO_CLANG) \
    $(wildcard include/config/HAVE_ARCH_COMPILER_H) \
    $(wildcard include/config/KCSAN) \
    $(wildcard include/config/CC_HAS_COUNTED_BY) \
    $(wildcard include/config/UBSAN_SIGNED_WRAP) \
    $(wildcard include/config/CC_HAS_ASM_INLINE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler-context-analysis.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler_attributes.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler-gcc.h \
    $(wildcard include/config/MITIGATION_RETPOLINE) \
    $(wildcard include/config/ARCH_USE_BUILTIN_BSWAP) \
    $(wildcard include/config/SHADOW_CALL_STACK) \
    $(wildcard include/config/KCOV) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/errno.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/errno.h \
  arch/x86/include/generated/uapi/asm/errno.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/errno.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/errno-base.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/string.h \
    $(wildcard include/config/BINARY_PRINTF) \
    $(wildcard include/config/FORTIFY_SOURCE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/args.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/array_size.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/compiler.h \
    $(wildcard include/config/TRACE_BRANCH_PROFILING) \
    $(wildcard include/config/PROFILE_ALL_BRANCHES) \
    $(wildcard include/config/OBJTOOL) \
    $(wildcard include/config/64BIT) \
  arch/x86/include/generated/asm/rwonce.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/rwonce.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/kasan-checks.h \
    $(wildcard include/config/KASAN_GENERIC) \
    $(wildcard include/config/KASAN_SW_TAGS) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/types.h \
    $(wildcard include/config/HAVE_UID16) \
    $(wildcard include/config/UID16) \
    $(wildcard include/config/ARCH_DMA_ADDR_T_64BIT) \
    $(wildcard include/config/PHYS_ADDR_T_64BIT) \
    $(wildcard include/config/ARCH_32BIT_USTAT_F_TINODE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/types.h \
  arch/x86/include/generated/uapi/asm/types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/int-ll64.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/int-ll64.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/uapi/asm/bitsperlong.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/bitsperlong.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/bitsperlong.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/posix_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/stddef.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/stddef.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/posix_types.h \
    $(wildcard include/config/X86_32) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/uapi/asm/posix_types_64.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/posix_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/kcsan-checks.h \
    $(wildcard include/config/KCSAN_WEAK_MEMORY) \
    $(wildcard include/config/KCSAN_IGNORE_ATOMICS) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/err.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/overflow.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/limits.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/limits.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/vdso/limits.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/const.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/vdso/const.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/const.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/stdarg.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/string.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/string.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/string_64.h \
    $(wildcard include/config/KMSAN) \
    $(wildcard include/config/ARCH_HAS_UACCESS_FLUSHCACHE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/jump_label.h \
    $(wildcard include/config/JUMP_LABEL) \
    $(wildcard include/config/HAVE_ARCH_JUMP_LABEL_RELATIVE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/jump_label.h \
    $(wildcard include/config/HAVE_JUMP_LABEL_HACK) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/asm.h \
    $(wildcard include/config/KPROBES) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/stringify.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/extable_fixup_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/nops.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/fortify-string.h \
    $(wildcard include/config/CC_HAS_KASAN_MEMINTRINSIC_PREFIX) \
    $(wildcard include/config/GENERIC_ENTRY) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/bitfield.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/build_bug.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/typecheck.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/uapi/asm/byteorder.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/byteorder/little_endian.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/byteorder/little_endian.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/swab.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/swab.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/uapi/asm/swab.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/byteorder/generic.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/bug.h \
    $(wildcard include/config/GENERIC_BUG) \
    $(wildcard include/config/BUG_ON_DATA_CORRUPTION) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/bug.h \
    $(wildcard include/config/DEBUG_BUGVERBOSE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/instrumentation.h \
    $(wildcard include/config/NOINSTR_VALIDATION) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/objtool.h \
    $(wildcard include/config/FRAME_POINTER) \
    $(wildcard include/config/MITIGATION_UNRET_ENTRY) \
    $(wildcard include/config/MITIGATION_SRSO) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/objtool_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/bug.h \
    $(wildcard include/config/BUG) \
    $(wildcard include/config/GENERIC_BUG_RELATIVE_POINTERS) \
    $(wildcard include/config/SMP) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/once_lite.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/panic.h \
    $(wildcard include/config/PANIC_TIMEOUT) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/printk.h \
    $(wildcard include/config/MESSAGE_LOGLEVEL_DEFAULT) \
    $(wildcard include/config/CONSOLE_LOGLEVEL_DEFAULT) \
    $(wildcard include/config/CONSOLE_LOGLEVEL_QUIET) \
    $(wildcard include/config/EARLY_PRINTK) \
    $(wildcard include/config/PRINTK) \
    $(wildcard include/config/PRINTK_INDEX) \
    $(wildcard include/config/DYNAMIC_DEBUG) \
    $(wildcard include/config/DYNAMIC_DEBUG_CORE) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/init.h \
    $(wildcard include/config/MEMORY_HOTPLUG) \
    $(wildcard include/config/HAVE_ARCH_PREL32_RELOCATIONS) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/kern_levels.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/linkage.h \
    $(wildcard include/config/ARCH_USE_SYM_ANNOTATIONS) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/export.h \
    $(wildcard include/config/MODVERSIONS) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/linkage.h \
    $(wildcard include/config/CALL_PADDING) \
    $(wildcard include/config/MITIGATION_RETHUNK) \
    $(wildcard include/config/MITIGATION_SLS) \
    $(wildcard include/config/FUNCTION_PADDING_BYTES) \
    $(wildcard include/config/UML) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/ibt.h \
    $(wildcard include/config/X86_KERNEL_IBT) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/ratelimit_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/bits.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/vdso/bits.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/bits.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/param.h \
  arch/x86/include/generated/uapi/asm/param.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/param.h \
    $(wildcard include/config/HZ) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/param.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/spinlock_types_raw.h \
    $(wildcard include/config/DEBUG_SPINLOCK) \
    $(wildcard include/config/DEBUG_LOCK_ALLOC) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/arch/x86/include/asm/spinlock_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/qspinlock_types.h \
    $(wildcard include/config/NR_CPUS) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/qrwlock_types.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/lockdep_types.h \
    $(wildcard include/config/PROVE_RAW_LOCK_NESTING) \
    $(wildcard include/config/LOCKDEP) \
    $(wildcard include/config/LOCK_STAT) \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/linux/dynamic_debug.h \
  /work/main/build-n/podman-6.12/kmod/kmod/rules_blob.h \
  /work/main/build-n/podman-6.12/kmod/kmod/../include/uapi/escapewatch.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/linux/ioctl.h \
  arch/x86/include/generated/uapi/asm/ioctl.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/asm-generic/ioctl.h \
  /root/.cache/escapewatch/kernel/6.12.118+deb12-amd64-6.12.118-1~deb12u1/root/usr/src/linux-headers-6.12.118+deb12-common/include/uapi/asm-generic/ioctl.h \

/work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o: $(deps_/work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o)

$(deps_/work/main/build-n/podman-6.12/kmod/kmod/rules_blob.o):
