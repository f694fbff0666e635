-- The typed readers behind the views: a value of the right type, or NULL;
-- never an error, whatever the JSON holds.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';
SET datestyle = 'ISO';
SELECT v, iotatrail.json_text(v) AS text, iotatrail.json_bigint(v) AS bigint,
       iotatrail.json_integer(v) AS integer, iotatrail.json_boolean(v) AS boolean,
       iotatrail.json_timestamptz(v) AS timestamptz
  FROM (VALUES ('"abc"'::jsonb), ('"HIDDEN_DUE_TO_SECURITY_REASONS"'), ('null'), ('42'), ('"42"'),
               ('" 7 "'), ('-3'), ('1.5'), ('"1.5"'), ('9223372036854775807'), ('9223372036854775808'),
               ('2147483648'), ('1e3'), ('true'), ('"FALSE"'), ('"yes"'), ('{"a": 1}'), ('[1]'),
               ('"2018-02-14T23:55:14Z"'), ('"2018-02-14T23:55:14.123+01:00"'), ('1518652514'),
               ('1518652514123'), ('"1518652514"'), ('1518652514.5'), ('"Feb 14, 2018 11:55:14 PM"'),
               ('"Feb 30, 2018 11:55:14 PM"'), ('"20180214T235514Z"'), ('-1'), ('""')) AS t(v);
SELECT v, iotatrail.json_object(v) AS object, iotatrail.json_array(v) AS array, iotatrail.json_value(v) AS value,
       iotatrail.json_first_key(v) AS first_key
  FROM (VALUES ('{"b": {"name": "x"}}'::jsonb), ('{}'), ('[{"a": 1}]'), ('[]'), ('"s"'),
               ('"HIDDEN_DUE_TO_SECURITY_REASONS"'), ('null'), ('3')) AS t(v);
SELECT iotatrail.json_path_text('{"lambda": {"name": "enrich"}}', '{*,name}') AS star,
       iotatrail.json_path_text('{"a": {"b": 5}}', '{a,b}') AS number,
       iotatrail.json_path_text('{"a": {"b": [1]}}', '{a,b}') AS container,
       iotatrail.json_path_text('{"a": 1}', '{a,b}') AS through_scalar,
       iotatrail.json_path_text('[1]', '{a}') AS array_root,
       iotatrail.json_path_text('"s"', '{}') AS scalar_root;
SELECT iotatrail.json_collect_text('[{"channel": {"name": "in"}}, {"lambda": {"name": "f"}}, {"x": {}}, 3, "s"]', '{*,name}') AS names,
       iotatrail.json_collect_text('["a", "b", null, 4]', '{}') AS elements,
       iotatrail.json_collect_text('{"a": 1}', '{a}') AS not_an_array,
       iotatrail.json_collect_first_key('[{"channel": {}}, {"datastore": {}}, [], 1, {}]') AS kinds,
       iotatrail.json_collect_first_key('{"a": 1}') AS kinds_not_an_array;
