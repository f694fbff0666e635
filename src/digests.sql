-- CloudTrail log file integrity validation: iotatrail.verify_digests.
--
-- The functions it stands on are C (src/trail_verify.c); the walk over the
-- digest chains is here, where it reads as the AWS procedure does.  The C
-- steps are internal (comments.sql says what each does).

CREATE FUNCTION iotatrail_internal.object_content(object text, server text DEFAULT NULL)
RETURNS bytea
AS 'MODULE_PATHNAME', 'iotatrail_object_content'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail_internal.object_sha256(object text, server text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_object_sha256'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail_internal.object_signature(object text, server text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_object_signature'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail_internal.rsa_sha256_verify(public_key bytea, message text, signature_hex text)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_rsa_sha256_verify'
LANGUAGE C IMMUTABLE STRICT;

CREATE FUNCTION iotatrail_internal.list_public_keys_page(server text, request jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_list_public_keys_page'
LANGUAGE C VOLATILE;

-- ListPublicKeys through every page, in the shape verify_digests takes
CREATE OR REPLACE FUNCTION iotatrail.list_public_keys(
    server text DEFAULT NULL,
    start_time timestamptz DEFAULT NULL,
    end_time timestamptz DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    page jsonb;
    token text;
    keys jsonb := '[]';
BEGIN
    LOOP
        page := iotatrail_internal.list_public_keys_page(server, jsonb_strip_nulls(jsonb_build_object(
                    'StartTime', extract(epoch FROM start_time),
                    'EndTime', extract(epoch FROM end_time),
                    'NextToken', token)));
        keys := keys || coalesce(page->'PublicKeyList', '[]');
        token := page->>'NextToken';
        EXIT WHEN coalesce(token, '') = '';
    END LOOP;
    RETURN jsonb_build_object('PublicKeyList', keys);
END
$function$;

COMMENT ON FUNCTION iotatrail.list_public_keys(text, timestamptz, timestamptz) IS
'the public keys CloudTrail signed digests with between start_time and end_time (default: all), from ListPublicKeys in the server''s region or at its cloudtrail_endpoint, as {"PublicKeyList": [...]}: pass it to verify_digests';

-- The steps of verify_digests.  Its temporary tables: the public keys
-- (iotatrail_keys), every digest file at the location, read
-- (iotatrail_digests), and the log files digests list (iotatrail_listed)
CREATE OR REPLACE FUNCTION iotatrail_internal.digest_read(location text, public_keys jsonb, server text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    d record;
BEGIN
    -- left over when an earlier call in this session failed
    IF to_regclass('pg_temp.iotatrail_digests') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_keys, pg_temp.iotatrail_digests,
            pg_temp.iotatrail_listed;
    END IF;
    -- public keys: ListPublicKeys output, or an array of {Fingerprint, Value}
    CREATE TEMP TABLE iotatrail_keys AS
    SELECT lower(coalesce(k->>'Fingerprint', k->>'fingerprint')) AS fingerprint,
           CASE WHEN coalesce(k->>'Value', k->>'value') LIKE '-----BEGIN%'
                THEN convert_to(coalesce(k->>'Value', k->>'value'), 'UTF8')
                ELSE decode(coalesce(k->>'Value', k->>'value'), 'base64') END AS key
    FROM jsonb_array_elements(CASE jsonb_typeof(public_keys)
                                  WHEN 'array' THEN public_keys
                                  ELSE coalesce(public_keys->'PublicKeyList', '[]') END) AS k;

    CREATE TEMP TABLE iotatrail_digests (
        object text, sha256 text, doc jsonb, signature text, problem text);
    FOR d IN SELECT o.object FROM iotatrail.list_objects(location, server, true) AS o LOOP
        BEGIN
            INSERT INTO pg_temp.iotatrail_digests
            SELECT d.object, encode(sha256(c), 'hex'), convert_from(c, 'UTF8')::jsonb,
                   iotatrail_internal.object_signature(d.object, server), NULL
            FROM iotatrail_internal.object_content(d.object, server) AS c;
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO pg_temp.iotatrail_digests VALUES (d.object, NULL, NULL, NULL, SQLERRM);
        END;
    END LOOP;

    CREATE TEMP TABLE iotatrail_listed (object text PRIMARY KEY);
END
$function$;

-- One digest's status and what is wrong with it: readable, signed with a
-- key given, its signature valid, and the previous digest it names there
-- and as it recorded it
CREATE OR REPLACE FUNCTION iotatrail_internal.digest_check(
    doc jsonb, digest_sha256 text, signature text, chained_signature text, problem text,
    OUT status text, OUT detail text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    prev_key text := doc->>'previousDigestS3Object';
    prev record;
    pub bytea;
    sig text;
    verdict text;
BEGIN
    status := 'ok';
    detail := NULL;
    IF problem IS NOT NULL THEN
        status := 'unreadable';
        detail := problem;
    ELSE
        SELECT k.key INTO pub FROM pg_temp.iotatrail_keys k
        WHERE k.fingerprint = lower(doc->>'digestPublicKeyFingerprint');
        sig := coalesce(signature, chained_signature);
        IF pub IS NULL THEN
            status := 'no public key';
            detail := format('no public key has fingerprint %s', doc->>'digestPublicKeyFingerprint');
        ELSIF sig IS NULL THEN
            status := 'unsigned';
            detail := 'the digest has no signature: no S3 metadata or .signature file, and no later digest names it';
        ELSE
            verdict := iotatrail_internal.rsa_sha256_verify(pub,
                concat_ws(E'\n', doc->>'digestEndTime',
                          (doc->>'digestS3Bucket') || '/' || (doc->>'digestS3Object'),
                          digest_sha256,
                          coalesce(doc->>'previousDigestSignature', 'null')),
                sig);
            IF verdict <> 'ok' THEN
                status := 'invalid signature';
                detail := verdict;
            END IF;
        END IF;
        IF status = 'ok' AND prev_key IS NOT NULL THEN
            SELECT p.* INTO prev FROM pg_temp.iotatrail_digests p
            WHERE p.doc->>'digestS3Object' = prev_key;
            IF NOT FOUND THEN
                status := 'broken chain';
                detail := format('the previous digest %s is missing', prev_key);
            ELSIF prev.sha256 IS DISTINCT FROM doc->>'previousDigestHashValue' THEN
                status := 'broken chain';
                detail := format('the previous digest %s has SHA-256 %s, this digest recorded %s',
                                 prev_key, prev.sha256, doc->>'previousDigestHashValue');
            ELSIF prev.signature IS DISTINCT FROM doc->>'previousDigestSignature'
                  AND prev.signature IS NOT NULL THEN
                status := 'broken chain';
                detail := format('the previous digest %s is signed differently from what this digest recorded', prev_key);
            END IF;
        END IF;
    END IF;
END
$function$;

-- One log file a digest lists, against the hash the digest recorded
CREATE OR REPLACE FUNCTION iotatrail_internal.digest_log_check(
    object text, hash_value text, server text,
    OUT status text, OUT detail text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    hash text;
    why text;
BEGIN
    BEGIN
        hash := iotatrail_internal.object_sha256(object, server);
    EXCEPTION WHEN OTHERS THEN
        hash := '';
        why := SQLERRM;
    END;
    IF hash IS NULL THEN
        status := 'missing log file';
    ELSIF hash <> hash_value THEN
        status := 'hash mismatch';
        detail := coalesce('the file cannot be read: ' || why,
                           format('SHA-256 %s, the digest recorded %s', hash, hash_value));
    ELSE
        status := 'ok';
    END IF;
END
$function$;

COMMENT ON FUNCTION iotatrail_internal.digest_log_check(text, text, text) IS
'internal to iotatrail.verify_digests: a log file''s status (ok, missing log file, hash mismatch) against the hash its digest recorded';

CREATE OR REPLACE FUNCTION iotatrail.verify_digests(
    location text,
    public_keys jsonb,
    server text DEFAULT NULL)
RETURNS TABLE (
    kind text,
    object text,
    status text,
    detail text,
    digest_object text,
    digest_status text,
    digest_start timestamptz,
    digest_end timestamptz,
    oldest_event_time timestamptz,
    newest_event_time timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- keys in digests are relative to the folder holding AWSLogs/
    base text := coalesce(substring(location from '^(.*?)AWSLogs/'),
                          rtrim(location, '/') || '/');
    d record;
    lf jsonb;
BEGIN
    PERFORM iotatrail_internal.digest_read(location, public_keys, server);

    FOR d IN
        SELECT g.*,
               g.doc->>'digestS3Object' AS key,
               g.doc->>'previousDigestS3Object' AS prev_key,
               -- without its own signature, the next digest in the chain has it
               (SELECT n.doc->>'previousDigestSignature' FROM iotatrail_digests n
                WHERE n.doc->>'previousDigestS3Object' = g.doc->>'digestS3Object'
                LIMIT 1) AS chained_signature
        FROM iotatrail_digests g
        ORDER BY g.doc->>'awsAccountId', g.object
    LOOP
        SELECT * INTO status, detail
          FROM iotatrail_internal.digest_check(d.doc, d.sha256, d.signature, d.chained_signature, d.problem);

        kind := 'digest';
        object := d.object;
        digest_object := d.object;
        digest_status := status;
        digest_start := (d.doc->>'digestStartTime')::timestamptz;
        digest_end := (d.doc->>'digestEndTime')::timestamptz;
        oldest_event_time := (d.doc->>'oldestEventTime')::timestamptz;
        newest_event_time := (d.doc->>'newestEventTime')::timestamptz;
        RETURN NEXT;

        FOR lf IN SELECT * FROM jsonb_array_elements(coalesce(d.doc->'logFiles', '[]')) LOOP
            kind := 'log';
            object := base || (lf->>'s3Object');
            oldest_event_time := (lf->>'oldestEventTime')::timestamptz;
            newest_event_time := (lf->>'newestEventTime')::timestamptz;
            SELECT * INTO status, detail
              FROM iotatrail_internal.digest_log_check(object, lf->>'hashValue', server);
            INSERT INTO iotatrail_listed VALUES (object) ON CONFLICT DO NOTHING;
            RETURN NEXT;
        END LOOP;
    END LOOP;

    -- log files no digest vouches for
    RETURN QUERY
        SELECT 'log', o.object, 'not in any digest',
               'no digest lists this file; it may be newer than the newest digest, or its digest is missing',
               NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz
          FROM iotatrail.list_objects(location, server) AS o
         WHERE NOT EXISTS (SELECT FROM iotatrail_listed l WHERE l.object = o.object);
    DROP TABLE iotatrail_keys, iotatrail_digests, iotatrail_listed;
END
$function$;

COMMENT ON FUNCTION iotatrail.verify_digests(text, jsonb, text) IS
'CloudTrail log file integrity validation: one row per digest (ok, invalid signature, broken chain, unsigned, no public key, unreadable) and per log file (ok, missing log file, hash mismatch, not in any digest); public_keys is the output of aws cloudtrail list-public-keys, or an array of {Fingerprint, Value} with Value base64 DER or PEM';
