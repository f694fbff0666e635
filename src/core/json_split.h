/*-------------------------------------------------------------------------
 *
 * json_split.h
 *	  Streaming, validating splitter of a JSON byte stream into items.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_JSON_SPLIT_H
#define IOTATRAIL_JSON_SPLIT_H

#include "json_fast.h"

/* What an item is, by where it stood in the stream */
typedef enum SplitItemKind
{
	SPLIT_DOCUMENT,				/* a top-level object (or top-level array
								 * element) without a Records/Events list */
	SPLIT_RECORDS_ELEMENT,		/* element of a top-level "Records" array */
	SPLIT_EVENTS_ELEMENT		/* element of a top-level "Events" array */
} SplitItemKind;

typedef struct SplitItem
{
	const char *data;			/* the item's JSON text (an object) */
	size_t		len;
	uint64_t	offset;			/* uncompressed byte offset of its first byte */
	int			index;			/* 0-based position among the stream's items */
	SplitItemKind kind;
	const char *problem;		/* non-NULL: the item is unusable (too large,
								 * too deep, not an object); the stream can go
								 * on */
	CoreError	error;			/* with problem: its kind */
	const JsonMember *members;	/* the object's own members, or NULL when
								 * they were not listed */
	int			nmembers;
} SplitItem;

/*
 * The splitter's state.  Callers may embed it, but its fields are private:
 * use the functions below.
 */
typedef struct JsonSplitter JsonSplitter;

struct JsonSplitter
{
	CoreReadFn	read;
	void	   *read_arg;
	const CoreAllocator *mem;
	size_t		max_item;		/* largest item kept, in bytes */
	int			max_depth;		/* deepest nesting allowed inside an item */

	/* input window: buf[0..len), parse position pos, buf[0] is at base */
	unsigned char *buf;
	size_t		cap;
	size_t		len;
	size_t		pos;
	uint64_t	base;
	bool		eof;
	bool		failed;
	CoreError	error;			/* when failed: what went wrong */

	/* pushdown automaton */
	int			state;
	int			substate;		/* number / literal / \u progress */
	bool		str_is_key;
	unsigned char *stack;		/* 'O' or 'A' per open container */
	size_t		depth;
	size_t		stack_cap;

	/* top-level bookkeeping */
	bool		top_is_array;	/* document is [ ...items... ] */
	ssize_t		key_start;		/* depth-1 key being read, in buf */
	int			key_kind;		/* 0, 1 Records, 2 Events */
	int			list_kind;		/* inside Records/Events array: 1 or 2 */
	int			documents;		/* top-level values seen */
	int			items;			/* items yielded */

	/* capture of the current item */
	ssize_t		cap_start;		/* in buf, or -1 */
	size_t		cap_depth;		/* stack depth the item opens at */
	uint64_t	cap_offset;
	SplitItemKind cap_kind;
	const char *cap_problem;
	CoreError	cap_error;		/* with cap_problem: its kind */
	bool		cap_dropped;	/* too large: bytes no longer kept */
	uint64_t	doc_offset;		/* start of the current top-level value */

	JsonFastObject fast;		/* the fast pass's member list */
	bool		no_fast;		/* tests: the automaton alone */

	char		errmsg[CORE_ERRLEN];
	uint64_t	err_offset;
	char		too_large[64];	/* the too-large problem, made when needed */
};

extern void core_json_split_init(JsonSplitter *sp, CoreReadFn read, void *read_arg,
							const CoreAllocator *mem, size_t max_item,
							int max_depth);
extern int	core_json_split_next(JsonSplitter *sp, SplitItem *item);
extern void core_json_split_restart(JsonSplitter *sp, CoreReadFn read, void *read_arg);
extern void core_json_split_end(JsonSplitter *sp);
extern CoreError core_json_split_error(const JsonSplitter *sp, const char **detail,
								  uint64_t *offset);

#endif							/* IOTATRAIL_JSON_SPLIT_H */
