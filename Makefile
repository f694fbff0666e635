# iotatrail: AWS CloudTrail logs as typed PostgreSQL events
EXTENSION = iotatrail
EXTVERSION = 0.3.0

MODULE_big = iotatrail
# the byte-level core, in src/core/ (no PostgreSQL header); its reader part
# is also built alone by the unit tests, the fuzzer and bench/ (make
# reader-sources lists it, make core-sources all of it)
READER_OBJS = src/core/core.o src/core/gzip_stream.o src/core/gzip_whole.o src/core/crc32_fast.o src/core/json_split.o \
	src/core/json_scan.o src/core/json_fast.o src/core/value_parse.o \
	src/core/record_scan.o src/core/record_reader.o
CORE_OBJS = $(READER_OBJS) src/core/aws_sigv4.o src/core/aws_ini.o src/core/aws_xml.o \
	src/core/sha256.o src/core/trail_layout.o src/core/trail_digest.o
# the backend: everything that talks to PostgreSQL
BACKEND_OBJS = src/core_palloc.o src/guc.o src/event_columns.o src/external_text.o src/file_walker.o src/source_file.o src/source_file_share.o src/source.o src/event_scan.o src/event_scan_parallel.o src/event_scan_report.o \
	src/option_table.o src/fdw_options.o src/fdw.o src/fdw_import.o \
	src/json_typed.o src/functions.o src/transaction.o \
	src/s3_http.o src/s3_config.o src/s3_credentials.o src/s3_web_identity.o src/s3_scan.o src/s3_list.o src/s3_transfer.o src/s3_source.o src/fdw_prune.o src/fdw_prune_filter.o src/fdw_analyze.o src/trail_verify.o src/jsonb_build.o src/detect_state.o src/stored_record.o
OBJS = $(CORE_OBJS) $(BACKEND_OBJS)

# the install script is built from the parts below; the update scripts
# (iotatrail--OLD--NEW.sql) are written by hand, checked in, and reviewed
# like any code: an update does exactly what its file says
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(wildcard $(EXTENSION)--*--*.sql)
EXTRA_CLEAN = $(DATA_built) src/core/.libdeflate

# pg_regress: sql/NAME.sql against expected/NAME.out, in this order (a new
# test is added here by name; CONTRIBUTING.md says which harness a test goes
# into): the type and the typing functions, parsing documents held in the
# database, reading files and objects, then the foreign table's views
REGRESS = event_type json_typed parse_events seed_records identities \
	read_events read_objects import_views action_views view_queries
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

# TAP tests: t/NNN_name.pl, with PostgreSQL::Test::Cluster from the server's
# PGXS (Debian: postgresql-server-dev-N) and IPC::Run (libipc-run-perl).
# They make clusters of their own, so they run as a user initdb accepts (not
# root) in a tree that user can write (tmp_check/).  PGXS runs them at the
# end of make installcheck; make prove_installcheck runs only them
# (PROVE_TESTS=t/NNN_name.pl one), make regress_installcheck only pg_regress.
# test/run-tap runs them as the postgres OS user from a copy of the tree.
TAP_TESTS = 1

PG_CPPFLAGS = -Isrc -Isrc/core -D_GNU_SOURCE -DIOTATRAIL_VERSION=\"$(EXTVERSION)\"
# Export only what the server looks up (the magic block, _PG_init, the SQL
# functions and the FDW's handler and validator), as PostgreSQL 16+ builds
# modules: the core's names cannot clash with the server's or another
# module's.  15 defines PGDLLEXPORT empty unless it is already defined.
PG_CPPFLAGS += '-DPGDLLEXPORT=__attribute__((visibility("default")))'
PG_CFLAGS = -fvisibility=hidden -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
	-Wno-missing-field-initializers -Wno-cast-function-type
SHLIB_LINK = -lz -lcurl -lcrypto

# libdeflate inflates whole gzip members in one call when its development
# files are there; make LIBDEFLATE=0 builds with zlib alone.  The choice is
# kept in src/core/.libdeflate: changing it rebuilds gzip_whole.o.
LIBDEFLATE ?= $(shell printf '\043include <libdeflate.h>\n' | $${CC:-cc} -E -x c - >/dev/null 2>&1 && echo 1 || echo 0)
ifeq ($(LIBDEFLATE),1)
READER_CPPFLAGS = -DHAVE_LIBDEFLATE
READER_LIBS = -ldeflate -lz
else
READER_CPPFLAGS =
READER_LIBS = -lz
endif
PG_CPPFLAGS += $(READER_CPPFLAGS)
SHLIB_LINK += $(filter-out -lz,$(READER_LIBS))
LIBDEFLATE_STAMP := $(shell echo $(LIBDEFLATE) | cmp -s - src/core/.libdeflate || echo $(LIBDEFLATE) > src/core/.libdeflate)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The extension script: base objects, the view machinery, the generated
# per-action catalog, the default iotanalytics schema
SCRIPT_PARTS = src/iotatrail.sql src/views.sql src/detections.sql src/iotanalytics_views.sql \
	src/iotanalytics_schema.sql src/digests.sql src/sync.sql src/sync_access.sql \
	src/file_identity.sql src/streaming.sql src/resource_arns.sql src/stored.sql src/sync_views.sql \
	src/comments.sql src/views_ddl.sql
$(EXTENSION)--$(EXTVERSION).sql: $(SCRIPT_PARTS)
	cat $^ > $@

# the core depends on its own headers; the backend on those and its own: a
# struct change rebuilds all that can see it
$(CORE_OBJS): $(wildcard src/core/*.h)
$(BACKEND_OBJS): $(wildcard src/core/*.h) $(wildcard src/*.h)
src/core/gzip_whole.o: src/core/.libdeflate

# Regenerate the per-action catalog from the API model (output is checked in)
views: tools/gen_views.py tools/model/iotanalytics-2017-11-27.json
	python3 tools/gen_views.py > src/iotanalytics_views.sql

reader-sources:
	@echo $(READER_OBJS:.o=.c)

core-sources:
	@echo $(CORE_OBJS:.o=.c)

# what a build of the reader outside PGXS adds: flags, then libraries
reader-cflags:
	@echo $(READER_CPPFLAGS)

reader-libs:
	@echo $(READER_LIBS)

.PHONY: views reader-sources core-sources reader-cflags reader-libs

# the two halves of make installcheck, each on its own
prove_installcheck:
	$(prove_installcheck)

regress_installcheck:
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS)

.PHONY: prove_installcheck regress_installcheck

# PGXN: the release zip of the committed tree (HEAD), iotatrail-VERSION/ at
# its top (META.json says what it is)
dist:
	git archive --format zip --prefix=$(EXTENSION)-$(EXTVERSION)/ -o $(EXTENSION)-$(EXTVERSION).zip HEAD

.PHONY: dist
