// DuckDB on the same files: read_json + unnest(Records).  Prints
// "query seconds result" per query, the median of 3 runs each.
import { DuckDBInstance } from '@duckdb/node-api';

// an optional fifth argument names the queries to run (Q1,Q2: all else)
const [dir, day, region, action, only] = process.argv.slice(2);
const files = `'${dir}/AWSLogs/**/*.json.gz'`;
const records = `(SELECT unnest(Records) AS r FROM read_json(${files}, format = 'auto', maximum_object_size = 1073741824))`;
const queries = {
  Q1: `SELECT r.eventName, count(*) FROM ${records} WHERE r.eventSource = 'iotanalytics.amazonaws.com' GROUP BY 1 ORDER BY 1 LIMIT 1`,
  Q2: `SELECT count(*), count(r) FROM ${records}`,
  Q2t: `SELECT count(*), sum(length(CAST(r AS VARCHAR))) FROM ${records}`,
  Q3: `SELECT count(*) FROM ${records} WHERE r.eventName = '${action}' AND r.awsRegion = '${region}'
       AND CAST(r.eventTime AS TIMESTAMP) >= TIMESTAMP '${day}' AND CAST(r.eventTime AS TIMESTAMP) < TIMESTAMP '${day}' + INTERVAL 1 DAY`,
};
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
for (const [name, sql] of Object.entries(queries)) {
  if (only && !only.split(',').includes(name)) continue;
  const times = [];
  let result = '';
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const reader = await conn.runAndReadAll(sql);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    result = JSON.stringify(reader.getRows()[0], (k, v) => typeof v === 'bigint' ? v.toString() : v);
  }
  times.sort((a, b) => a - b);
  console.log(`${name} ${times[1].toFixed(3)} ${result}`);
}
