/*-------------------------------------------------------------------------
 *
 * aws_xml.h
 *	  Read elements of the XML documents S3 and STS answer with.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_AWS_XML_H
#define IOTATRAIL_AWS_XML_H

#include "core.h"

typedef struct AwsXmlElement
{
	const char *content;		/* between the open and close tags */
	size_t		content_len;
	const char *after;			/* just past the close tag */
} AwsXmlElement;

/* The first element called name in [doc, doc+len); false if none */
extern bool core_aws_xml_find(const char *doc, size_t len, const char *name,
						 AwsXmlElement *el);

/* An element's text, entities and CDATA decoded; NULL + errbuf if invalid */
extern char *core_aws_xml_text(const CoreAllocator *a, const AwsXmlElement *el,
						  char *errbuf, size_t errlen);

/* The text of the first element called name; NULL if absent or invalid */
extern char *core_aws_xml_value(const CoreAllocator *a, const char *doc, size_t len,
						   const char *name);

#endif							/* IOTATRAIL_AWS_XML_H */
