/*-------------------------------------------------------------------------
 *
 * gzip_stream.h
 *	  A pull stream that inflates gzip input (also multi-member) and passes
 *	  anything else through unchanged, decided by the first two bytes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_GZIP_STREAM_H
#define IOTATRAIL_GZIP_STREAM_H

#include <zlib.h>

#include "core.h"
#include "gzip_whole.h"

/*
 * The stream's state.  Callers may embed it (to keep it in their own
 * struct), but its fields are private: use the functions below.
 */
typedef struct GzipStream
{
	CoreReadFn	read;			/* where compressed bytes come from */
	void	   *read_arg;
	const CoreAllocator *mem;
	z_stream	zs;
	bool		zs_ready;		/* inflateInit2 done (kept by a restart) */
	bool		detected;		/* first bytes looked at */
	bool		is_gzip;
	bool		member_done;	/* last inflate ended a member */
	bool		input_eof;		/* read returned 0 */
	bool		failed;
	CoreError	error;			/* when failed: what went wrong */
	unsigned char *inbuf;
	size_t		inbuf_size;
	size_t		in_pos;			/* passthrough: next unread byte in inbuf */
	size_t		in_len;			/* passthrough: bytes in inbuf */
	uint64_t	raw_bytes;		/* compressed bytes read from the source */
	uint64_t	out_bytes;		/* uncompressed bytes produced */
	int			members;		/* gzip members started */
	size_t		produced;		/* bytes inflated by the current read call */
	uint32_t	member_crc;		/* CRC-32 of the current member so far */
	uint32_t	member_len;		/* its length so far, mod 2^32 (ISIZE) */
	size_t		fill_len;		/* bytes the last fill put in inbuf */
	unsigned char consumed_tail[8]; /* the last 8 input bytes before inbuf's */
	char		errmsg[CORE_ERRLEN];
	GzipWhole	whole;			/* the one-call inflater (gzip_whole.c) */
	int			whole_state;	/* GZIP_WHOLE_* below */
	uint64_t	skip;			/* after a fallback: bytes zlib inflates
								 * again that were already handed out */
} GzipStream;

/* whole_state: the one-call inflater ... */
#define GZIP_WHOLE_UNTRIED 0	/* may be tried on this input */
#define GZIP_WHOLE_SERVED 1		/* serves this input */
#define GZIP_WHOLE_DECLINED 2	/* zlib streams this input */

extern void core_gzip_stream_init(GzipStream *gz, CoreReadFn read, void *read_arg,
							 const CoreAllocator *mem, size_t bufsize);
extern void core_gzip_stream_restart(GzipStream *gz, CoreReadFn read,
								void *read_arg);
extern ssize_t core_gzip_stream_read(GzipStream *gz, unsigned char *out, size_t len);
extern void core_gzip_stream_end(GzipStream *gz);
extern CoreError core_gzip_stream_error(const GzipStream *gz, const char **detail);
extern uint64_t core_gzip_stream_raw_bytes(const GzipStream *gz);
extern void core_gzip_stream_set_whole_limit(GzipStream *gz, size_t limit);
extern const char *core_gzip_stream_inflater(const GzipStream *gz);

#endif							/* IOTATRAIL_GZIP_STREAM_H */
