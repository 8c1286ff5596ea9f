/* pdf_font.c -- width array and CID-to-glyph map for the code points a
 * document draws (see pdf_font.h). Relies on libharu 2.3.0's internal
 * structures (hpdf_font.h, hpdf_fontdef.h, hpdf_encoder.h), which Debian
 * installs; the e2e tests check the result with qpdf and pdftotext. */
#include <errno.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_flate.h"
#include "pdf_font.h"
#include "pdf_subset.h"

/* A libharu read stream over a cached font file. */
struct font_cursor {
	const unsigned char *bytes;
	size_t size, pos;
};

HPDF_Font pdf_font_get(HPDF_Doc doc, const char *name)
{
	HPDF_Encoder enc = HPDF_GetEncoder(doc, "UTF-8");
	HPDF_CMapEncoderAttr attr;
	HPDF_Encoder_ToUnicode_Func utf8_to_unicode;
	HPDF_Font font;

	if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE)
		return NULL;
	/* libharu walks every BMP code point when the encoder has its own
	 * to-Unicode function (UTF-8 has), and only the encoder's code map
	 * when it has the generic one. The map of the UTF-8 encoder is empty
	 * but for the one entry set here (a font with an empty map is
	 * refused); row 0 is the UTF-8 decoder's scratch space (its first ten
	 * bytes hold the last character decoded: cleared, or a document made
	 * after another one would map those codes too) and is zero again
	 * afterwards. pdf_font_finish() writes the real tables. */
	attr = (HPDF_CMapEncoderAttr)enc->attr;
	memset(attr->cid_map[0], 0, sizeof attr->cid_map[0]);
	utf8_to_unicode = enc->to_unicode_fn;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	attr->cid_map[0][0x20] = 0x20;
	attr->unicode_map[0][0x20] = 0x20;
	font = HPDF_GetFont(doc, name, "UTF-8");
	attr->cid_map[0][0x20] = 0;
	attr->unicode_map[0][0x20] = 0;
	enc->to_unicode_fn = utf8_to_unicode;
	return font;
}

static void note_code_point(struct pdf_font_use *use, unsigned cp)
{
	if (cp > 0xffff)
		cp = 0x20;
	use->bits[cp / 64] |= (uint64_t)1 << (cp % 64);
}

static int is_noted(const struct pdf_font_use *use, unsigned cp)
{
	return (use->bits[cp / 64] >> (cp % 64)) & 1;
}

unsigned pdf_font_next_code_point(const unsigned char **ps)
{
	const unsigned char *s = *ps;
	unsigned cp = *s++;
	int more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;

	if (more)
		cp &= 0x3fu >> more;
	for (; more > 0 && (*s & 0xc0) == 0x80; more--)
		cp = cp << 6 | (*s++ & 0x3fu);
	*ps = s;
	return cp > 0xffff ? 0x20 : cp;
}

void pdf_font_note(struct pdf_font_use *use, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s)
		note_code_point(use, pdf_font_next_code_point(&s));
}

/* The width array: runs of consecutive noted CIDs whose width differs from
 * the default width, as [first [w w ...] first [w ...] ...]. */
static HPDF_Array width_array(HPDF_Font font, HPDF_FontDef def, const struct pdf_font_use *use,
                              unsigned last)
{
	HPDF_Array widths = HPDF_Array_New(font->mmgr), run = NULL;
	unsigned cp;

	if (!widths)
		return NULL;
	for (cp = 0; cp <= last; cp++) {
		HPDF_INT w;

		if (!is_noted(use, cp)) {
			run = NULL;
			continue;
		}
		w = HPDF_TTFontDef_GetGidWidth(def, HPDF_TTFontDef_GetGlyphid(def, (HPDF_UNICODE)cp));
		if (w == def->missing_width) {
			run = NULL;
			continue;
		}
		if (!run) {
			if (HPDF_Array_AddNumber(widths, (HPDF_INT32)cp) != HPDF_OK ||
			    !(run = HPDF_Array_New(font->mmgr)) || HPDF_Array_Add(widths, run) != HPDF_OK)
				return NULL;
		}
		if (HPDF_Array_AddNumber(run, w) != HPDF_OK)
			return NULL;
	}
	return widths;
}

/* One line of a CMap: "<XXXX> <XXXX> <XXXX>\n" and the like. */
static HPDF_STATUS put_line(HPDF_Stream s, const char *fmt, unsigned a, unsigned b, unsigned c)
{
	char line[64];

	snprintf(line, sizeof line, fmt, a, b, c);
	return HPDF_Stream_WriteStr(s, line);
}

/* Whether a CID gets a Unicode value: noted and not a UTF-16 surrogate
 * (which stands for no character on its own). */
static int maps_to_unicode(const struct pdf_font_use *use, unsigned cp)
{
	return is_noted(use, cp) && (cp < 0xd800 || cp > 0xdfff);
}

/* Runs of consecutive mapped CIDs, each within one block of 256 (a bfrange
 * may only vary in its last byte), in order; returns how many, and with
 * emit set writes each as "<first> <last> <first>" (CID equals the code
 * point) in groups of at most 100, as a CMap allows. */
static unsigned unicode_ranges(const struct pdf_font_use *use, HPDF_Stream s, int emit, HPDF_STATUS *st)
{
	unsigned n = 0, cp = 0, total = 0;

	if (emit)
		total = unicode_ranges(use, NULL, 0, st);
	while (cp <= 0xffff) {
		unsigned first;

		if (!maps_to_unicode(use, cp)) {
			/* 64 code points at a time where none was drawn */
			cp = cp % 64 == 0 && !use->bits[cp / 64] ? cp + 64 : cp + 1;
			continue;
		}
		first = cp;
		while (cp + 1 <= 0xffff && (cp + 1) % 256 != 0 && maps_to_unicode(use, cp + 1))
			cp++;
		if (emit && *st == HPDF_OK) {
			if (n % 100 == 0)
				*st = put_line(s, "%u beginbfrange\n", total - n < 100 ? total - n : 100, 0, 0);
			if (*st == HPDF_OK)
				*st = put_line(s, "<%04X> <%04X> <%04X>\n", first, cp, first);
			if (*st == HPDF_OK && (n % 100 == 99 || n + 1 == total))
				*st = HPDF_Stream_WriteStr(s, "endbfrange\n");
		}
		n++;
		cp++;
	}
	return n;
}

/* Rewrites the font's ToUnicode stream. libharu writes its encoder's CMap
 * there (a CID map: "begincidrange <0000> <FFFF> 0", which readers reject
 * as a ToUnicode CMap and then guess); a ToUnicode CMap maps codes to
 * Unicode with bfchar/bfrange (PDF 32000-1, 9.10.3). The codes are the
 * noted code points themselves. */
static HPDF_STATUS write_to_unicode(HPDF_Font font, const struct pdf_font_use *use)
{
	static const char *const stale_keys[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };
	HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	HPDF_STATUS st = HPDF_OK;
	size_t i;

	if (!cmap || !cmap->stream)
		return HPDF_INVALID_FONT;
	for (i = 0; i < sizeof stale_keys / sizeof stale_keys[0]; i++)
		HPDF_Dict_RemoveElement(cmap, stale_keys[i]); /* absent: not an error */
	HPDF_MemStream_FreeData(cmap->stream);
	st = HPDF_Stream_WriteStr(cmap->stream,
	                          "/CIDInit /ProcSet findresource begin\n"
	                          "12 dict begin\n"
	                          "begincmap\n"
	                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                          "/CMapName /Adobe-Identity-UCS def\n"
	                          "/CMapType 2 def\n"
	                          "1 begincodespacerange\n"
	                          "<0000> <FFFF>\n"
	                          "endcodespacerange\n");
	if (st == HPDF_OK)
		unicode_ranges(use, cmap->stream, 1, &st);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(cmap->stream,
		                          "endcmap\n"
		                          "CMapName currentdict /CMap defineresource pop\n"
		                          "end\n"
		                          "end\n");
	return st;
}

/* The font descriptor with the subset font file (FontFile2), made here so
 * that libharu, which makes it when the file is written if there is none,
 * neither builds its own subset nor deflates it. The entries are libharu's,
 * with CapHeight, which PDF 32000-1 (9.8.1) requires and libharu omits. */
static unsigned long embed_subset(HPDF_Font font, const struct pdf_font_use *use, unsigned last)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
	const struct font_cursor *file = tt->stream ? tt->stream->attr : NULL;
	struct pdf_glyph_set *keep;
	unsigned char *data;
	size_t len;
	unsigned cp;
	unsigned long st;
	HPDF_Dict desc, font_file;
	HPDF_STATUS ret = HPDF_OK;

	if (def->descriptor)
		return 0; /* made already: one descriptor per font definition */
	if (!file || !(keep = calloc(1, sizeof *keep)))
		return HPDF_FAILD_TO_ALLOC_MEM;
	for (cp = 0; cp <= last; cp++)
		if (is_noted(use, cp))
			pdf_glyph_set_add(keep, HPDF_TTFontDef_GetGlyphid(def, (HPDF_UNICODE)cp));
	if (pdf_subset_build(file->bytes, file->size, keep, &data, &len) < 0) {
		free(keep);
		return HPDF_INVALID_FONTDEF_DATA;
	}
	free(keep);
	if (!(desc = HPDF_Dict_New(font->mmgr)) || !(font_file = HPDF_DictStream_New(font->mmgr, attr->xref)) ||
	    HPDF_Xref_Add(attr->xref, desc) != HPDF_OK) {
		free(data);
		return HPDF_FAILD_TO_ALLOC_MEM;
	}
	ret += HPDF_Dict_AddNumber(font_file, "Length1", (HPDF_INT32)len);
	st = pdf_flate_set(font_file, data, len);
	free(data);
	ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	ret += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
	ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
	ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(font->mmgr, def->font_bbox));
	ret += HPDF_Dict_AddName(desc, "FontName", tt->base_font);
	ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	ret += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
	ret += HPDF_Dict_Add(desc, "FontFile2", font_file);
	if (st)
		return st;
	if (ret != HPDF_OK)
		return HPDF_Error_GetCode(font->error) ? HPDF_Error_GetCode(font->error) : HPDF_FAILD_TO_ALLOC_MEM;
	def->descriptor = desc;
	return 0;
}

unsigned long pdf_font_finish(HPDF_Font font, const struct pdf_font_use *use)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_Dict cid_font = attr->descendant_font;
	HPDF_Array widths;
	unsigned last = 0x20, cp, word;

	if (attr->type != HPDF_FONT_TYPE0_TT || !cid_font || !attr->map_stream)
		return HPDF_INVALID_FONT;
	for (word = 65536 / 64; word-- > 0;) /* the highest noted code point */
		if (use->bits[word]) {
			for (cp = word * 64 + 63; !is_noted(use, cp); cp--)
				;
			last = cp > last ? cp : last;
			break;
		}
	if (!(widths = width_array(font, def, use, last)))
		return HPDF_Error_GetCode(font->error);
	HPDF_Dict_RemoveElement(cid_font, "W");
	if (HPDF_Dict_Add(cid_font, "W", widths) != HPDF_OK)
		return HPDF_Error_GetCode(font->error);

	/* The map: two big-endian bytes per CID from 0 to the last one; CIDs
	 * never drawn map to glyph 0. */
	HPDF_MemStream_FreeData(attr->map_stream->stream);
	for (cp = 0; cp <= last; cp++) {
		HPDF_UINT16 gid = is_noted(use, cp) ? HPDF_TTFontDef_GetGlyphid(def, (HPDF_UNICODE)cp) : 0;
		HPDF_BYTE be[2] = { (HPDF_BYTE)(gid >> 8), (HPDF_BYTE)gid };

		if (HPDF_Stream_Write(attr->map_stream->stream, be, 2) != HPDF_OK)
			return HPDF_Error_GetCode(font->error);
	}
	if (write_to_unicode(font, use) != HPDF_OK)
		return HPDF_Error_GetCode(font->error) ? HPDF_Error_GetCode(font->error) : HPDF_INVALID_FONT;
	return embed_subset(font, use, last);
}

/* Big-endian reads and writes in the font file. */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

#define POST_HEADER 32

/* Points the font's 'post' table at a 32-byte copy of its header marked
 * format 3 (no glyph names), written at end (4-aligned, POST_HEADER bytes
 * free there). libharu embeds the post table whole, and DejaVu's glyph
 * names are 62 KB per face that no PDF viewer reads: a CIDFontType2 font is
 * addressed by glyph id. Returns 0, or -1 if the file is not a TrueType
 * font with a post table. */
static int drop_glyph_names(unsigned char *font, size_t size, size_t end)
{
	size_t n, i;

	if (size < 12)
		return -1;
	n = (size_t)font[4] << 8 | font[5];
	if (12 + 16 * n > size)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char *rec = font + 12 + 16 * i;
		uint32_t off = be32(rec + 8), len = be32(rec + 12);

		if (memcmp(rec, "post", 4) != 0)
			continue;
		if (len < POST_HEADER || off > size || len > size - off)
			return -1;
		memcpy(font + end, font + off, POST_HEADER);
		put_be32(font + end, 0x00030000u);
		put_be32(rec + 8, (uint32_t)end);
		put_be32(rec + 12, POST_HEADER);
		return 0;
	}
	return -1;
}

/* Font files read once per process, with the glyph names dropped; every
 * document of the process reads them through a cursor (below), so a run
 * that renders many reports neither reads nor copies a font twice. The
 * bytes are never changed after loading and live until the process ends.
 * Rendering is single-threaded. */
struct font_file {
	char path[4096];
	unsigned char *bytes;
	size_t size;
};
static struct font_file font_files[4];

static const struct font_file *font_file_get(const char *path, struct ccsla_error *err)
{
	struct font_file *f = NULL;
	unsigned char *font;
	FILE *fp;
	long size;
	size_t end, i;

	for (i = 0; i < sizeof font_files / sizeof font_files[0]; i++) {
		if (font_files[i].bytes && strcmp(font_files[i].path, path) == 0)
			return &font_files[i];
		if (!font_files[i].bytes && !f)
			f = &font_files[i];
	}
	if (!f || strlen(path) >= sizeof f->path) {
		ccsla_error_set(err, path, 0, NULL, "cannot load the font: too many fonts or too long a path");
		return NULL;
	}
	if (!(fp = fopen(path, "rb"))) {
		ccsla_error_set(err, path, 0, NULL, "cannot open the font: %s (install fonts-dejavu-core)",
		                strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) <= 0 || size > (64L << 20) ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		ccsla_error_set(err, path, 0, NULL, "cannot read the font: not a regular file of up to 64 MiB");
		return NULL;
	}
	end = ((size_t)size + 3) & ~(size_t)3;
	if (!(font = calloc(1, end + POST_HEADER)) || fread(font, 1, (size_t)size, fp) != (size_t)size) {
		fclose(fp);
		ccsla_error_set(err, path, 0, NULL, "cannot read the font: %s", font ? "short read" : "out of memory");
		free(font);
		return NULL;
	}
	fclose(fp);
	if (drop_glyph_names(font, (size_t)size, end) < 0) {
		free(font);
		ccsla_error_set(err, path, 0, NULL, "cannot load the font: not a TrueType font with a post table");
		return NULL;
	}
	snprintf(f->path, sizeof f->path, "%s", path);
	f->bytes = font;
	f->size = end + POST_HEADER;
	return f;
}


static HPDF_STATUS cursor_read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *len)
{
	struct font_cursor *c = stream->attr;
	size_t n = c->size - c->pos < *len ? c->size - c->pos : *len;

	memcpy(ptr, c->bytes + c->pos, n);
	c->pos += n;
	if (n < *len) {
		*len = (HPDF_UINT)n;
		return HPDF_SetError(stream->error, HPDF_STREAM_EOF, 0);
	}
	return HPDF_OK;
}

static HPDF_STATUS cursor_seek(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct font_cursor *c = stream->attr;
	long long to = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (long long)c->pos + pos
	                                                                    : (long long)c->size + pos;

	if (to < 0 || to > (long long)c->size)
		return HPDF_SetError(stream->error, HPDF_FILE_IO_ERROR, 0);
	c->pos = (size_t)to;
	return HPDF_OK;
}

static HPDF_INT32 cursor_tell(HPDF_Stream stream)
{
	return (HPDF_INT32)((struct font_cursor *)stream->attr)->pos;
}

static HPDF_UINT32 cursor_size(HPDF_Stream stream)
{
	return (HPDF_UINT32)((struct font_cursor *)stream->attr)->size;
}

static void cursor_free(HPDF_Stream stream)
{
	HPDF_FreeMem(stream->mmgr, stream->attr);
	stream->attr = NULL;
}

const char *pdf_font_load(HPDF_Doc doc, const char *path, struct ccsla_error *err)
{
	const struct font_file *file = font_file_get(path, err);
	struct font_cursor *cursor;
	HPDF_Stream stream = NULL;
	HPDF_FontDef def;
	int i;

	if (!file)
		return NULL;
	if ((cursor = HPDF_GetMem(doc->mmgr, sizeof *cursor))) {
		cursor->bytes = file->bytes;
		cursor->size = file->size;
		cursor->pos = 0;
		stream = HPDF_CallbackReader_New(doc->mmgr, cursor_read, cursor_seek, cursor_tell, cursor_size,
		                                 cursor);
		if (stream)
			stream->free_fn = cursor_free;
		else
			HPDF_FreeMem(doc->mmgr, cursor);
	}
	/* The font definition owns the stream from here (libharu reads the
	 * font again when it writes the subset), even when loading fails. */
	if (!stream || !(def = HPDF_TTFontDef_Load(doc->mmgr, stream, HPDF_TRUE)) ||
	    HPDF_Doc_RegisterFontDef(doc, def) != HPDF_OK) {
		ccsla_error_set(err, path, 0, NULL, "cannot load the font (libharu error 0x%04lx)",
		                (unsigned long)HPDF_GetError(doc));
		return NULL;
	}
	/* Subset tags as HPDF_LoadTTFontFromFile gives them: HPDFAA, HPDFAB.. */
	if (doc->ttfont_tag[0] == 0) {
		memcpy(doc->ttfont_tag, "HPDFAA", 6);
	} else {
		for (i = 5; i >= 0; i--) {
			if (++doc->ttfont_tag[i] <= 'Z')
				break;
			doc->ttfont_tag[i] = 'A';
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)doc->ttfont_tag);
	return def->base_font;
}

/* Character widths per font definition, looked up once per code point:
 * HPDF_Font_TextWidth searches the TrueType cmap for every character of
 * every measured string (7 % of a report's rendering). Two faces are used. */
static struct width_cache {
	HPDF_FontDef def;
	int32_t width[65536]; /* -1: not looked up yet */
} *width_caches[4];

void pdf_font_forget_widths(void)
{
	size_t i;

	for (i = 0; i < sizeof width_caches / sizeof width_caches[0]; i++) {
		free(width_caches[i]);
		width_caches[i] = NULL;
	}
}

static struct width_cache *widths_of(HPDF_FontDef def)
{
	size_t i;

	for (i = 0; i < sizeof width_caches / sizeof width_caches[0]; i++) {
		if (width_caches[i] && width_caches[i]->def == def)
			return width_caches[i];
		if (!width_caches[i]) {
			if (!(width_caches[i] = malloc(sizeof *width_caches[i])))
				return NULL;
			width_caches[i]->def = def;
			memset(width_caches[i]->width, 0xff, sizeof width_caches[i]->width);
			return width_caches[i];
		}
	}
	return NULL;
}

/* The code point libharu's UTF-8 decoder gives for the bytes it gathered
 * (hpdf_encoder_utf.c, its arithmetic kept: the four-byte case does not
 * mask the second byte, and anything above U+FFFF reads as a space). */
static unsigned libharu_code_point(const unsigned char *b, int end)
{
	unsigned v;

	switch (end) {
	case 3:
		v = ((b[0] & 0x7u) << 18) + ((unsigned)b[1] << 12) + ((b[2] & 0x3fu) << 6) + (b[3] & 0x3fu);
		break;
	case 2:
		v = ((b[0] & 0xfu) << 12) + ((b[1] & 0x3fu) << 6) + (b[2] & 0x3fu);
		break;
	case 1:
		v = ((b[0] & 0x1fu) << 6) + (b[1] & 0x3fu);
		break;
	default:
		v = b[0];
	}
	return v > 0xffff ? 0x20 : v;
}

unsigned long pdf_font_text_width(HPDF_Font font, const char *text, size_t n)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	struct width_cache *c;
	unsigned char gathered[4];
	int have = 0, end = 0;
	unsigned long total = 0;
	size_t i;

	if (attr->type != HPDF_FONT_TYPE0_TT || !(c = widths_of(attr->fontdef)))
		return HPDF_Font_TextWidth(font, (const HPDF_BYTE *)text, (HPDF_UINT)n).width;
	/* the byte state machine of libharu's UTF-8 encoder, so that widths
	 * (and so layout) stay exactly as HPDF_Font_TextWidth gave them */
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)text[i];
		unsigned cp;

		if (have == 0) {
			gathered[0] = b;
			if (!(b & 0x80)) {
				end = 0;
			} else {
				have = 1;
				if ((b & 0xf8) == 0xf0)
					end = 3;
				else if ((b & 0xf0) == 0xe0)
					end = 2;
				else if ((b & 0xe0) == 0xc0)
					end = 1;
				else
					have = 0; /* not a lead byte: skipped */
				continue;
			}
		} else {
			gathered[have] = b;
			if (have != end) {
				have++;
				continue;
			}
			have = 0;
		}
		cp = libharu_code_point(gathered, end);
		if (c->width[cp] < 0)
			c->width[cp] = (HPDF_UINT16)HPDF_TTFontDef_GetCharWidth(attr->fontdef, (HPDF_UNICODE)cp);
		total += (unsigned long)c->width[cp];
	}
	return total;
}
