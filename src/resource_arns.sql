-- New in 0.2.0: iotatrail.event.resource_arns, the ARNs of resources as
-- text[].  A fresh install builds the type with it from event_columns();
-- an update adds it last (where event_columns() has it); iotanalytics.events,
-- made from the type, gets it there (iotanalytics_schema.sql).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute
                    WHERE attrelid = 'iotatrail.event'::pg_catalog.regclass
                      AND attname = 'resource_arns' AND NOT attisdropped) THEN
        ALTER TYPE iotatrail.event ADD ATTRIBUTE resource_arns text[];
        EXECUTE pg_catalog.format('COMMENT ON COLUMN iotatrail.event.resource_arns IS %L',
            (SELECT description FROM iotatrail.event_columns() WHERE column_name = 'resource_arns'));
    END IF;
END
$$;
