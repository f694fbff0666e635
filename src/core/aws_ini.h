/*-------------------------------------------------------------------------
 *
 * aws_ini.h
 *	  Read settings from AWS shared credentials and config files.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_AWS_INI_H
#define IOTATRAIL_AWS_INI_H

#include "core.h"

/*
 * Copy the value of key in profile's section of text into out (NUL-ended).
 * False when absent or longer than outlen - 1.
 */
extern bool core_aws_ini_lookup(const char *text, size_t len, const char *profile,
						   const char *key, char *out, size_t outlen);

#endif							/* IOTATRAIL_AWS_INI_H */
