/*-------------------------------------------------------------------------
 *
 * gzip_whole.h
 *	  The one-call inflater: a whole gzip file read into memory, each member
 *	  inflated by libdeflate in a single call when it fits under a limit.
 *
 * It serves gzip_stream.c only.  What it cannot serve (no libdeflate in the
 * build, a member past the limit, an input past it, anything libdeflate
 * rejects, anything unusual) goes back to gzip_stream.c's zlib streaming,
 * which reads the same bytes again through core_gzip_whole_replay: the error
 * messages come from one place whichever inflater was tried first.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_GZIP_WHOLE_H
#define IOTATRAIL_GZIP_WHOLE_H

#include "core.h"

/* The default largest member inflated in one call */
#define GZIP_WHOLE_DEFAULT_LIMIT (8 * 1024 * 1024)

typedef struct GzipWhole
{
	size_t		limit;			/* largest member inflated in one call; 0:
								 * zlib streaming only */
	const CoreAllocator *mem;
	unsigned char *in;			/* the compressed input */
	size_t		in_len;
	size_t		in_cap;
	size_t		first_len;		/* of it, the bytes read before the load */
	uint32_t   *reads;			/* the sizes of the reads that loaded the
								 * rest, in order */
	int			nreads;
	int			reads_cap;
	bool		complete;		/* the last read returned 0 */
	bool		read_failed;	/* ... or failed, with this message */
	char		read_err[CORE_ERRLEN];
	CoreReadFn	read;			/* the source, for what follows a replay */
	void	   *read_arg;
	int			replay_next;	/* next recorded read to hand out again */
	size_t		replay_pos;		/* offset in `in` of the next replay byte */
	size_t		replay_left;	/* bytes left of the recorded read */
	unsigned char *out;			/* the current member, inflated */
	size_t		out_len;
	size_t		out_cap;
	size_t		out_pos;		/* next byte of it to hand out */
	size_t		member_at;		/* offset in `in` of the next member */
	int			members;		/* members inflated */
	uint64_t	handed_out;		/* bytes of out handed out, all members */
} GzipWhole;

extern bool core_gzip_whole_available(void);
extern const char *core_gzip_whole_inflater(size_t limit);
extern void core_gzip_whole_init(GzipWhole *w, const CoreAllocator *mem);
extern void core_gzip_whole_reset(GzipWhole *w);
extern void core_gzip_whole_free(GzipWhole *w);
extern bool core_gzip_whole_load(GzipWhole *w, const unsigned char *first,
							size_t first_len, CoreReadFn read, void *arg,
							size_t chunk);
extern int	core_gzip_whole_next(GzipWhole *w);
extern ssize_t core_gzip_whole_replay(void *arg, unsigned char *buf, size_t len,
								 char *errbuf, size_t errlen);

#endif							/* IOTATRAIL_GZIP_WHOLE_H */
