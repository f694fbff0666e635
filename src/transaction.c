/*-------------------------------------------------------------------------
 *
 * transaction.c
 *	  What the extension's SQL asks the server about the transaction it
 *	  runs in.  Apart from the other SQL-callable functions because SPI's
 *	  header and iotatrail.h both name a ScanOptions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(iotatrail_transaction_control_allowed);

/*
 * transaction_control_allowed() -> bool
 *		Whether the procedure calling it may COMMIT: its CALL was not atomic
 *		(not inside a transaction block, a function or a multi-statement
 *		query) and no subtransaction (exception block) is open.  SPI's answer
 *		is the one its COMMIT would follow, so sync asks before it starts
 *		instead of trying a COMMIT and reading the error.
 */
Datum
iotatrail_transaction_control_allowed(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SPI_inside_nonatomic_context());
}
