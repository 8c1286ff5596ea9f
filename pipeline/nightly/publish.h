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
 * Leftovers of a crashed run (hidden ".*.tmp" directories, ".*.link" links,
 * unreferenced ".draft-<n>" directories) are removed by publish_cleanup().
 *
 * Nothing is written, replaced or removed through a path that leaves the
 * output tree: a "draft" that is not a link to a hidden ".draft-<n>"
 * directory beside it, any other link in a month directory, and a client
 * or month directory that is a link are what ccsla did not make; they are
 * an error naming the path, and nothing is deleted. */
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
 * previous one atomically and then removing the previous target. Fails
 * (-1, tmp removed, nothing else touched) when parent/NAME exists and is
 * not a link to a hidden ".NAME-<n>" directory in parent. */
int publish_replace(const char *tmp, const char *parent, const char *name, struct ccsla_error *err);
/* Removes crash leftovers under parent (see above); other hidden files are
 * left alone. Fails (-1, nothing removed) when a link in parent is not one
 * publish_replace made. */
int publish_cleanup(const char *parent, struct ccsla_error *err);
/* mkdir -p dir, which is root/...: root may be anything the operator chose
 * (a link too); every directory below it must be a real directory, not a
 * link (-1 naming it otherwise). */
int publish_mkdirs(const char *root, const char *dir, struct ccsla_error *err);

#endif
