-- Objects new in 0.2.0 that are not functions: comments on the functions
-- that stream read_events (the functions themselves are in iotatrail.sql).
COMMENT ON FUNCTION iotatrail.read_events_rows(text, text, text, text, text) IS
'the scan under read_events, one event per call (a row is returned as soon as it is read); use read_events';
