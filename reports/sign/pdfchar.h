/* pdfchar.h -- the PDF character classes (ISO 32000-1 7.2.2) and hex
 * digits, as the object parser (pdfparse.c) and the content-stream and
 * CMap lexer (pdftext.c) both read them. */
#ifndef CCSLA_PDFCHAR_H
#define CCSLA_PDFCHAR_H

/* white-space: NUL, tab, line feed, form feed, carriage return, space */
static inline int pdfchar_is_space(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/* delimiters: ( ) < > [ ] { } / % */
static inline int pdfchar_is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
	       c == '/' || c == '%';
}

/* the value of a hex digit, -1 for any other byte */
static inline int pdfchar_hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                                                                                                    : -1;
}

#endif
