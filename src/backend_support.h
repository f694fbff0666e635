/*-------------------------------------------------------------------------
 *
 * backend_support.h
 *	  What every layer of the backend uses, from the sources up: the core's
 *	  allocator over palloc, the core's error fragments as sentences, and
 *	  text that came from outside the database (file names, S3 keys).
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_BACKEND_SUPPORT_H
#define IOTATRAIL_BACKEND_SUPPORT_H

#include "core.h"

/* in core_palloc.c */
extern const CoreAllocator palloc_core_allocator;
extern char *core_detail_sentence(const char *fragment);

/* in external_text.c */
extern bool external_text_valid(const char *s);
extern char *external_text_escaped(const char *s);

#endif							/* IOTATRAIL_BACKEND_SUPPORT_H */
