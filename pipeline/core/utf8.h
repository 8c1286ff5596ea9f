/* utf8.h -- strict UTF-8 validation (RFC 3629).
 *
 * Rejects overlong forms, surrogates (U+D800..U+DFFF), code points above
 * U+10FFFF and truncated sequences, so that every string that reaches the
 * store, the reports and the PDFs is well-formed. */
#ifndef CCSLA_UTF8_H
#define CCSLA_UTF8_H

#include <stddef.h>

/* Returns len when s[0..len) is valid UTF-8, else the offset of the first
 * byte of the first bad sequence. */
size_t utf8_check(const unsigned char *s, size_t len);
/* 1 when s[0..len) is ASCII without a NUL byte (so valid UTF-8 and free of
 * NULs: the common case, checked 8 bytes at a time), else 0. */
int utf8_plain_ascii(const unsigned char *s, size_t len);

#endif
