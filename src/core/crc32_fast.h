/*-------------------------------------------------------------------------
 *
 * crc32_fast.h
 *	  The gzip CRC-32, with carry-less multiplication where the CPU has it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_CRC32_FAST_H
#define IOTATRAIL_CRC32_FAST_H

#include <stddef.h>
#include <stdint.h>

/* Same contract as zlib's crc32(crc, buf, len); start with crc 0 */
extern uint32_t core_crc32_fast(uint32_t crc, const unsigned char *buf, size_t len);

#endif							/* IOTATRAIL_CRC32_FAST_H */
