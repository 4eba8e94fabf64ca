"""Turns bench/compare.sh's raw timings into bench/results/compare.json and compare.md.

argv: RAW_TSV VERSIONS_TXT WORK ROUNDS CONC BIG_BYTES SMALL_COUNT SMALL_BYTES OUT_JSON OUT_MD [GROUPS]
RAW_TSV rows: name, group, round (0 = warm-up, ignored), wall seconds, peak RSS KiB (NA = failed).
"""
import datetime
import json
import os
import statistics
import sys

raw, versions_txt, work, rounds, conc, big, count, small, out_json, out_md = sys.argv[1:11]
asked = sys.argv[11].split() if len(sys.argv) > 11 else None
rounds, conc, big, count, small = int(rounds), int(conc), int(big), int(count), int(small)
versions = dict(l.rstrip("\n").split("=", 1) for l in open(versions_txt) if "=" in l)
# the shaped link (bench/compare.sh sets these): its round trip, caps, and the small count used on it
rtt_ms = float(os.environ.get("SHAPED_RTT_MS", "20"))
per_conn = float(os.environ.get("SHAPED_CONN_MBPS", "25"))
total_cap = float(os.environ.get("SHAPED_TOTAL_MBPS", "2000"))
shaped_count = int(os.environ.get("SHAPED_SMALL_COUNT", str(count)))
store_count = int(os.environ.get("STORE_SMALL_COUNT", str(count)))  # small objects on Azurite and the GCS server
store_put = int(os.environ.get("STORE_PUT_BYTES", str(big)))
store_put_count = int(os.environ.get("STORE_PUT_SMALL_COUNT", str(store_count)))  # the large upload on Azurite and the GCS server
path_count = int(os.environ.get("PATH_SMALL_COUNT", str(count)))  # the small objects the read-path rows read
link_limit = min(conc * per_conn, total_cap)  # MB/s: the physical ceiling of a large-object row on the link
link = f"{rtt_ms:.0f} ms round trip, {per_conn:.0f} MB/s per connection, {total_cap:.0f} MB/s in all"

GROUPS = {
    "s3-big": f"S3Proxy, one {big / 2**30:.2f} GiB object, to a discard sink unless noted",
    "s3-small": f"S3Proxy, {count:,} x {small // 1024} KiB objects, {conc} in flight",
    "file-read": f"file://, {big / 2**30:.2f} GiB file in the page cache, read and discard",
    "file-copy": f"file://, {big / 2**30:.2f} GiB file copied to a file on the same disk",
    "startup": "Start-up: one short command, whole process (lower is better; ÷ best peer is the peer's time over ours)",
    "s3-put-big": f"S3Proxy uploads, one {big / 2**30:.2f} GiB object, 8 MiB parts, {conc} in flight",
    "s3-put-small": f"S3Proxy uploads, {count:,} x {small // 1024} KiB objects, {conc} in flight",
    "s3-big-shaped": f"Shaped link ({link}): S3Proxy, one {big / 2**30:.2f} GiB object, {conc} streams; link limit {link_limit:,.0f} MB/s",
    "s3-small-shaped": f"Shaped link ({link}): S3Proxy, {shaped_count:,} x {small // 1024} KiB objects, {conc} in flight",
    "s3-put-big-shaped": f"Shaped link ({link}): S3Proxy uploads, one {big / 2**30:.2f} GiB object, 8 MiB parts, {conc} in flight; link limit {link_limit:,.0f} MB/s",
    "s3-put-small-shaped": f"Shaped link ({link}): S3Proxy uploads, {shaped_count:,} x {small // 1024} KiB objects, {conc} in flight",
    "az-big": f"Azure (Azurite {os.environ.get('AZURITE_VERSION', '')}, in memory), one {big / 2**30:.2f} GiB blob, {conc} in flight",
    "az-small": f"Azure (Azurite, in memory), {store_count:,} x {small // 1024} KiB blobs, {conc} in flight",
    "gs-big": f"GCS (the project's JSON-API test server, in memory), one {big / 2**30:.2f} GiB object, {conc} in flight",
    "gs-small": f"GCS (the project's JSON-API test server), {store_count:,} x {small // 1024} KiB objects, {conc} in flight",
    "az-put-big": f"Azure (Azurite, in memory) uploads, one {store_put / 2**20:.0f} MiB blob, 8 MiB blocks, {conc} in flight",
    "az-put-small": f"Azure (Azurite, in memory) uploads, {store_put_count:,} x {small // 1024} KiB blobs, {conc} in flight",
    "gs-put-big": f"GCS (the project's JSON-API test server) uploads, one {store_put / 2**20:.0f} MiB object",
    "gs-put-small": f"GCS (the project's JSON-API test server) uploads, {store_put_count:,} x {small // 1024} KiB objects, {conc} in flight",
    "s3-path-big": f"S3 read path (issue 17 part 3): one {big / 2**30:.2f} GiB object in 8 MiB ranges on {conc} threads, in-process, after a warm-up",
    "s3-path-small": f"S3 read path (issue 17 part 3): {path_count:,} x {small // 1024} KiB objects on {conc} threads, in-process, after a warm-up",
}
LIMITED = {"s3-big-shaped", "s3-put-big-shaped"}
# the read-path rows compare ways of reading, not tools: ratio to the shipped path, and the client's CPU
PATH_GROUPS = {"s3-path-big", "s3-path-small"}
if asked:
    GROUPS = {g: t for g, t in GROUPS.items() if g in asked}
SMALL_GROUPS = {"s3-small", "s3-put-small", "s3-small-shaped", "s3-put-small-shaped", "s3-path-small", "az-small",
                "gs-small", "az-put-small", "gs-put-small"}
STORE_GROUPS = {"az-big", "az-small", "gs-big", "gs-small", "az-put-big", "az-put-small", "gs-put-big", "gs-put-small"}


def size_of(group):
    """The bytes of a large-object row."""
    return store_put if group in ("az-put-big", "gs-put-big") else big


def items(group):
    if group in ("az-put-small", "gs-put-small"):
        return store_put_count
    if group in STORE_GROUPS:
        return store_count
    return shaped_count if group.endswith("-shaped") else count

DESCR = {
    "rf-range": f"`rangefinder bench range` (8 MiB ranges, -c {conc})",
    "rf-range-dflt": "`rangefinder bench range` (its defaults: 64 MiB ranges, up to 32 in flight)",
    "tm-crt-discard": f"S3TransferManager + CRT client, discard sink (8 MiB parts, maxConcurrency {conc})",
    "tm-crt-file": f"S3TransferManager + CRT client, `downloadFile` to a file (8 MiB parts, maxConcurrency {conc})",
    "rclone-cat": "`rclone cat` > /dev/null",
    "aws-cp-stdout": "`aws s3 cp s3://... -` > /dev/null",
    "rf-loader": f"`rangefinder bench loader` async pool (--pool {conc} --batch 32 --prefetch 4), discard",
    "rclone-copy": f"`rclone copy --transfers {conc} --checkers {conc} --no-check-dest` to files in memory (/dev/shm)",
    "aws-cp-recursive": f"`aws s3 cp --recursive` (max_concurrent_requests {conc}) to files in memory (/dev/shm)",
    "rf-range-file": "`rangefinder bench range` (defaults), discard",
    "cat-file": "`cat F > /dev/null`",
    "fio-read": "`fio --rw=read --bs=8M --ioengine=psync` (buffered)",
    "rf-get-file": "`rangefinder get` (defaults)",
    "rf-range-az": f"`rangefinder bench range` (8 MiB ranges, -c {conc})",
    "rf-range-dflt-az": "`rangefinder bench range` (its defaults: 64 MiB ranges, up to 32 in flight)",
    "rf-range-dflt-gs": "`rangefinder bench range` (its defaults: 64 MiB ranges, up to 32 in flight)",
    "sdk-az-file": f"Azure SDK `BlobClient.downloadToFile`, parallel (8 MiB blocks, maxConcurrency {conc}), to a file in /dev/shm",
    "rclone-cat-az": "`rclone cat` (azureblob backend) > /dev/null",
    "curl-az": "one `curl` GET of the blob (SAS URL) > /dev/null: the server's limit for one stream",
    "rf-loader-az": f"`rangefinder bench loader` async pool (--pool {conc} --batch 32 --prefetch 4), discard",
    "sdk-az-dir": f"Azure SDK `downloadToFile` of each blob on {conc} threads (the Java SDK has no directory transfer), to /dev/shm",
    "rclone-copy-az": f"`rclone copy --transfers {conc}` (azureblob backend) to files in /dev/shm",
    "rf-range-gs": f"`rangefinder bench range` (8 MiB ranges, -c {conc})",
    "sdk-gcs-file": f"GCS client's `TransferManager.downloadBlobs` ({conc} workers, sliced download allowed), to /dev/shm",
    "rclone-cat-gs": "`rclone cat` (gcs backend, custom endpoint) > /dev/null",
    "curl-gs": "one `curl` GET of `/download/storage/v1/b/B/o/O?alt=media` > /dev/null: the server's limit for one stream",
    "rf-loader-gs": f"`rangefinder bench loader` async pool (--pool {conc} --batch 32 --prefetch 4), discard",
    "sdk-gcs-dir": f"GCS client's `TransferManager.downloadBlobs` ({conc} workers), to files in /dev/shm",
    "rclone-copy-gs": f"`rclone copy --transfers {conc}` (gcs backend) to files in /dev/shm",
    "rf-put-big-az": f"`rangefinder bench put -n 1` (8 MiB blocks, {conc} in flight; data made in memory), kept",
    "sdk-az-upload": f"Azure SDK `BlobClient.uploadFromFile`, parallel (8 MiB blocks, maxConcurrency {conc}), of the cached file",
    "rclone-copyto-az": f"`rclone copyto` (azureblob, --azureblob-upload-concurrency {conc} --azureblob-chunk-size 8M) of the cached file",
    "rf-put-small-az": f"`rangefinder bench put` (-c {conc}; data made in memory), kept",
    "sdk-az-upload-dir": f"Azure SDK `uploadFromFile` of each file in /dev/shm on {conc} threads",
    "rclone-copy-up-az": f"`rclone copy` (azureblob) of files in /dev/shm (--transfers {conc} --checkers {conc} --no-check-dest)",
    "rf-put-big-gs": "`rangefinder bench put -n 1` (one resumable upload in 8 MiB chunks; data made in memory), kept",
    "sdk-gcs-upload": "GCS client's `TransferManager.uploadFiles` of the cached file (one resumable upload: the server has no compose, so no parallel composite upload)",
    "rclone-copyto-gs": "`rclone copyto` (gcs backend) of the cached file",
    "rf-put-small-gs": f"`rangefinder bench put` (-c {conc}; data made in memory), kept",
    "sdk-gcs-upload-dir": f"GCS client's `TransferManager.uploadFiles` of files in /dev/shm ({conc} workers)",
    "rclone-copy-up-gs": f"`rclone copy` (gcs backend) of files in /dev/shm (--transfers {conc} --checkers {conc} --no-check-dest)",
    "path-lean": "lean: S3Store as shipped, LeanHttp + hand-written SigV4",
    "path-jdk": "JDK `java.net.http.HttpClient` (HTTP/1.1) + the SDK's `AwsV4HttpSigner`",
    "path-jdk-256k": "the same JDK client with 256 KiB buffers (`-Djdk.httpclient.bufsize`, 16 KiB by default)",
    "path-sdk": "SDK `S3Client` on its Apache client (S3Store with the lean path off; checksums off)",
    "path-sdk-urlconn": "SDK `S3Client` on `UrlConnectionHttpClient`, its lightest (checksums off)",
    "cp-file": "`cp F DEST`",
    "rf-range-file16": "`rangefinder bench range --chunk-size 64MiB -c 16` (16 ranges of 64 MiB, 1 MiB reads), discard",
    "fio-read-par": "`fio --numjobs=16 --size=64M --offset_increment=64M --bs=1M --ioengine=psync` (the same 16 ranges, buffered)",
    "rf-version": "`rangefinder --version`",
    "rf-stat": "`rangefinder stat FILE` (one local object)",
    "rclone-version": "`rclone version`",
    "rclone-lsjson": "`rclone lsjson FILE` (one local file)",
    "rf-put-big": f"`rangefinder bench put -n 1` (8 MiB parts, {conc} in flight; data made in memory), kept",
    "tm-java-upload": f"S3TransferManager + Java multipart client (Netty), `uploadFile` of the cached file (8 MiB parts, maxConcurrency {conc})",
    "rclone-copyto": f"`rclone copyto` of the cached file (--s3-upload-concurrency {conc} --s3-chunk-size 8M)",
    "aws-cp-upload": f"`aws s3 cp FILE s3://...` (max_concurrent_requests {conc}, multipart_chunksize 8MB)",
    "rf-put-small": f"`rangefinder bench put` (-c {conc}; data made in memory), kept",
    "tm-java-upload-dir": f"S3TransferManager + Java multipart client (Netty), `uploadDirectory` of files in /dev/shm (maxConcurrency {conc})",
    "rclone-copy-up": f"`rclone copy` of files in /dev/shm (--transfers {conc} --checkers {conc} --no-check-dest)",
    "aws-cp-up-recursive": f"`aws s3 cp --recursive` of files in /dev/shm (max_concurrent_requests {conc})",
    "rf-range-shaped": f"`rangefinder bench range -c {conc}` (64 MiB ranges), discard",
    "rf-range8-shaped": f"`rangefinder bench range` (8 MiB ranges, -c {conc}), discard",
    "tm-crt-discard-shaped": f"S3TransferManager + CRT client, discard sink (8 MiB parts, maxConcurrency {conc})",
    "rclone-copyto-dl-shaped": f"`rclone copyto --multi-thread-streams {conc}` to a file in memory (/dev/shm)",
    "aws-cp-dl-shaped": f"`aws s3 cp s3://... FILE` (max_concurrent_requests {conc}, 8 MB parts) to a file in memory (/dev/shm)",
    "rf-loader-shaped": f"`rangefinder bench loader` async pool (--pool {conc} --batch 32 --prefetch 4), discard",
    "rclone-copy-shaped": f"`rclone copy --transfers {conc} --checkers {conc} --no-check-dest` to files in memory (/dev/shm)",
    "aws-cp-recursive-shaped": f"`aws s3 cp --recursive` (max_concurrent_requests {conc}) to files in memory (/dev/shm)",
    "rf-put-big-shaped": f"`rangefinder bench put -n 1` (8 MiB parts, {conc} in flight; data made in memory), kept",
    "tm-java-upload-shaped": f"S3TransferManager + Java multipart client (Netty), `uploadFile` (8 MiB parts, maxConcurrency {conc})",
    "rclone-copyto-shaped": f"`rclone copyto` of the cached file (--s3-upload-concurrency {conc} --s3-chunk-size 8M)",
    "aws-cp-upload-shaped": f"`aws s3 cp FILE s3://...` (max_concurrent_requests {conc}, multipart_chunksize 8MB)",
    "rf-put-small-shaped": f"`rangefinder bench put` (-c {conc}; data made in memory), kept",
    "tm-java-upload-dir-shaped": f"S3TransferManager + Java multipart client (Netty), `uploadDirectory` of files in /dev/shm (maxConcurrency {conc})",
    "rclone-copy-up-shaped": f"`rclone copy` of files in /dev/shm (--transfers {conc} --checkers {conc} --no-check-dest)",
    "aws-cp-up-recursive-shaped": f"`aws s3 cp --recursive` of files in /dev/shm (max_concurrent_requests {conc})",
}
OURS = {"rf-put-big-az", "rf-put-small-az", "rf-put-big-gs", "rf-put-small-gs", "rf-range-az", "rf-range-dflt-az", "rf-loader-az", "rf-range-gs", "rf-range-dflt-gs", "rf-loader-gs", "rf-range", "rf-range-dflt", "rf-loader", "rf-range-file", "rf-get-file", "rf-put-big", "rf-put-small",
        "rf-range-file16", "rf-version", "rf-stat",
        "rf-range-shaped", "rf-range8-shaped", "rf-loader-shaped", "rf-put-big-shaped", "rf-put-small-shaped"}
# Variants of our rows: the installed launcher (no suffix), `java -jar` on the same build, a baseline build.
VARIANT = {"": "installed CLI: app-image launcher, AOT cache, serial GC, C1 only",
           "@jar": "same build, plain `java -jar`, no AOT cache",
           "@before": "before this tuning round (" + versions.get("baseline", "baseline").split(" ", 1)[-1].strip() + "), `java -jar`"}


def base(name):
    if name.startswith("path-"):
        return name.rsplit("-", 1)[0]  # path-lean-big -> path-lean
    return name.split("@", 1)[0]


def suffix(name):
    return name[len(base(name)):]


def describe(name):
    d = DESCR.get(base(name), name)
    return d + " — " + VARIANT[suffix(name)] if base(name) in OURS else d

rows = {}
order = []
for line in open(raw):
    name, group, rnd, wall, rss = line.rstrip("\n").split("\t")
    if name not in rows:
        rows[name] = {"group": group, "walls": [], "rss": [], "inner": [], "cpuReq": [], "cpuGB": [], "failed": 0}
        order.append(name)
    if rnd == "0":
        continue
    if wall == "NA":
        rows[name]["failed"] += 1
        continue
    rows[name]["walls"].append(float(wall))
    rows[name]["rss"].append(int(rss))
    out = os.path.join(work, f"{name}.{rnd}.out")
    try:
        if name in ("fio-read", "fio-read-par"):
            j = json.load(open(out))
            rows[name]["inner"].append(j["jobs"][0]["read"]["bw_bytes"] / 1e6)
        elif name.startswith("path-"):
            j = json.loads(open(out).read())
            rows[name]["inner"].append(j["itemsPerSec"] if group in SMALL_GROUPS else j["mbPerSec"])
            rows[name]["cpuReq"].append(j["cpuMsPerRequest"])
            rows[name]["cpuGB"].append(j["cpuSecPerGB"])
        elif name.startswith("rf-") or name.startswith("tm-") or name.startswith("sdk-"):
            j = json.loads(open(out).read())
            if group in SMALL_GROUPS:
                rows[name]["inner"].append(j["opsPerSec"] if "opsPerSec" in j else items(group) / j["seconds"])
            else:
                rows[name]["inner"].append(j["mbPerSec"])
    except (OSError, ValueError, KeyError, IndexError):
        pass

results = []
for name in order:
    r = rows[name]
    if not r["walls"]:
        results.append({"name": name, "group": r["group"], "description": describe(name),
                        "ours": base(name) in OURS, "status": "failed", "failedRounds": r["failed"]})
        continue
    wall = statistics.median(r["walls"])
    e = {"name": name, "group": r["group"], "description": describe(name), "ours": base(name) in OURS,
         "status": "ok" if not r["failed"] else f"{r['failed']} rounds failed",
         "rounds": len(r["walls"]), "wallSecondsMedian": wall, "wallSeconds": r["walls"],
         "peakRssKiBMedian": int(statistics.median(r["rss"])), "peakRssKiBMax": max(r["rss"])}
    if r["group"] == "startup":
        results.append(e)
        continue
    if r["group"] in SMALL_GROUPS:
        e["itemsPerSec"] = items(r["group"]) / wall
        e["mbPerSec"] = items(r["group"]) * small / wall / 1e6
        if r["inner"]:
            e["inProcessItemsPerSec"] = statistics.median(r["inner"])
    else:
        e["mbPerSec"] = size_of(r["group"]) / wall / 1e6
        if r["inner"]:
            e["inProcessMbPerSec"] = statistics.median(r["inner"])
    if r["cpuReq"]:
        e["clientCpuMsPerRequest"] = statistics.median(r["cpuReq"])
        e["clientCpuSecPerGB"] = statistics.median(r["cpuGB"])
    if r["group"] in LIMITED:
        e["linkLimitMbPerSec"] = link_limit
        e["ratioVsLinkLimit"] = e["mbPerSec"] / link_limit
        if "inProcessMbPerSec" in e:
            e["inProcessRatioVsLinkLimit"] = e["inProcessMbPerSec"] / link_limit
    results.append(e)

# Start-up: the peer's time over ours (above 1: ours starts faster).
fastest = min((e["wallSecondsMedian"] for e in results if e["group"] == "startup" and not e["ours"]
               and "wallSecondsMedian" in e), default=None)
for e in results:
    if e["group"] == "startup" and "wallSecondsMedian" in e and fastest:
        e["ratioVsBestPeer"] = fastest / e["wallSecondsMedian"]
# file:// reads judged in-process: JVM start-up is its own row. cat's wall time is its in-process time
# (it starts in a millisecond); fio reports its own bandwidth.
file_peer = max((e.get("inProcessMbPerSec", e["mbPerSec"]) for e in results
                 if e["group"] == "file-read" and not e["ours"] and "mbPerSec" in e), default=None)
for e in results:
    if e["group"] == "file-read" and e["ours"] and "inProcessMbPerSec" in e and file_peer:
        e["inProcessRatioVsBestPeer"] = e["inProcessMbPerSec"] / file_peer

for g in PATH_GROUPS & set(GROUPS):
    key = "inProcessItemsPerSec" if g in SMALL_GROUPS else "inProcessMbPerSec"
    lean = next((e for e in results if e["group"] == g and base(e["name"]) == "path-lean" and key in e), None)
    for e in results:
        if e["group"] == g and lean and key in e:
            e["inProcessRatioVsLean"] = e[key] / lean[key]
            e["cpuRatioVsLean"] = e["clientCpuMsPerRequest"] / lean["clientCpuMsPerRequest"]

for g in GROUPS:
    if g == "startup" or g in PATH_GROUPS:
        continue
    # one curl GET is the server's own limit, not a peer (its ratio is reported on its own)
    peers = [e for e in results if e["group"] == g and not e["ours"] and "mbPerSec" in e
             and not e["name"].startswith("curl-")]
    curl = next((e for e in results if e["group"] == g and e["name"].startswith("curl-") and "mbPerSec" in e), None)
    for e in results:
        if curl and e["group"] == g and e["ours"] and "mbPerSec" in e:
            e["ratioVsOneCurl"] = e["mbPerSec"] / curl["mbPerSec"]
            if "inProcessMbPerSec" in e:
                e["inProcessRatioVsOneCurl"] = e["inProcessMbPerSec"] / curl["mbPerSec"]
    best = max(peers, key=lambda e: e["mbPerSec"], default=None)
    for e in results:
        if e["group"] == g and "mbPerSec" in e and best:
            e["bestPeer"] = best["name"]
            e["ratioVsBestPeer"] = e["mbPerSec"] / best["mbPerSec"]

doc = {"kind": "compare", "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
       "cores": int(versions.get("cores", os.cpu_count())), "versions": versions, "rounds": rounds,
       "concurrency": conc, "bigObjectBytes": big, "smallObjects": count, "smallObjectBytes": small,
       "method": "one process per download, /usr/bin/time wall seconds and peak RSS (%e %M); contenders take "
                 "turns, start rotated each round; a warm-up run of each group's first contender not counted; medians (the slow, far-behind peers named in oneRound ran in the first round only)",
       "oneRound": os.environ.get("ONE_ROUND", "").split(), "groups": GROUPS, "results": results}
# where the running time went: compare.sh's phase ends (seconds from its start) and the time spent
# emptying prefixes between upload turns
phases_file = os.environ.get("PHASES")
if phases_file and os.path.exists(phases_file):
    phases, prev, emptying, settling = [], 0, None, None
    with open(phases_file) as f:
        for line in f:
            name, _, secs = line.rstrip("\n").rpartition("\t")
            if name.startswith("emptying prefixes"):
                emptying = int(secs)
                continue
            if name.startswith("waiting for Azurite"):
                settling = int(secs)
                continue
            phases.append({"phase": name, "seconds": int(secs) - prev, "endSeconds": int(secs)})
            prev = int(secs)
    doc["runningTime"] = {"totalSeconds": prev, "phases": phases, "emptyingPrefixesSeconds": emptying,
                          "waitingForAzuriteSeconds": settling,
                          "contendersWallSeconds": round(sum(sum(e.get("wallSeconds") or []) for e in results), 1)}
if any(g.endswith("-shaped") for g in GROUPS):
    doc["shapedLink"] = {"rttMs": rtt_ms, "perConnectionMbPerSec": per_conn, "totalMbPerSec": total_cap,
                         "linkLimitMbPerSec": link_limit, "smallObjects": shaped_count}
with open(out_json, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")

md = []
md.append("# Rangefinder vs peers, one run, same server and objects")
md.append("")
md.append(f"{doc['date']}, **{doc['cores']} cores** ({versions.get('cpu', '?')}), kernel {versions.get('kernel', '?')}. "
          f"Median of {rounds} rounds (a warm-up run of each group's first contender not counted; "
          + (f"{', '.join('`' + n + '`' for n in doc['oneRound'])}, slow and far behind, ran in round 1 only" if doc['oneRound'] else "every contender in every round")
          + "); contenders take turns. "
          "Throughput is from each process's wall time (JVM start included for the Java tools); "
          "the Java tools' own in-process figure is beside it. Peak RSS from `/usr/bin/time %M` "
          "(median over rounds, max in brackets). Ratio = contender ÷ best peer (non-Rangefinder) of its group.")
md.append("")
md.append("Versions: " + "; ".join(f"{k} {v}" for k, v in versions.items() if k not in ("cores", "cpu", "kernel")) + ".")
for g, title in GROUPS.items():
    md.append("")
    md.append(f"## {title}")
    md.append("")
    if g == "startup":
        md.append("| contender | wall ms | ÷ best peer | peak RSS MiB |")
        md.append("|---|---|---|---|")
        for e in results:
            if e["group"] != g:
                continue
            label = ("**" + e["description"] + "**") if e["ours"] else e["description"]
            if e["status"] == "failed":
                md.append(f"| {label} | failed | | |")
                continue
            md.append(f"| {label} | {e['wallSecondsMedian'] * 1000:,.0f} | {e.get('ratioVsBestPeer', 0):.2f} "
                      f"| {e['peakRssKiBMedian'] / 1024:,.0f} |")
        continue
    if g in PATH_GROUPS:
        unit = "items/s" if g in SMALL_GROUPS else "MB/s"
        key = "inProcessItemsPerSec" if g in SMALL_GROUPS else "inProcessMbPerSec"
        md.append(f"| path | {unit} (in-process) | ÷ lean | client CPU ms per request | ÷ lean | client CPU s per GB | wall s |")
        md.append("|---|---|---|---|---|---|---|")
        for e in results:
            if e["group"] != g:
                continue
            if e["status"] == "failed" or key not in e:
                md.append(f"| {e['description']} | failed | | | | | |")
                continue
            md.append(f"| {e['description']} | {e[key]:,.0f} | {e.get('inProcessRatioVsLean', 0):.2f} "
                      f"| {e['clientCpuMsPerRequest']:.3f} | {e.get('cpuRatioVsLean', 0):.2f} | {e['clientCpuSecPerGB']:.2f} "
                      f"| {e['wallSecondsMedian']:.2f} |")
        continue
    small_group = g in SMALL_GROUPS
    limited = g in LIMITED
    md.append("| contender | " + ("items/s | MB/s" if small_group else "MB/s") + " | in-process | ÷ best peer |"
              + (" ÷ link limit (in-process) |" if limited else "") + " peak RSS MiB | wall s |")
    md.append("|---|" + ("---|---|" if small_group else "---|") + "---|---|" + ("---|" if limited else "") + "---|---|")
    for e in results:
        if e["group"] != g:
            continue
        label = ("**" + e["description"] + "**") if e["ours"] else e["description"]
        if e["status"] == "failed":
            md.append(f"| {label} | failed |" + (" |" if small_group else "") + (" |" if limited else "") + " | | | |")
            continue
        if small_group:
            tp = f"{e['itemsPerSec']:,.0f} | {e['mbPerSec']:,.0f}"
            inner = f"{e['inProcessItemsPerSec']:,.0f} items/s" if "inProcessItemsPerSec" in e else ""
        else:
            tp = f"{e['mbPerSec']:,.0f}"
            inner = f"{e['inProcessMbPerSec']:,.0f} MB/s" if "inProcessMbPerSec" in e else ""
        ratio = f"{e['ratioVsBestPeer']:.2f}" if "ratioVsBestPeer" in e else ""
        if "inProcessRatioVsBestPeer" in e:
            ratio += f" (in-process {e['inProcessRatioVsBestPeer']:.2f})"
        if limited:
            ratio += f" | {e['ratioVsLinkLimit']:.2f}" + (f" ({e['inProcessRatioVsLinkLimit']:.2f})" if "inProcessRatioVsLinkLimit" in e else "")
        md.append(f"| {label} | {tp} | {inner} | {ratio} | {e['peakRssKiBMedian'] / 1024:,.0f} ({e['peakRssKiBMax'] / 1024:,.0f}) "
                  f"| {e['wallSecondsMedian']:.2f} |")
    for e in results:
        if e["group"] == g and "ratioVsOneCurl" in e:
            md.append("")
            md.append(f"{e['description'].split(' — ')[0]} ÷ one `curl` GET of the same object: **{e['ratioVsOneCurl']:.2f}** on wall time"
                      + (f", **{e['inProcessRatioVsOneCurl']:.2f}** in-process" if "inProcessRatioVsOneCurl" in e else "")
                      + " (curl is one stream from a process that starts in milliseconds).")
TUNED = ["rf-range", "rf-loader", "rf-range-file", "rf-get-file"]
variants = [v for v in VARIANT if any(suffix(e["name"]) == v and base(e["name"]) in TUNED for e in results)]
if len(variants) > 1:
    md.append("")
    md.append("## Tuning, before and after, in this same run")
    md.append("")
    md.append("Each Rangefinder row in three builds/launchers (wall-time throughput, ratio to the best peer "
              "of its group in brackets; the change log is in bench/results/tuning.md).")
    md.append("")
    order_v = [v for v in ("@before", "@jar", "") if v in variants]
    md.append("| contender | " + " | ".join(VARIANT[v] for v in order_v) + " |")
    md.append("|---|" + "---|" * len(order_v))
    for b in TUNED:
        cells = []
        for v in order_v:
            e = next((x for x in results if x["name"] == b + v), None)
            if e is None or "mbPerSec" not in e:
                cells.append("")
                continue
            val = f"{e['itemsPerSec']:,.0f} items/s" if "itemsPerSec" in e else f"{e['mbPerSec']:,.0f} MB/s"
            cells.append(val + (f" ({e['ratioVsBestPeer']:.2f}×)" if "ratioVsBestPeer" in e else ""))
        md.append(f"| {DESCR[b]} | " + " | ".join(cells) + " |")
rt = doc.get("runningTime")
if rt:
    md.append("")
    md.append("## Running time")
    md.append("")
    md.append(f"**{rt['totalSeconds'] / 60:.1f} min** from start to the report, of which the contenders' own timed runs "
              f"(every round) took {rt['contendersWallSeconds'] / 60:.1f} min"
              + (f" and emptying prefixes between upload turns {rt['emptyingPrefixesSeconds'] / 60:.1f} min" if rt.get('emptyingPrefixesSeconds') is not None else "")
              + (f"; Azurite was waited for {rt['waitingForAzuriteSeconds']} s before Azure turns (it answers nothing while it collects deleted blobs' data)" if rt.get('waitingForAzuriteSeconds') else "") + ".")
    md.append("")
    md.append("| phase | min |")
    md.append("|---|---|")
    for p in rt["phases"]:
        md.append(f"| {p['phase']} | {p['seconds'] / 60:.1f} |")
md.append("")
md.append("Read with care: the sinks differ where the peers offer no discard (rclone copy and aws s3 cp "
          "--recursive write files, to a tmpfs where there is one, the loader drops bytes; `aws s3 cp ... -` and `rclone cat` pipe to "
          "/dev/null). `cat F > /dev/null` is 128 KiB read() calls (one copy out of the page cache) whose "
          "writes to /dev/null cost nothing; `cp` is two copy_file_range calls (strace), so the kernel "
          "copies and no byte passes through user space. "
          "Wall-time MB/s charges each JVM its start-up (0.35-0.7 s for our CLI, up to 2 s for the SDK peers, on 2 cores, depending on the "
          "cloud SDK's classes and the AOT cache), which is much of a 1 GiB run at these speeds; the "
          "in-process column leaves it out. Client and S3Proxy share the 2 cores.")
md.append("")
md.append("Raw: `bench/results/compare.json` (every round's wall time). Reproduce: `bench/compare.sh [ROUNDS]`.")
with open(out_md, "w") as f:
    f.write("\n".join(md) + "\n")
