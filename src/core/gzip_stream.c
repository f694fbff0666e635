/*-------------------------------------------------------------------------
 *
 * gzip_stream.c
 *	  Inflate gzip input chunk by chunk, or pass plain input through.
 *
 * Detection is by content (the gzip magic 1f 8b), never by file name.  A
 * gzip file may hold several members back to back (what `cat a.gz b.gz`
 * makes); each is inflated in turn.  Truncation, corrupt deflate data and
 * CRC/length mismatches are errors that say how far the stream got.
 *
 * zlib's own CRC is switched off (inflateValidate): the member's CRC-32 is
 * computed with core_crc32_fast as bytes come out, and checked with the length
 * against the member's trailer, which zlib has just consumed.
 *
 * With a whole-member limit set (core_gzip_stream_set_whole_limit) and
 * libdeflate in the build, a gzip input is first offered to the one-call
 * inflater of gzip_whole.c; what it declines, zlib streams here.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "crc32_fast.h"
#include "gzip_stream.h"


static ssize_t gz_inflate(GzipStream *gz, unsigned char *out, size_t len);

/* zlib allocation through the caller's allocator */
static voidpf
gz_zalloc(voidpf opaque, uInt items, uInt size)
{
	const CoreAllocator *mem = (const CoreAllocator *) opaque;

	return mem->alloc(mem->ctx, (size_t) items * size);
}

static void
gz_zfree(voidpf opaque, voidpf ptr)
{
	const CoreAllocator *mem = (const CoreAllocator *) opaque;

	mem->free(mem->ctx, ptr);
}

/* Prepare a stream; nothing is read until the first core_gzip_stream_read */
void
core_gzip_stream_init(GzipStream *gz, CoreReadFn read, void *read_arg,
				 const CoreAllocator *mem, size_t bufsize)
{
	memset(gz, 0, sizeof(*gz));
	gz->read = read;
	gz->read_arg = read_arg;
	gz->mem = mem;
	gz->inbuf_size = bufsize < 4096 ? 4096 : bufsize;
	gz->inbuf = mem->alloc(mem->ctx, gz->inbuf_size);
	core_gzip_whole_init(&gz->whole, mem);
}

/*
 * Members up to limit bytes uncompressed are inflated in one call (when the
 * build has libdeflate); 0 streams everything through zlib.  Takes effect
 * from the next input.
 */
void
core_gzip_stream_set_whole_limit(GzipStream *gz, size_t limit)
{
	gz->whole.limit = limit;
}

/* The inflater tried first on gzip input: "libdeflate" or "zlib" */
const char *
core_gzip_stream_inflater(const GzipStream *gz)
{
	return core_gzip_whole_inflater(gz->whole.limit);
}

/*
 * Point a stream at a new source, as core_gzip_stream_init would, but keep the
 * input buffer and zlib's state (reset when the next input is gzip, not
 * set up again): on a trail of small files that set-up was most of the
 * cost of a file.
 */
void
core_gzip_stream_restart(GzipStream *gz, CoreReadFn read, void *read_arg)
{
	z_stream	zs = gz->zs;	/* zlib checks that its state points back
								 * at this address: restored in place */
	bool		zs_ready = gz->zs_ready;
	unsigned char *inbuf = gz->inbuf;
	size_t		inbuf_size = gz->inbuf_size;
	const CoreAllocator *mem = gz->mem;
	GzipWhole	whole = gz->whole;	/* buffers and limit kept */

	memset(gz, 0, sizeof(*gz));
	gz->whole = whole;
	core_gzip_whole_reset(&gz->whole);
	gz->zs = zs;
	gz->zs_ready = zs_ready;
	gz->inbuf = inbuf;
	gz->inbuf_size = inbuf_size;
	gz->mem = mem;
	gz->read = read;
	gz->read_arg = read_arg;
}

/* Release zlib state and the input buffer */
void
core_gzip_stream_end(GzipStream *gz)
{
	if (gz->zs_ready)
		inflateEnd(&gz->zs);
	gz->zs_ready = false;
	if (gz->inbuf)
		gz->mem->free(gz->mem->ctx, gz->inbuf);
	gz->inbuf = NULL;
	core_gzip_whole_free(&gz->whole);
}

/*
 * Record an error; the stream stays failed.  Bytes inflated before the error
 * in the same call are still handed out (the caller sees the error on its
 * next read), so records before a truncation are not lost.
 */
static ssize_t
gz_fail(GzipStream *gz, CoreError code, const char *what)
{
	gz->error = code;
	snprintf(gz->errmsg, sizeof(gz->errmsg),
			 "%s (gzip member %d, after %llu compressed and %llu uncompressed bytes)",
			 what, gz->members,
			 (unsigned long long) gz->raw_bytes,
			 (unsigned long long) gz->out_bytes);
	gz->failed = true;
	return gz->produced > 0 ? (ssize_t) gz->produced : -1;
}

/* Read from the source into buf, counting bytes and noting EOF and errors */
static ssize_t
gz_source_read(GzipStream *gz, unsigned char *buf, size_t len)
{
	ssize_t		n;

	if (gz->input_eof)
		return 0;
	n = gz->read(gz->read_arg, buf, len, gz->errmsg, sizeof(gz->errmsg));
	if (n < 0)
	{
		gz->failed = true;
		gz->error = CORE_ERR_READ;
		return -1;
	}
	if (n == 0)
		gz->input_eof = true;
	gz->raw_bytes += (uint64_t) n;
	return n;
}

/*
 * The last 8 bytes of the input consumed so far, when zlib has consumed
 * inbuf up to used: a trailer may straddle reads
 */
static void
gz_last_input(GzipStream *gz, size_t used, unsigned char out[8])
{
	size_t		from_prev = used >= 8 ? 0 : 8 - used;

	memmove(out, gz->consumed_tail + 8 - from_prev, from_prev);	/* out may be it */
	memcpy(out + from_prev, gz->inbuf + used - (8 - from_prev), 8 - from_prev);
}

/* Refill inbuf from the source; returns bytes read, 0 at EOF, -1 on error */
static ssize_t
gz_fill(GzipStream *gz)
{
	ssize_t		n;

	/* all of inbuf was consumed: keep its end for a straddling trailer */
	gz_last_input(gz, gz->fill_len, gz->consumed_tail);
	n = gz_source_read(gz, gz->inbuf, gz->inbuf_size);
	gz->fill_len = n > 0 ? (size_t) n : 0;
	return n;
}

/* Start a member: CRC and length are checked here, not by zlib */
static bool
gz_member_start(GzipStream *gz)
{
	gz->member_crc = 0;
	gz->member_len = 0;
	return inflateValidate(&gz->zs, 0) == Z_OK;
}

/* At a member's end: its trailer against what came out */
static const char *
gz_member_check(GzipStream *gz)
{
	unsigned char t[8];
	uint32_t	crc,
				isize;

	gz_last_input(gz, (size_t) (gz->zs.next_in - gz->inbuf), t);
	crc = t[0] | (uint32_t) t[1] << 8 | (uint32_t) t[2] << 16 | (uint32_t) t[3] << 24;
	isize = t[4] | (uint32_t) t[5] << 8 | (uint32_t) t[6] << 16 | (uint32_t) t[7] << 24;
	if (crc != gz->member_crc)
		return "corrupt gzip data: incorrect data check";
	if (isize != gz->member_len)
		return "corrupt gzip data: incorrect length check";
	return NULL;
}

/* Look at the first bytes and decide between inflating and passing through */
static ssize_t
gz_detect(GzipStream *gz)
{
	ssize_t		n;

	gz->detected = true;
	/* need two bytes to see the magic; sources may return short reads */
	gz->in_len = 0;
	while (gz->in_len < 2)
	{
		n = gz_source_read(gz, gz->inbuf + gz->in_len, gz->inbuf_size - gz->in_len);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		gz->in_len += (size_t) n;
	}
	gz->in_pos = 0;
	gz->is_gzip = gz->in_len >= 2 && gz->inbuf[0] == 0x1f && gz->inbuf[1] == 0x8b;
	if (gz->is_gzip)
	{
		if (!gz->zs_ready)
		{
			gz->zs.zalloc = gz_zalloc;
			gz->zs.zfree = gz_zfree;
			gz->zs.opaque = (voidpf) gz->mem;
		}
		gz->zs.next_in = gz->inbuf;
		gz->zs.avail_in = (uInt) gz->in_len;
		gz->fill_len = gz->in_len;
		/* 16 + MAX_WBITS: the gzip wrapper only */
		if (gz->zs_ready ? inflateReset(&gz->zs) != Z_OK :
			inflateInit2(&gz->zs, 16 + MAX_WBITS) != Z_OK)
			return gz_fail(gz, CORE_ERR_ZLIB, "could not initialize zlib");
		if (!gz_member_start(gz))
			return gz_fail(gz, CORE_ERR_ZLIB, "could not initialize zlib");
		gz->zs_ready = true;
		gz->members = 1;
	}
	return 0;
}

/* Plain input: what detection read, then straight from the source */
static ssize_t
gz_passthrough(GzipStream *gz, unsigned char *out, size_t len)
{
	ssize_t		n;

	if (gz->in_pos < gz->in_len)
	{
		size_t		avail = gz->in_len - gz->in_pos;

		if (avail > len)
			avail = len;
		memcpy(out, gz->inbuf + gz->in_pos, avail);
		gz->in_pos += avail;
		gz->out_bytes += avail;
		return (ssize_t) avail;
	}
	/* read straight into the caller's buffer, no copy */
	n = gz_source_read(gz, out, len);
	if (n > 0)
		gz->out_bytes += (uint64_t) n;
	return n;
}

/*
 * Give the input to the one-call inflater: it reads all of it (what
 * detection read is in inbuf, zlib's state is as detection left it).
 * When it declines, zlib reads the same bytes again from the replay.
 */
static void
gz_whole_try(GzipStream *gz)
{
	GzipWhole  *w = &gz->whole;
	uint64_t	before = gz->raw_bytes;
	bool		serve;

	serve = core_gzip_whole_load(w, gz->inbuf, gz->in_len, gz->read, gz->read_arg,
							gz->inbuf_size);
	gz->raw_bytes = before + (w->in_len - w->first_len);
	gz->whole_state = serve ? GZIP_WHOLE_SERVED : GZIP_WHOLE_DECLINED;
	if (!serve)
	{
		gz->raw_bytes = before;
		gz->read = core_gzip_whole_replay;
		gz->read_arg = w;
	}
}

/*
 * Hand out the one-call inflater's output.  Returns a count (> 0), 0 at
 * the end, or -2 when zlib takes over: it starts the input again and skips
 * what was handed out.
 */
static ssize_t
gz_whole_read(GzipStream *gz, unsigned char *out, size_t len)
{
	GzipWhole  *w = &gz->whole;
	size_t		n;

	while (w->out_pos == w->out_len)
	{
		int			rc = core_gzip_whole_next(w);

		if (rc == 0)
			return 0;
		if (rc < 0)
		{
			gz->whole_state = GZIP_WHOLE_DECLINED;
			gz->raw_bytes = w->first_len;
			gz->read = core_gzip_whole_replay;
			gz->read_arg = w;
			gz->skip = gz->out_bytes;
			gz->out_bytes = 0;
			gz->members = 1;
			return -2;
		}
		gz->members = w->members;
	}
	n = w->out_len - w->out_pos;
	if (n > len)
		n = len;
	memcpy(out, w->out + w->out_pos, n);
	w->out_pos += n;
	gz->out_bytes += n;
	return (ssize_t) n;
}

/* zlib again over what was handed out already: inflate it, drop it */
static bool
gz_skip(GzipStream *gz, unsigned char *out, size_t len)
{
	while (gz->skip > 0)
	{
		ssize_t		n = gz_inflate(gz, out, gz->skip < len ? (size_t) gz->skip : len);

		if (n == 0)
			gz_fail(gz, CORE_ERR_GZIP_CORRUPT,
					"corrupt gzip data: zlib and libdeflate disagree on its length");
		if (n <= 0 || gz->failed)
			return false;
		gz->skip -= (uint64_t) n;
	}
	return true;
}

/*
 * Read up to len uncompressed bytes into out.  Returns the count (> 0),
 * 0 at the clean end of input, -1 on error (see core_gzip_stream_error).
 */
ssize_t
core_gzip_stream_read(GzipStream *gz, unsigned char *out, size_t len)
{
	gz->produced = 0;
	if (gz->failed)
		return -1;
	if (!gz->detected && gz_detect(gz) < 0)
		return -1;
	if (!gz->is_gzip)
		return gz_passthrough(gz, out, len);
	if (gz->whole_state == GZIP_WHOLE_UNTRIED && gz->whole.limit > 0 &&
		core_gzip_whole_available())
		gz_whole_try(gz);
	if (gz->whole_state == GZIP_WHOLE_SERVED)
	{
		ssize_t		n = gz_whole_read(gz, out, len);

		if (n != -2)
			return n;
	}
	if (gz->skip > 0 && !gz_skip(gz, out, len))
		return -1;
	gz->produced = 0;
	return gz_inflate(gz, out, len);
}

/*
 * One inflate call on the current member, its output counted and checked
 * against the CRC and length at the member's end.  True when the read must
 * end with *result (an error: what was made before it, or -1).
 */
static bool
gz_inflate_step(GzipStream *gz, ssize_t *result)
{
	uInt		before = gz->zs.avail_out;
	unsigned char *from = gz->zs.next_out;
	uInt		made;
	int			rc;

	rc = inflate(&gz->zs, Z_NO_FLUSH);
	made = before - gz->zs.avail_out;
	gz->member_crc = core_crc32_fast(gz->member_crc, from, made);
	gz->member_len += made;
	gz->out_bytes += made;
	gz->produced += made;
	if (rc == Z_STREAM_END)
	{
		const char *bad = gz_member_check(gz);

		if (bad)
		{
			*result = gz_fail(gz, CORE_ERR_GZIP_CORRUPT, bad);
			return true;
		}
		gz->member_done = true;
	}
	else if (rc == Z_DATA_ERROR)
	{
		char		what[CORE_ERRLEN / 2];

		snprintf(what, sizeof(what), "corrupt gzip data: %s",
				 gz->zs.msg ? gz->zs.msg : "invalid deflate stream");
		*result = gz_fail(gz, CORE_ERR_GZIP_CORRUPT, what);
		return true;
	}
	else if (rc == Z_MEM_ERROR)
	{
		*result = gz_fail(gz, CORE_ERR_ZLIB, "out of memory in zlib");
		return true;
	}
	else if (rc != Z_OK && rc != Z_BUF_ERROR)	/* BUF: needs more input */
	{
		*result = gz_fail(gz, CORE_ERR_ZLIB, "zlib inflate failed");
		return true;
	}
	return false;
}

/* zlib streaming: inflate up to len bytes into out */
static ssize_t
gz_inflate(GzipStream *gz, unsigned char *out, size_t len)
{
	gz->zs.next_out = out;
	gz->zs.avail_out = (uInt) (len > UINT32_MAX ? UINT32_MAX : len);
	while (gz->zs.avail_out > 0)
	{
		ssize_t		result;

		if (gz->member_done)
		{
			/* another member follows, or the input is over */
			if (gz->zs.avail_in == 0)
			{
				ssize_t		n = gz_fill(gz);

				if (n < 0)
					return gz->produced > 0 ? (ssize_t) gz->produced : -1;
				if (n == 0)
					break;
				gz->zs.next_in = gz->inbuf;
				gz->zs.avail_in = (uInt) n;
			}
			if (gz->zs.next_in[0] == 0)
			{
				/* trailing zero padding after the last member */
				uInt		i;

				for (i = 0; i < gz->zs.avail_in; i++)
					if (gz->zs.next_in[i] != 0)
						return gz_fail(gz, CORE_ERR_GZIP_TRAILING_DATA, "unexpected data after the end of the gzip stream");
				gz->zs.avail_in = 0;
				continue;
			}
			if (gz->zs.avail_in >= 2 &&
				(gz->zs.next_in[0] != 0x1f || gz->zs.next_in[1] != 0x8b))
				return gz_fail(gz, CORE_ERR_GZIP_TRAILING_DATA, "unexpected data after the end of the gzip stream");
			if (inflateReset(&gz->zs) != Z_OK || !gz_member_start(gz))
				return gz_fail(gz, CORE_ERR_ZLIB, "could not reset zlib");
			gz->member_done = false;
			gz->members++;
		}
		if (gz->zs.avail_in == 0)
		{
			ssize_t		n = gz_fill(gz);

			if (n < 0)
				return gz->produced > 0 ? (ssize_t) gz->produced : -1;
			if (n == 0)
				return gz_fail(gz, CORE_ERR_GZIP_TRUNCATED, "unexpected end of gzip data: the file is truncated");
			gz->zs.next_in = gz->inbuf;
			gz->zs.avail_in = (uInt) n;
		}
		if (gz_inflate_step(gz, &result))
			return result;
	}
	return (ssize_t) ((len > UINT32_MAX ? UINT32_MAX : len) - gz->zs.avail_out);
}

/*
 * Why the stream failed: CORE_OK while it has not, else the kind of error,
 * with *detail (when not NULL) set to the message that says where
 */
CoreError
core_gzip_stream_error(const GzipStream *gz, const char **detail)
{
	if (detail)
		*detail = gz->failed ? gz->errmsg : NULL;
	return gz->failed ? gz->error : CORE_OK;
}

/* Bytes read from the source so far (compressed ones when gzip) */
uint64_t
core_gzip_stream_raw_bytes(const GzipStream *gz)
{
	return gz->raw_bytes;
}
