/*-------------------------------------------------------------------------
 *
 * s3_config.c
 *	  How a role reaches S3 (and STS, CloudTrail) through an iotatrail
 *	  server: the server's options and the role's user mapping, read into
 *	  an S3Config.  Below the sources, which ask for it, and the option
 *	  validator, which checks it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/reloptions.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_user_mapping.h"
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/syscache.h"

#include "backend_support.h"
#include "options.h"
#include "s3.h"

/*
 * The user mapping that applies to userid on a server: its own, else
 * PUBLIC's; a syscache tuple to release, or NULL when there is none
 */
HeapTuple
user_mapping_tuple(Oid userid, Oid serverid)
{
	HeapTuple	tp;

	tp = SearchSysCache2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(userid),
						 ObjectIdGetDatum(serverid));
	if (!HeapTupleIsValid(tp))
		tp = SearchSysCache2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(InvalidOid),
							 ObjectIdGetDatum(serverid));
	return HeapTupleIsValid(tp) ? tp : NULL;
}

/* The options of the user mapping for userid (or PUBLIC) on a server */
static List *
user_mapping_options(Oid userid, Oid serverid)
{
	HeapTuple	tp = user_mapping_tuple(userid, serverid);
	List	   *options = NIL;
	Datum		datum;
	bool		isnull;

	if (tp == NULL)
		return NIL;
	datum = SysCacheGetAttr(USERMAPPINGUSERSERVER, tp, Anum_pg_user_mapping_umoptions,
							&isnull);
	if (!isnull)
		options = untransformRelOptions(datum);
	ReleaseSysCache(tp);
	return options;
}

/*
 * How userid reaches S3 through a server (InvalidOid: AWS defaults and the
 * credential chain).  Credentials the server process holds (environment,
 * files, container or instance role) are its own identity: using them
 * takes the same privilege as reading its files.
 */
/* Store the S3 options of one catalog's list in cfg */
static void
s3_config_take(S3Config *cfg, List *options, int where)
{
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);
		const OptionDef *opt = option_lookup(def->defname);

		if (opt && (opt->where & where) && opt->target == OPTION_IN_S3)
			option_apply(opt, defGetString(def), cfg);
	}
}

S3Config *
iotatrail_s3_config(Oid serverid, Oid userid)
{
	S3Config   *cfg = palloc0(sizeof(S3Config));

	option_apply_defaults(OPTION_SERVER | OPTION_USER_MAPPING, OPTION_IN_S3, cfg);
	if (OidIsValid(serverid))
	{
		ForeignServer *server = GetForeignServer(serverid);

		cfg->server_name = pstrdup(server->servername);
		s3_config_take(cfg, server->options, OPTION_SERVER);
		s3_config_take(cfg, user_mapping_options(userid, serverid),
					   OPTION_USER_MAPPING);
	}
	/* S3-compatible stores mostly want path style */
	cfg->path_style = cfg->url_style == S3_URL_STYLE_PATH ||
		(cfg->url_style == S3_URL_STYLE_DEFAULT && cfg->endpoint != NULL);
	if ((cfg->access_key_id == NULL || cfg->secret_access_key == NULL) &&
		!has_privs_of_role(userid, ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to use the database server's own AWS credentials"),
				 errdetail("Without access_key_id and secret_access_key in a user mapping, S3 is signed with credentials of the server process (environment, files, container or instance role)."),
				 cfg->server_name ?
				 errhint("Create a user mapping with keys for server %s, or be granted pg_read_server_files.",
						 quote_identifier(cfg->server_name)) :
				 errhint("Name an iotatrail server whose user mapping for you holds keys, as in read_events('s3://bucket/AWSLogs/', server => 'my_s3'), or be granted pg_read_server_files.")));
	return cfg;
}
