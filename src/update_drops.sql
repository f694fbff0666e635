-- What the update from 0.1.0 removes before the parts recreate it: objects
-- whose signature changed.

DROP FUNCTION iotatrail.list_objects(text, text, boolean);
