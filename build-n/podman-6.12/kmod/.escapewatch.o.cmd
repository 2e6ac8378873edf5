savedcmd_/work/main/build-n/podman-6.12/kmod/escapewatch.o := x86_64-linux-gnu-ld -m elf_x86_64 -z noexecstack --no-warn-rwx-segments   -r -o /work/main/build-n/podman-6.12/kmod/escapewatch.o @/work/main/build-n/podman-6.12/kmod/escapewatch.mod  ; ./tools/objtool/objtool --hacks=jump_label --hacks=noinstr --hacks=skylake --ibt --orc --retpoline --rethunk --sls --static-call --uaccess --prefix=16  --link  --module /work/main/build-n/podman-6.12/kmod/escapewatch.o

/work/main/build-n/podman-6.12/kmod/escapewatch.o: $(wildcard ./tools/objtool/objtool)
