-- Schema iotanalytics: the views of every action over the logs at the
-- iotatrail.location setting, for ad hoc questions without a server.
-- Trails of their own get their own schema through IMPORT FOREIGN SCHEMA.
CREATE VIEW iotanalytics.events AS
SELECT * FROM iotatrail.read_events(iotatrail.configured_location());
COMMENT ON VIEW iotanalytics.events IS
'IoT Analytics events of the CloudTrail logs at iotatrail.location';

SELECT count(*) FROM iotatrail.create_views('iotanalytics', 'iotanalytics.events');

GRANT SELECT ON ALL TABLES IN SCHEMA iotanalytics TO PUBLIC;
