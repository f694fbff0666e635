/*-------------------------------------------------------------------------
 *
 * options.h
 *	  The options of iotatrail, from one table (option_table.c): each row
 *	  says where the option may be given, its type, bounds and default,
 *	  whether it is a secret, and the field it sets.  Validation, parsing,
 *	  the "valid options" hint, iotatrail.fdw_options() (which the docs are
 *	  checked against) and the secret check all read that row.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_OPTIONS_H
#define IOTATRAIL_OPTIONS_H

#include "nodes/pg_list.h"

#define IOTATRAIL_DEFAULT_EVENT_SOURCE "iotanalytics.amazonaws.com"
#define IOTATRAIL_DEFAULT_MAX_RECORD_SIZE (64 * 1024 * 1024)

/* Scan settings, from table options or function arguments */
typedef struct ScanOptions
{
	char	   *location;		/* NULL: none given, or the setting is empty */
	bool		location_setting;	/* location read from iotatrail.location
									 * (table option location_setting) */
	char	   *event_source;	/* NULL: every record ('*') */
	bool		skip_errors;	/* on_error 'skip' */
	size_t		max_record_size;
	Oid			serverid;		/* for s3:// locations; InvalidOid: defaults */
	List	   *objects;		/* of char *: these objects, in this order,
								 * instead of the location's (read_objects) */
	struct TrailFilter *filter; /* key prefixes that can match; NULL: all */
	const struct RecordQuals *quals;	/* WHERE conditions checked on each record
								 * (rechecked by the executor); NULL: none */
} ScanOptions;

/* Where an option may be given (a mask) */
#define OPTION_SERVER		0x01
#define OPTION_USER_MAPPING 0x02
#define OPTION_TABLE		0x04
#define OPTION_ARGUMENT		0x08	/* of read_events and the like */

/* What a value is, and how it is read into its field */
typedef enum OptionType
{
	OPTION_TEXT,				/* char *, not empty */
	OPTION_ENDPOINT,			/* char *, http(s)://host[:port] */
	OPTION_INT,					/* int, from min to max */
	OPTION_SIZE,				/* size_t bytes, given as a size in kB units
								 * from min to max */
	OPTION_CHOICE,				/* int, the value of the choice named */
	OPTION_SOURCES				/* char *, not empty; '*' is NULL: all */
} OptionType;

/* The struct an option's field is in */
typedef enum OptionTarget
{
	OPTION_IN_SCAN,				/* ScanOptions */
	OPTION_IN_S3				/* S3Config */
} OptionTarget;

typedef struct OptionChoice
{
	const char *name;
	int			value;
	bool		accepted_only;	/* not named in hints (an old spelling) */
} OptionChoice;

typedef struct OptionDef
{
	const char *name;
	int			where;			/* OPTION_SERVER | ... */
	OptionType	type;
	int			min;			/* OPTION_INT, OPTION_SIZE (kB) */
	int			max;
	const OptionChoice *choices;	/* OPTION_CHOICE: NULL-ended */
	const char *default_value;	/* as a user writes it, or NULL: none */
	bool		secret;			/* a credential: only in a user mapping,
								 * never echoed */
	OptionTarget target;
	size_t		offset;			/* of the field it sets */
	const char *type_name;		/* as the docs name the type */
} OptionDef;

extern const OptionDef *option_lookup(const char *name);
extern const OptionDef *option_next(const OptionDef *prev);
extern void option_check(const OptionDef *def, const char *value);
extern void option_apply(const OptionDef *def, const char *value, void *target);
extern void option_apply_defaults(int where, OptionTarget target, void *fields);
extern char *option_names(int where);
extern int	option_catalog_where(Oid catalog);

#endif							/* IOTATRAIL_OPTIONS_H */
