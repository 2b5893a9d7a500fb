/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: decoded entries to callbacks: the struct smcclc_sink adapter
 * over struct smcclc_entry, for the decoder's callback form and for arrays
 * a caller already holds
 */
#include <string.h>

#include "decode_internal.h"

/*
 * The callback form of one entry. Entries may come from a caller's array, so
 * ids and types the tables do not know are skipped rather than looked up.
 */
void smcclc_entry_to_sink(const struct smcclc_entry *e, const struct smcclc_sink *sink)
{
    struct smcclc_field_event ev;
    enum smcclc_group_event gev;
    enum smcclc_field_kind kind;

    switch (e->type) {
    case SMCCLC_ENTRY_FIELD:
        if (sink->field == NULL || e->id >= SMCCLC_FIELD_COUNT)
            return;
        memset(&ev, 0, sizeof(ev));
        ev.id = (enum smcclc_field)e->id;
        ev.off = e->off;
        ev.len = e->len;
        kind = smcclc_field_table[e->id].kind;
        if (smcclc_kind_has_bytes(kind))
            ev.bytes = e->v.bytes;
        else if (kind == SMCCLC_FK_NAME)
            ev.str = e->v.str;
        else
            ev.u = e->v.u;
        sink->field(sink->ctx, &ev);
        return;
    case SMCCLC_ENTRY_GROUP_BEGIN:
        gev = SMCCLC_GROUP_BEGIN;
        break;
    case SMCCLC_ENTRY_GROUP_END:
        gev = SMCCLC_GROUP_END;
        break;
    case SMCCLC_ENTRY_ITEM_BEGIN:
        gev = SMCCLC_ITEM_BEGIN;
        break;
    case SMCCLC_ENTRY_ITEM_END:
        gev = SMCCLC_ITEM_END;
        break;
    default:
        return;
    }
    if (sink->group != NULL && e->id < SMCCLC_GROUP_COUNT)
        sink->group(sink->ctx, gev, (enum smcclc_group)e->id, e->off, e->len, e->v.count);
}

void smcclc_entries_walk(const struct smcclc_entry *entries, size_t n,
                         const struct smcclc_sink *sink)
{
    size_t i;

    if (entries == NULL || sink == NULL)
        return;
    for (i = 0; i < n; i++)
        smcclc_entry_to_sink(&entries[i], sink);
}
