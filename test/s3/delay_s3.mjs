#!/usr/bin/env node
// A small S3-compatible server for the S3 benchmark: serves the files under
// a local directory as the objects of one bucket (keys are their paths
// below it), answering every request after a fixed delay, as S3 answers a
// GET after 15-50 ms.  Path-style requests only; it checks no signature.
//
//   node test/s3/delay_s3.mjs DIR BUCKET PORT DELAY_MS
//
// GET /BUCKET?list-type=2 (ListObjectsV2): prefix, delimiter (with
// CommonPrefixes for every level, also levels without objects of their
// own), start-after, continuation-token, max-keys (default and at most
// 1000).  GET /BUCKET/KEY: the object, with ETag, Content-Length and Range
// (bytes=N-).  GET /__stats: requests served, connections accepted and the
// most requests in flight at once.
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [dir, bucket, port, delayArg] = process.argv.slice(2);
const delay = Number(delayArg || 0);

// every object in memory: the benchmark's trail is small files
const objects = new Map();
function walk(d, prefix) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p, prefix + name + "/");
    else {
      const body = readFileSync(p);
      objects.set(prefix + name, { body, etag: '"' + createHash("md5").update(body).digest("hex") + '"' });
    }
  }
}
walk(dir, "");
const keys = [...objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

let requests = 0;
let connections = 0;
let inFlight = 0;
let maxInFlight = 0;

const xml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// first index of keys whose key is > k (binary search)
function after(k) {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function list(q) {
  const prefix = q.get("prefix") || "";
  const delimiter = q.get("delimiter") || "";
  const maxKeys = Math.min(Number(q.get("max-keys") || 1000), 1000);
  const token = q.get("continuation-token");
  // the token is the index of the next key (the key set never changes)
  let i = token !== null ? Number(token) : lowerBound(prefix);
  const startAfter = q.get("start-after");
  if (token === null && startAfter) i = Math.max(i, after(startAfter));
  const contents = [];
  const common = [];
  let truncated = false;
  for (; i < keys.length && keys[i].startsWith(prefix); i++) {
    if (contents.length + common.length >= maxKeys) {
      truncated = true;
      break;
    }
    const k = keys[i];
    const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const cp = k.slice(0, cut + delimiter.length);
      common.push(cp);
      // skip the rest of this common prefix
      i = after(cp + "\uffff") - 1;
      continue;
    }
    const o = objects.get(k);
    contents.push(`<Contents><Key>${xml(k)}</Key><Size>${o.body.length}</Size><ETag>${xml(o.etag)}</ETag>` +
      `<LastModified>2024-05-01T00:00:00.000Z</LastModified><StorageClass>STANDARD</StorageClass></Contents>`);
  }
  let body = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix>` +
    `<KeyCount>${contents.length + common.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`;
  if (truncated) body += `<NextContinuationToken>${i}</NextContinuationToken>`;
  body += contents.join("") + common.map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`).join("");
  return body + "</ListBucketResult>";
}

function lowerBound(k) {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function answer(req, res) {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/__stats") {
    res.writeHead(200, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ requests, connections, maxInFlight }));
  }
  const path = decodeURIComponent(url.pathname).replace(/^\//, "");
  const slash = path.indexOf("/");
  const b = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? "" : path.slice(slash + 1);
  if (b !== bucket) {
    res.writeHead(404, { "Content-Type": "application/xml" });
    return res.end("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>");
  }
  if (!key && url.searchParams.get("list-type") === "2") {
    res.writeHead(200, { "Content-Type": "application/xml" });
    return res.end(list(url.searchParams));
  }
  const o = objects.get(key);
  if (!o) {
    res.writeHead(404, { "Content-Type": "application/xml" });
    return res.end("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
  }
  const range = /^bytes=(\d+)-$/.exec(req.headers.range || "");
  if (range) {
    const from = Number(range[1]);
    res.writeHead(206, {
      ETag: o.etag, "Content-Length": o.body.length - from,
      "Content-Range": `bytes ${from}-${o.body.length - 1}/${o.body.length}`,
    });
    return res.end(o.body.subarray(from));
  }
  res.writeHead(200, { ETag: o.etag, "Content-Length": o.body.length });
  res.end(o.body);
}

const server = createServer((req, res) => {
  requests++;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  res.on("finish", () => inFlight--);
  res.on("close", () => {});
  if (delay > 0) setTimeout(() => answer(req, res), delay);
  else answer(req, res);
});
server.on("connection", () => connections++);
server.keepAliveTimeout = 60000;
server.listen(Number(port), "127.0.0.1", () => console.log(`serving ${keys.length} objects of ${bucket} on ${port}, ${delay} ms per request`));
