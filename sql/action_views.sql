-- Every per-action view over a fixture holding each of the 29 actions,
-- successful and failed, called by each identity kind, with messy values
-- (timestamps in four spellings, numbers as strings, hidden values, null
-- responseElements).  Each view prints cell by cell, in column order,
-- without the raw request_parameters / response_elements.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';
\getenv abs_srcdir PG_ABS_SRCDIR
\set actions :abs_srcdir '/test/fixtures/actions/AWSLogs/'
SET datestyle = 'ISO';

-- without a location the default schema says what to do
SELECT count(*) FROM iotanalytics.create_channel;

SET iotatrail.location = :'actions';

CREATE FUNCTION pg_temp.cells(v regclass)
RETURNS TABLE (row_number bigint, column_name name, value text)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT r.n, a.attname, j.value
          FROM (SELECT row_number() OVER (ORDER BY event_time, event_id) AS n, to_jsonb(v) AS doc
                  FROM %s v) r,
               jsonb_each_text(r.doc) j
          JOIN pg_attribute a ON a.attrelid = %s AND a.attname = j.key
         WHERE j.key NOT IN ('request_parameters', 'response_elements', 'user_agent')
         ORDER BY r.n, a.attnum$q$, v, v::oid);
END
$$;

-- the catalog: 29 actions, one view each
SELECT count(*), count(DISTINCT view_name), string_agg(DISTINCT verb, ', ') FROM iotanalytics.actions;
SELECT action, view_name, resource_type, verb, read_only FROM iotanalytics.actions ORDER BY action;

SELECT * FROM pg_temp.cells('iotanalytics.cancel_pipeline_reprocessing');
SELECT * FROM pg_temp.cells('iotanalytics.create_channel');
SELECT * FROM pg_temp.cells('iotanalytics.create_dataset');
SELECT * FROM pg_temp.cells('iotanalytics.create_dataset_content');
SELECT * FROM pg_temp.cells('iotanalytics.create_datastore');
SELECT * FROM pg_temp.cells('iotanalytics.create_pipeline');
SELECT * FROM pg_temp.cells('iotanalytics.delete_channel');
SELECT * FROM pg_temp.cells('iotanalytics.delete_dataset');
SELECT * FROM pg_temp.cells('iotanalytics.delete_dataset_content');
SELECT * FROM pg_temp.cells('iotanalytics.delete_datastore');
SELECT * FROM pg_temp.cells('iotanalytics.delete_pipeline');
SELECT * FROM pg_temp.cells('iotanalytics.describe_channel');
SELECT * FROM pg_temp.cells('iotanalytics.describe_dataset');
SELECT * FROM pg_temp.cells('iotanalytics.describe_datastore');
SELECT * FROM pg_temp.cells('iotanalytics.describe_logging_options');
SELECT * FROM pg_temp.cells('iotanalytics.describe_pipeline');
SELECT * FROM pg_temp.cells('iotanalytics.get_dataset_content');
SELECT * FROM pg_temp.cells('iotanalytics.list_channels');
SELECT * FROM pg_temp.cells('iotanalytics.list_datasets');
SELECT * FROM pg_temp.cells('iotanalytics.list_datastores');
SELECT * FROM pg_temp.cells('iotanalytics.list_pipelines');
SELECT * FROM pg_temp.cells('iotanalytics.put_logging_options');
SELECT * FROM pg_temp.cells('iotanalytics.run_pipeline_activity');
SELECT * FROM pg_temp.cells('iotanalytics.sample_channel_data');
SELECT * FROM pg_temp.cells('iotanalytics.start_pipeline_reprocessing');
SELECT * FROM pg_temp.cells('iotanalytics.update_channel');
SELECT * FROM pg_temp.cells('iotanalytics.update_dataset');
SELECT * FROM pg_temp.cells('iotanalytics.update_datastore');
SELECT * FROM pg_temp.cells('iotanalytics.update_pipeline');

-- the raw members stay beside the typed ones
SELECT request_parameters -> 'payloads' AS raw_payloads, payloads, log_result
  FROM iotanalytics.run_pipeline_activity ORDER BY event_time;

-- another service's CreateChannel is not an IoT Analytics one
SELECT count(*) FROM iotatrail.read_events(:'actions', '*')
 WHERE event_name = 'CreateChannel';
SELECT count(*) FROM iotanalytics.create_channel;

-- resource_activity: every event once, including calls outside the 29
SELECT action, verb, resource_type, resource_name, resource_arn, succeeded
  FROM iotanalytics.resource_activity ORDER BY event_time, event_id;
SELECT (SELECT count(*) FROM iotanalytics.resource_activity) = (SELECT count(*) FROM iotanalytics.events) AS one_row_per_event;
