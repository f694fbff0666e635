/*-------------------------------------------------------------------------
 *
 * crc32_fast.c
 *	  The gzip CRC-32, with carry-less multiplication where the CPU has it.
 *
 * zlib's table-driven CRC costs about as much as a tenth of inflating, so
 * the gzip stream checks the CRC itself.  On x86-64 with PCLMULQDQ the
 * buffer is folded 64 bytes at a time into four 128-bit lanes, the lanes
 * into one, and that is reduced to 32 bits (Barrett), following Intel's
 * "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ" with the
 * constants of the reflected gzip polynomial 0xEDB88320.  Elsewhere, and
 * for the tail of fewer than 16 bytes, zlib's crc32 does the work.
 *
 *-------------------------------------------------------------------------
 */
#include <zlib.h>

#include "crc32_fast.h"

/* zlib's crc32, which takes at most 4 GB a call */
static uint32_t
crc32_zlib(uint32_t crc, const unsigned char *buf, size_t len)
{
	while (len > 0)
	{
		uInt		n = len > (1u << 30) ? (1u << 30) : (uInt) len;

		crc = (uint32_t) crc32(crc, buf, n);
		buf += n;
		len -= n;
	}
	return crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define CRC_FOLD_MIN 64

/* x^(4*128+64), x^(4*128) mod P, bit-reflected: folding 64 bytes ahead */
#define K1 0x0154442bd4ULL
#define K2 0x01c6e41596ULL
/* x^(128+64), x^128 mod P: folding 16 bytes ahead */
#define K3 0x01751997d0ULL
#define K4 0x00ccaa009eULL
/* x^64 mod P: 96 bits to 64 */
#define K5 0x0163cd6124ULL
/* P and mu = x^64 / P, for the Barrett reduction */
#define POLY 0x01db710641ULL
#define MU 0x01f7011641ULL

/* Fold x one lane ahead by k (low and high halves) and add data */
__attribute__((target("pclmul,sse4.1")))
static inline __m128i
fold(__m128i x, __m128i k, __m128i data)
{
	__m128i		lo = _mm_clmulepi64_si128(x, k, 0x00);
	__m128i		hi = _mm_clmulepi64_si128(x, k, 0x11);

	return _mm_xor_si128(_mm_xor_si128(hi, lo), data);
}

/*
 * The CRC register (not inverted) over len bytes, len a multiple of 16 and
 * at least CRC_FOLD_MIN
 */
__attribute__((target("pclmul,sse4.1")))
static uint32_t
crc32_clmul(uint32_t crc, const unsigned char *buf, size_t len)
{
	const __m128i k12 = _mm_set_epi64x((long long) K2, (long long) K1);
	const __m128i k34 = _mm_set_epi64x((long long) K4, (long long) K3);
	const __m128i k50 = _mm_set_epi64x(0, (long long) K5);
	const __m128i pmu = _mm_set_epi64x((long long) MU, (long long) POLY);
	const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);
	__m128i		x1 = _mm_loadu_si128((const __m128i *) (buf + 0));
	__m128i		x2 = _mm_loadu_si128((const __m128i *) (buf + 16));
	__m128i		x3 = _mm_loadu_si128((const __m128i *) (buf + 32));
	__m128i		x4 = _mm_loadu_si128((const __m128i *) (buf + 48));
	__m128i		t;

	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int) crc));
	buf += 64;
	len -= 64;
	for (; len >= 64; buf += 64, len -= 64)
	{
		x1 = fold(x1, k12, _mm_loadu_si128((const __m128i *) (buf + 0)));
		x2 = fold(x2, k12, _mm_loadu_si128((const __m128i *) (buf + 16)));
		x3 = fold(x3, k12, _mm_loadu_si128((const __m128i *) (buf + 32)));
		x4 = fold(x4, k12, _mm_loadu_si128((const __m128i *) (buf + 48)));
	}
	/* four lanes into one, then the remaining 16-byte blocks */
	x1 = fold(x1, k34, x2);
	x1 = fold(x1, k34, x3);
	x1 = fold(x1, k34, x4);
	for (; len >= 16; buf += 16, len -= 16)
		x1 = fold(x1, k34, _mm_loadu_si128((const __m128i *) buf));

	/* 128 bits to 64 */
	t = _mm_clmulepi64_si128(x1, k34, 0x10);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t);
	t = _mm_srli_si128(x1, 4);
	x1 = _mm_clmulepi64_si128(_mm_and_si128(x1, low32), k50, 0x00);
	x1 = _mm_xor_si128(x1, t);

	/* Barrett reduction to 32 bits */
	t = _mm_and_si128(x1, low32);
	t = _mm_clmulepi64_si128(t, pmu, 0x10);
	t = _mm_and_si128(t, low32);
	t = _mm_clmulepi64_si128(t, pmu, 0x00);
	x1 = _mm_xor_si128(x1, t);
	return (uint32_t) _mm_extract_epi32(x1, 1);
}

/* Whether the CPU has PCLMULQDQ and SSE4.1; asked once */
static int
have_clmul(void)
{
	static int	known = -1;

	if (known < 0)
	{
		unsigned int a,
					b,
					c,
					d;

		known = __get_cpuid(1, &a, &b, &c, &d) &&
			(c & bit_PCLMUL) != 0 && (c & bit_SSE4_1) != 0;
	}
	return known;
}

uint32_t
core_crc32_fast(uint32_t crc, const unsigned char *buf, size_t len)
{
	if (len >= CRC_FOLD_MIN && have_clmul())
	{
		size_t		n = len & ~(size_t) 15;

		crc = ~crc32_clmul(~crc, buf, n);
		buf += n;
		len -= n;
	}
	return crc32_zlib(crc, buf, len);
}

#else

uint32_t
core_crc32_fast(uint32_t crc, const unsigned char *buf, size_t len)
{
	return crc32_zlib(crc, buf, len);
}

#endif
