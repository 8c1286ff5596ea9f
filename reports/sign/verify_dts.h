/* verify_dts.h -- PAdES B-LTA: the document time-stamps after a signature
 * (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161).
 *
 * Each must have a /ByteRange from byte 0 that skips exactly its own
 * /Contents (hex digits only) and ends at the end of a revision; the newest
 * must end at the end of the file; its /Contents is an RFC 3161 token
 * (tstoken.h) over those bytes, followed only by zero padding, from a TSA
 * that chains to the trust anchors. One line per time-stamp. */
#ifndef CCSLA_VERIFY_DTS_H
#define CCSLA_VERIFY_DTS_H

#include "pdfparse.h"
#include "verify_result.h"

/* 1 sigs that are document time-stamps, 0 not. */
int verify_is_doc_ts(const struct pdf_obj *sig);

/* Returns 1 when every one holds and the newest covers the whole file. */
int verify_doc_timestamps(struct pdf_doc *d, struct pdf_obj *const *dts, int n, const char *trust_path,
                          struct verify_result *r);

#endif
