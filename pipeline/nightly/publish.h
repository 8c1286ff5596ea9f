/* publish.h -- output directories that appear only when complete.
 *
 * A report directory (final/, revision-<n>/) is written under a hidden
 * temporary name in the same parent, its files and the directory are
 * fsynced, and one rename(2) makes it visible: a reader never sees half a
 * directory. final/ and revision-<n>/ are published once and never
 * replaced (renameat2 RENAME_NOREPLACE). A draft/ is replaced every night:
 * "draft" is a symbolic link to a hidden ".draft-<n>" directory, swapped by
 * an atomic rename of a new link over the old one.
 *
 * Leftovers of a crashed run (hidden ".*.tmp" directories, unreferenced
 * ".draft-*" directories) are removed by publish_cleanup(). */
#ifndef CCSLA_PUBLISH_H
#define CCSLA_PUBLISH_H

#include <stddef.h>

#include "core/error.h"

/* Makes a fresh empty hidden directory parent/.NAME.tmp (removing a stale
 * one) and writes its path into tmp. */
int publish_begin(const char *parent, const char *name, char *tmp, size_t size,
                  struct ccsla_error *err);
/* fsyncs tmp's files and tmp, renames it to parent/NAME. Fails (-1) when
 * parent/NAME exists: a published directory is never replaced. */
int publish_once(const char *tmp, const char *parent, const char *name, struct ccsla_error *err);
/* Publishes tmp as the new target of the link parent/NAME, replacing the
 * previous one atomically and then removing the previous target. */
int publish_replace(const char *tmp, const char *parent, const char *name, struct ccsla_error *err);
/* Removes crash leftovers under parent (see above). */
int publish_cleanup(const char *parent, struct ccsla_error *err);

#endif
