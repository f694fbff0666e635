/*
 * pg_compat.h
 *		The PostgreSQL API differences between the versions iotatrail
 *		supports (15, 16, 17, 18), in one place: each a macro named for
 *		what iotatrail does with it, so no function carries an #if.
 */
#ifndef IOTATRAIL_PG_COMPAT_H
#define IOTATRAIL_PG_COMPAT_H

#include "catalog/pg_foreign_server.h"
#include "fmgr.h"

#if PG_VERSION_NUM < 150000
#error "iotatrail needs PostgreSQL 15 or later"
#endif

/*
 * A foreign scan path without pathkeys, outer rels, an outer path, pushed
 * restrictions or private data: 17 added fdw_restrictinfo, 18 the count of
 * disabled nodes.
 */
#if PG_VERSION_NUM >= 180000
#define iotatrail_foreignscan_path(root, rel, rows, startup, total) \
	create_foreignscan_path((root), (rel), NULL, (rows), 0, (startup), (total), \
							NIL, NULL, NULL, NIL, NIL)
#elif PG_VERSION_NUM >= 170000
#define iotatrail_foreignscan_path(root, rel, rows, startup, total) \
	create_foreignscan_path((root), (rel), NULL, (rows), (startup), (total), \
							NIL, NULL, NULL, NIL, NIL)
#else
#define iotatrail_foreignscan_path(root, rel, rows, startup, total) \
	create_foreignscan_path((root), (rel), NULL, (rows), (startup), (total), \
							NIL, NULL, NULL, NIL)
#endif

/*
 * The role a foreign scan checks privileges as (a view's owner, say): 16
 * moved it from the range table entry to the plan.
 */
#if PG_VERSION_NUM >= 160000
#define iotatrail_scan_check_as_user(fsplan, estate) ((fsplan)->checkAsUser)
#else
#define iotatrail_scan_check_as_user(fsplan, estate) \
	(exec_rt_fetch((fsplan)->scan.scanrelid, (estate))->checkAsUser)
#endif

/*
 * A function of SQL: 16 exports the function itself as well as its info
 * record (PGDLLEXPORT), which the module's -fvisibility=hidden needs; 15
 * exports only the record.  The macro as 16 writes it.
 */
#if PG_VERSION_NUM < 160000
#undef PG_FUNCTION_INFO_V1
#define PG_FUNCTION_INFO_V1(funcname) \
extern PGDLLEXPORT Datum funcname(PG_FUNCTION_ARGS); \
extern PGDLLEXPORT const Pg_finfo_record * CppConcat(pg_finfo_,funcname)(void); \
const Pg_finfo_record * \
CppConcat(pg_finfo_,funcname) (void) \
{ \
	static const Pg_finfo_record my_finfo = { 1 }; \
	return &my_finfo; \
} \
extern int no_such_variable
#endif

/* A function that never returns: 18 spells it pg_noreturn, before the name */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/* USAGE on a foreign server: 16 folded the per-kind checks into one */
#if PG_VERSION_NUM >= 160000
#define iotatrail_server_aclcheck(serverid, roleid, mode) \
	object_aclcheck(ForeignServerRelationId, (serverid), (roleid), (mode))
#else
#define iotatrail_server_aclcheck(serverid, roleid, mode) \
	pg_foreign_server_aclcheck((serverid), (roleid), (mode))
#endif

/* A JSON lexer over a string: 17 takes the context to fill (NULL: allocate) */
#if PG_VERSION_NUM >= 170000
#define iotatrail_json_lexer(json, len, encoding, need_escapes) \
	makeJsonLexContextCstringLen(NULL, (json), (len), (encoding), (need_escapes))
#else
#define iotatrail_json_lexer(json, len, encoding, need_escapes) \
	makeJsonLexContextCstringLen((json), (len), (encoding), (need_escapes))
#endif

/* ANALYZE's pause for the cost-based delay: 18 asks which command it is */
#if PG_VERSION_NUM >= 180000
#define iotatrail_analyze_delay_point() vacuum_delay_point(true)
#else
#define iotatrail_analyze_delay_point() vacuum_delay_point()
#endif

/* A wait event of our own: 17 names them, before it one shared "Extension" */
#include "utils/wait_event.h"
#if PG_VERSION_NUM >= 170000
#define iotatrail_wait_event(name) WaitEventExtensionNew(name)
#else
#define iotatrail_wait_event(name) ((void) (name), PG_WAIT_EXTENSION)
#endif

/*
 * A set of events to wait for: 17 tracks it in a resource owner (so an
 * error frees it), before 17 it lives in a memory context.  18 moved it to
 * its own header.
 */
#include "storage/latch.h"
#if PG_VERSION_NUM >= 180000
#include "storage/waiteventset.h"
#endif
#if PG_VERSION_NUM >= 170000
#include "utils/resowner.h"
#define iotatrail_wait_event_set(nevents) \
	CreateWaitEventSet(CurrentResourceOwner, (nevents))
#else
#define iotatrail_wait_event_set(nevents) \
	CreateWaitEventSet(CurrentMemoryContext, (nevents))
#endif

#endif							/* IOTATRAIL_PG_COMPAT_H */
