#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Installs the build into a scratch DESTDIR and checks the result as a user
# of it would (see CMakeLists.txt). Registered as the CTest test install.tree.
#
# usage: run.sh BUILD PREFIX LIBDIR GUIDE CC PKG_CONFIG
#   PREFIX, LIBDIR  CMAKE_INSTALL_PREFIX and CMAKE_INSTALL_LIBDIR of BUILD
#   GUIDE           SMCCLC_GUIDE: the path smcdump's hints must name
set -eu

[ $# -eq 6 ] || { sed -n '7,10p' "$0" >&2; exit 2; }
build=$1 prefix=$2 libdir=$3 guide=$4 cc=$5 pkgconfig=$6
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smcclc-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
dest=$tmp/root
fail=0
bad() {
    echo "install.tree: $*" >&2
    fail=1
}

# cmake --install reads DESTDIR from the environment only.
DESTDIR=$dest cmake --install "$build" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; exit 1; }

# Every file a user or packager expects, under the configured prefix.
case $libdir in /*) lib=$libdir ;; *) lib=$prefix/$libdir ;; esac
for f in bin/smcdump share/man/man1/smcdump.1.gz share/doc/smcclc/troubleshooting.md \
    share/doc/smcclc/smcdump.schema.json share/doc/smcclc/testing-your-setup.md \
    share/doc/smcclc/api.md \
    include/smcclc/smcclc.h include/smcclc/handshake.h include/smcclc/tables.h \
    include/smcclc/version.h; do
    [ -f "$dest$prefix/$f" ] || bad "missing $prefix/$f"
done
for f in libsmcclc.a libsmcclc.so libsmcclc.so.0 pkgconfig/smcclc.pc; do
    [ -e "$dest$lib/$f" ] || bad "missing $lib/$f"
done
if [ -f "$build/dissector/smcclc.so" ]; then
    find "$dest" -path '*/wireshark/plugins/*/epan/smcclc.so' | grep -q . ||
        bad "the plugin is not in a wireshark/plugins/X.Y/epan folder"
fi

# The installed smcdump names the installed guide, and the guide has the section.
out=$(cd "$tmp" && TZ=UTC "$dest$prefix/bin/smcdump" -n -r \
    "$root/captures/real/k612-07-server-no-rdma-dev.pcap" | tail -1)
case $out in
*"fallback: NOSMCRDEV (0x03030002) after 2.2 ms: "*"(see smcdump --explain NOSMCRDEV or $guide#NOSMCRDEV)") ;;
*) bad "installed smcdump's verdict does not name $guide#NOSMCRDEV: $out" ;;
esac
[ "$guide" = "$prefix/share/doc/smcclc/troubleshooting.md" ] ||
    echo "install.tree: note: SMCCLC_GUIDE is $guide, not the installed guide"
grep -q '^#* .*NOSMCRDEV' "$dest$prefix/share/doc/smcclc/troubleshooting.md" ||
    bad "the installed guide has no NOSMCRDEV section"

# examples/ against the installed copy, with pkg-config alone: shared, then static.
export PKG_CONFIG_PATH="$dest$lib/pkgconfig"
pc() { "$pkgconfig" --define-variable=prefix="$dest$prefix" "$@" smcclc; }
[ "$(pc --modversion)" = "$(sed -n 's/^#define SMCCLC_VERSION_STRING "\(.*\)"/\1/p' \
    "$dest$prefix/include/smcclc/version.h")" ] || bad "smcclc.pc and version.h disagree"
# shellcheck disable=SC2046 # word splitting of pkg-config's flags is meant
"$cc" -std=c99 -Wall -Wextra -Werror -o "$tmp/clc-print" \
    "$root/examples/clc-print.c" $(pc --cflags --libs) || bad "example does not build (shared)"
# shellcheck disable=SC2046
"$cc" -std=c99 -Wall -Wextra -Werror -o "$tmp/clc-print-static" "$root/examples/clc-print.c" \
    $(pc --cflags) "$(pc --variable=libdir)/libsmcclc.a" || bad "example does not build (static)"
v=$root/tests/vectors/clc
cat "$v/01_smcr_v1_proposal_ipv4_lo.bin" "$v/03_smcr_v1_confirm_ipv4_lo.bin" \
    "$v/04_smcr_v1_decline_ipv4_lo_nosmcdev.bin" >"$tmp/stream.bin"
if [ $fail -eq 0 ]; then
    LD_LIBRARY_PATH=$dest$lib "$tmp/clc-print" "$tmp/stream.bin" >"$tmp/shared.out" ||
        bad "example (shared) failed"
    LD_LIBRARY_PATH=$dest$lib ldd "$tmp/clc-print" | grep -q "libsmcclc.so.0 => $dest$lib/" ||
        bad "example (shared) does not use the installed libsmcclc.so.0"
    "$tmp/clc-print-static" "$tmp/stream.bin" >"$tmp/static.out" || bad "example (static) failed"
    diff -u "$here/clc-print.expected" "$tmp/shared.out" || bad "example output differs"
    cmp -s "$tmp/shared.out" "$tmp/static.out" || bad "static and shared outputs differ"
fi

# Exported = marked SMCCLC_API in the installed headers = documented in api.md.
nm -D --defined-only "$dest$lib/libsmcclc.so.0" | awk '{print $3}' | sort >"$tmp/exported"
# A declaration may wrap: join its lines up to the ';' before taking the name.
awk '/^SMCCLC_API / { d = "" } d != "-" { d = d " " $0 } /;/ && d != "-" {
        if (d ~ /SMCCLC_API/) print d; d = "-" }' d=- "$dest$prefix"/include/smcclc/*.h |
    sed 's/[([].*//' | awk '{sub(/^\*/, "", $NF); print $NF}' | sort >"$tmp/marked"
sed -n 's/^| `\(smc[a-z0-9_]*\)` |.*/\1/p' "$root/docs/api.md" | sort >"$tmp/documented"
diff -u "$tmp/marked" "$tmp/exported" >"$tmp/d1" ||
    { cat "$tmp/d1"; bad "exported symbols differ from the SMCCLC_API declarations (-: not exported, +: exported unmarked)"; }
diff -u "$tmp/documented" "$tmp/exported" >"$tmp/d2" ||
    { cat "$tmp/d2"; bad "exported symbols differ from docs/api.md (-: documented only, +: undocumented)"; }

# Programs that include the kernel's headers (or a BPF vmlinux.h, where the
# kernel's smc_ types live) must be able to include ours: every name the
# installed headers define carries the smcclc_/SMCCLC_ prefix, and they build
# beside the kernel's own SMC headers where the system has them.
printf '#include <smcclc/smcclc.h>\n#include <smcclc/handshake.h>\n' >"$tmp/names.c"
"$cc" -E -dD -I"$dest$prefix/include" "$tmp/names.c" >"$tmp/names.i" || bad "headers do not preprocess"
python3 "$here/check_names.py" "$tmp/names.i" >"$tmp/unprefixed" ||
    bad "installed headers define names without the smcclc_ prefix: $(tr '\n' ' ' <"$tmp/unprefixed")"
if [ -f /usr/include/linux/smc.h ]; then
    printf '#include <linux/smc.h>\n#include <linux/smc_diag.h>\n#include <smcclc/smcclc.h>\n#include <smcclc/handshake.h>\nint main(void) { return smcclc_decline_lookup(0) != 0; }\n' \
        >"$tmp/beside-kernel.c"
    # shellcheck disable=SC2046
    "$cc" -std=c99 -Wall -Wextra -Werror -o "$tmp/beside-kernel" "$tmp/beside-kernel.c" \
        $(pc --cflags --libs) || bad "the installed headers do not build beside <linux/smc.h>"
fi

[ $fail -eq 0 ] && echo "install.tree: ok ($(wc -l <"$tmp/exported") exported names)"
exit $fail
