#!/bin/sh
# smcdump decodes each CLC message once, in analyze.c, and its output side
# renders the entries that come with the event: no object of smcdump but
# analyze.c may reference the decoder (a re-decode in text.c, json.c or any
# other file fails here), and analyze.c must reference it (so the check
# cannot pass on a wrong object list).
#   decode_once.sh NM OBJECT...   ($<TARGET_OBJECTS:smcdump>)
set -u
nm=$1
shift
fails=0 seen=0
for o in "$@"; do
    refs=$("$nm" -u "$o" | awk '{print $NF}' | grep -E '^smcclc_clc_decode' | tr '\n' ' ')
    case $(basename "$o") in
    analyze.c.o)
        seen=1
        [ "$refs" = "smcclc_clc_decode_fields " ] ||
            { echo "FAIL: analyze.c references '$refs', not only smcclc_clc_decode_fields"; fails=1; }
        ;;
    *)
        [ -z "$refs" ] ||
            { echo "FAIL: $(basename "$o" .o) calls the decoder ($refs): render the event's entries"; fails=1; }
        ;;
    esac
done
[ "$seen" = 1 ] || { echo "FAIL: analyze.c.o not among the objects"; fails=1; }
[ "$fails" = 0 ] && echo "ok: $# objects, only analyze.c decodes"
exit "$fails"
