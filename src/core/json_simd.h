/*-------------------------------------------------------------------------
 *
 * json_simd.h
 *	  Find the next byte inside a JSON string body that needs attention,
 *	  sixteen bytes at a time.
 *
 * Most of a CloudTrail record is short plain-ASCII strings, so validating,
 * skipping and decoding all come down to "how far does the plain run go".
 * The flags are compile-time constants at every call site, so each caller
 * gets its own specialized loop.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_JSON_SIMD_H
#define IOTATRAIL_JSON_SIMD_H

#include <stdbool.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define JSON_STOP_QUOTE		0x01	/* '"' */
#define JSON_STOP_CONTROL	0x02	/* bytes below 0x20 */
#define JSON_STOP_HIGH		0x04	/* bytes 0x80 and above (non-ASCII) */

/*
 * The first byte in [p, stop) that is a backslash or one of the kinds in
 * what; stop when there is none.
 */
static inline const char *
json_string_stop(const char *p, const char *stop, int what)
{
#ifdef __SSE2__
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i ctrl = _mm_set1_epi8(0x1f);

	while (stop - p >= 16)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) p);
		__m128i		hit = _mm_cmpeq_epi8(v, backslash);
		int			mask;

		if (what & JSON_STOP_QUOTE)
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, quote));
		if (what & JSON_STOP_CONTROL)	/* unsigned v <= 0x1f */
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(v, ctrl), ctrl));
		mask = _mm_movemask_epi8(hit);
		if (what & JSON_STOP_HIGH)		/* the sign bit of each byte */
			mask |= _mm_movemask_epi8(v);
		if (mask)
			return p + __builtin_ctz((unsigned) mask);
		p += 16;
	}
#endif
	for (; p < stop; p++)
	{
		unsigned char c = (unsigned char) *p;

		if (c == '\\' ||
			((what & JSON_STOP_QUOTE) && c == '"') ||
			((what & JSON_STOP_CONTROL) && c < 0x20) ||
			((what & JSON_STOP_HIGH) && c >= 0x80))
			break;
	}
	return p;
}

#endif							/* IOTATRAIL_JSON_SIMD_H */
