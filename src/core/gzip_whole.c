/*-------------------------------------------------------------------------
 *
 * gzip_whole.c
 *	  Inflate a whole gzip file member by member, each in one libdeflate
 *	  call, when the file and its members fit under a limit.
 *
 * libdeflate inflates a member into a buffer whose size must be known in
 * advance.  The last four bytes of a file are its last member's ISIZE (its
 * length mod 2^32): exact for the one member of a CloudTrail log file.  A
 * member whose size is not known that way is tried with the limit as the
 * size.  libdeflate checks each member's CRC-32 and ISIZE itself.
 *
 * Whatever is not a plain success goes back to zlib streaming (see
 * gzip_stream.c), which reads the same input again from its start through
 * core_gzip_whole_replay: the reads it sees are the reads the load made, in the
 * same sizes, with the same end or the same failure, so its rows, counts
 * and messages are those of a zlib-only build.  Neither checks a header
 * CRC (FHCRC): zlib does not once its own checks are off (gzip_stream.c).
 *
 * Built without libdeflate (make LIBDEFLATE=0), core_gzip_whole_load always
 * declines and zlib streams everything.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#ifdef HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "gzip_whole.h"

#define GZIP_MIN_MEMBER 18		/* 10-byte header, empty block, trailer */

/* Whether the build has the one-call inflater */
bool
core_gzip_whole_available(void)
{
#ifdef HAVE_LIBDEFLATE
	return true;
#else
	return false;
#endif
}

/* The inflater a reader with this limit tries first, for EXPLAIN */
const char *
core_gzip_whole_inflater(size_t limit)
{
	return core_gzip_whole_available() && limit > 0 ? "libdeflate" : "zlib";
}

void
core_gzip_whole_init(GzipWhole *w, const CoreAllocator *mem)
{
	size_t		limit = w->limit;

	memset(w, 0, sizeof(*w));
	w->limit = limit;
	w->mem = mem;
}

/* Forget the current input; buffers and the limit are kept */
void
core_gzip_whole_reset(GzipWhole *w)
{
	w->in_len = 0;
	w->first_len = 0;
	w->nreads = 0;
	w->complete = false;
	w->read_failed = false;
	w->read = NULL;
	w->read_arg = NULL;
	w->replay_next = 0;
	w->replay_pos = 0;
	w->replay_left = 0;
	w->out_len = 0;
	w->out_pos = 0;
	w->member_at = 0;
	w->members = 0;
	w->handed_out = 0;
}

void
core_gzip_whole_free(GzipWhole *w)
{
	if (w->in)
		w->mem->free(w->mem->ctx, w->in);
	if (w->reads)
		w->mem->free(w->mem->ctx, w->reads);
	if (w->out)
		w->mem->free(w->mem->ctx, w->out);
	w->in = w->out = NULL;
	w->reads = NULL;
	w->in_cap = w->out_cap = 0;
	w->reads_cap = 0;
	core_gzip_whole_reset(w);
}

/* Make room for `need` bytes in *buf (contents kept) */
static void
whole_reserve(const CoreAllocator *mem, unsigned char **buf, size_t *cap,
			  size_t need)
{
	size_t		n;

	if (need <= *cap)
		return;
	n = *cap < 65536 ? 65536 : *cap;
	while (n < need)
		n *= 2;
	*buf = *buf ? mem->realloc(mem->ctx, *buf, n) : mem->alloc(mem->ctx, n);
	*cap = n;
}

static void
whole_note_read(GzipWhole *w, size_t n)
{
	if (w->nreads == w->reads_cap)
	{
		int			cap = w->reads_cap ? w->reads_cap * 2 : 64;

		w->reads = w->reads ?
			w->mem->realloc(w->mem->ctx, w->reads, cap * sizeof(uint32_t)) :
			w->mem->alloc(w->mem->ctx, cap * sizeof(uint32_t));
		w->reads_cap = cap;
	}
	w->reads[w->nreads++] = (uint32_t) n;
}

static uint32_t
whole_le32(const unsigned char *p)
{
	return p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/*
 * Read the rest of a gzip input (`first` holds what was read of it) in
 * reads of `chunk` bytes, until its end, a failure or more compressed bytes
 * than the limit allows.  Returns true when the one-call inflater serves
 * it: the input is whole and its last member's ISIZE is within the limit.
 * Either way the reads are kept for core_gzip_whole_replay.
 */
bool
core_gzip_whole_load(GzipWhole *w, const unsigned char *first, size_t first_len,
				CoreReadFn read, void *arg, size_t chunk)
{
	/* deflate never grows data by more than 5 bytes per 16 KB block */
	size_t		max_in = w->limit + w->limit / 1024 + 4096;

	core_gzip_whole_reset(w);
	w->read = read;
	w->read_arg = arg;
	w->first_len = first_len;
	if (!core_gzip_whole_available() || w->limit == 0)
	{
		w->replay_pos = first_len;	/* nothing loaded: straight to read */
		return false;
	}
	whole_reserve(w->mem, &w->in, &w->in_cap, first_len + chunk);
	memcpy(w->in, first, first_len);
	w->in_len = first_len;
	w->replay_pos = first_len;
	while (w->in_len <= max_in)
	{
		ssize_t		n;

		whole_reserve(w->mem, &w->in, &w->in_cap, w->in_len + chunk);
		n = read(arg, w->in + w->in_len, chunk, w->read_err, sizeof(w->read_err));
		if (n < 0)
		{
			w->read_failed = true;
			return false;
		}
		whole_note_read(w, (size_t) n);
		if (n == 0)
		{
			w->complete = true;
			break;
		}
		w->in_len += (size_t) n;
	}
	return w->complete && w->in_len >= GZIP_MIN_MEMBER &&
		whole_le32(w->in + w->in_len - 4) <= w->limit;
}

#ifdef HAVE_LIBDEFLATE
/* One decompressor for the process: it keeps no state between calls */
static struct libdeflate_decompressor *whole_decompressor;

/* Inflate the member at p into out, sized `size`; true when it worked */
static bool
whole_inflate(GzipWhole *w, const unsigned char *p, size_t avail, size_t size,
			  size_t *used)
{
	enum libdeflate_result rc;

	whole_reserve(w->mem, &w->out, &w->out_cap, size > 0 ? size : 1);
	rc = libdeflate_gzip_decompress_ex(whole_decompressor, p, avail, w->out,
									   size, used, &w->out_len);
	return rc == LIBDEFLATE_SUCCESS;
}
#endif

/*
 * Inflate the next member into w->out.  Returns 1 when it is there, 0 at
 * the clean end of the input (trailing zero bytes included), -1 when zlib
 * must take over.
 */
int
core_gzip_whole_next(GzipWhole *w)
{
#ifdef HAVE_LIBDEFLATE
	const unsigned char *p = w->in + w->member_at;
	size_t		avail = w->in_len - w->member_at;
	size_t		size;
	size_t		used = 0;

	w->out_len = w->out_pos = 0;
	if (avail == 0)
		return 0;
	if (p[0] == 0)
	{
		/* zero padding after the last member, or garbage: zlib says */
		for (size_t i = 0; i < avail; i++)
			if (p[i] != 0)
				return -1;
		w->member_at = w->in_len;
		return 0;
	}
	if (avail < GZIP_MIN_MEMBER || p[0] != 0x1f || p[1] != 0x8b)
		return -1;
	if (whole_decompressor == NULL &&
		(whole_decompressor = libdeflate_alloc_decompressor()) == NULL)
		return -1;
	/* the file's last ISIZE: this member's when it is the last */
	size = whole_le32(w->in + w->in_len - 4);
	if (size > w->limit ||
		!whole_inflate(w, p, avail, size, &used))
	{
		/* another member follows: try with the limit */
		if (size == w->limit || !whole_inflate(w, p, avail, w->limit, &used))
			return -1;
	}
	w->member_at += used;
	w->members++;
	return 1;
#else
	(void) w;
	return -1;
#endif
}

/*
 * The source zlib reads after a fallback: the load's reads again, in the
 * same sizes (split when the caller asks for less), then its end, its
 * failure, or, when the load stopped at the limit, the source itself
 */
ssize_t
core_gzip_whole_replay(void *arg, unsigned char *buf, size_t len, char *errbuf,
				  size_t errlen)
{
	GzipWhole  *w = (GzipWhole *) arg;

	if (w->replay_next < w->nreads)
	{
		size_t		n;

		if (w->replay_left == 0)
		{
			/* a recorded read of 0 bytes is the end */
			if (w->reads[w->replay_next] == 0)
				return 0;
			w->replay_left = w->reads[w->replay_next];
		}
		n = w->replay_left < len ? w->replay_left : len;
		memcpy(buf, w->in + w->replay_pos, n);
		w->replay_pos += n;
		w->replay_left -= n;
		if (w->replay_left == 0)
			w->replay_next++;
		return (ssize_t) n;
	}
	if (w->read_failed)
	{
		snprintf(errbuf, errlen, "%s", w->read_err);
		return -1;
	}
	if (w->complete)
		return 0;
	return w->read(w->read_arg, buf, len, errbuf, errlen);
}
