#!/usr/bin/env python3
"""The smoke test and failover drill of deploy/run.sh --smoke (started by it, with the layout up and its settings in
the environment). Checks through nginx, then load with phases: replica stopped and started, its replay paused and
resumed, one Tracker process killed and restarted. Counts per phase: answers, failures (and how many requests were in flight when the part went
away), queries on each database (pg_stat_database.xact_commit), which process answered. At the end every 201's id is
looked up on the primary. Exit status 1 when a check fails."""
import datetime
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

NGINX = ("127.0.0.1", int(os.environ["NGINX_PORT"]))
BACKENDS = os.environ["BACKENDS"].split()
WORK, PG, PG_BIN, DB = os.environ["WORK"], os.environ["PG"], os.environ["PG_BIN"], os.environ["DB"]
PORTS = {"primary": os.environ["PRIMARY_PORT"], "replica": os.environ["REPLICA_PORT"]}
OWNER = os.environ["TRACKER_SEED_OWNER_TOKEN"]
READERS = int(os.environ.get("SMOKE_READERS", "6"))
WRITERS = int(os.environ.get("SMOKE_WRITERS", "2"))
PHASE_SECONDS = float(os.environ.get("SMOKE_PHASE_SECONDS", "8"))
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


def request(conn, method, path, token, body=None):
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    return response.status, response.getheader("X-Upstream", ""), payload, response


def call(method, path, token, body=None, address=NGINX):
    conn = http.client.HTTPConnection(*address, timeout=10)
    try:
        return request(conn, method, path, token, body)
    finally:
        conn.close()


def sql(target, query, database=DB):
    out = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-h", PG + "/sock", "-p", PORTS[target], "-d", database,
                          "-XqAt", "-c", query], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def commits(target):
    # Asked from another database, so the question is not counted.
    value = sql(target, f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{DB}'", "postgres")
    return int(value) if value else None


def run(*args):
    subprocess.run(["bash", "deploy/run.sh", *args], check=True, stdout=subprocess.DEVNULL)


def new_token(email):
    out = subprocess.run(["dotnet", WORK + "/app/Tracker.Api.dll", "token", "create", "--email", email, "--name", "smoke"],
                         capture_output=True, text=True, cwd=WORK + "/app")
    token = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    if not token.startswith("trk_pat_"):
        sys.exit(f"smoke: could not create a token for {email}: {out.stderr.strip()[:300]}")
    return token


# --- checks through nginx --------------------------------------------------------------------------------------
status, _, body, _ = call("GET", "/health", OWNER)
check(status == 200 and body == b"Healthy", "health through nginx")
status, _, body, _ = call("GET", "/api/v2/workspaces", OWNER)
check(status == 200 and json.loads(body)["success"], "personal access token through nginx")
workspace = json.loads(body)["data"][0]["id"]
Q = f"workspace_id={workspace}"
manager, employee = new_token("manager@demo.tracker"), new_token("employee@demo.tracker")
members = {m["email"]: m["id"] for m in json.loads(call("GET", f"/api/v2/members?{Q}", OWNER)[2])["data"]}

client = subprocess.run(["dotnet", WORK + "/app/Tracker.Api.dll", "oauth-client", "create", "--email", "owner@demo.tracker",
                         "--name", "deploy-smoke", "--client-credentials"], capture_output=True, text=True, cwd=WORK + "/app").stdout
fields = {key: (value.split() or [""])[0] for key, value in (line.split("=", 1) for line in client.splitlines() if "=" in line)}
conn = http.client.HTTPConnection("127.0.0.1", int(BACKENDS[0]), timeout=10)
form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "read",
                               "client_id": fields.get("client_id", ""), "client_secret": fields.get("client_secret", "")})
conn.request("POST", "/oauth/token", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
access = json.loads(conn.getresponse().read() or b"{}").get("access_token", "")
status = call("GET", "/api/v2/workspaces", access, address=("127.0.0.1", int(BACKENDS[1])))[0] if access else 0
check(status == 200, f"OAuth token issued by :{BACKENDS[0]} accepted by :{BACKENDS[1]}")

# One user's requests spread over both processes count in one shared window (Redis): remaining falls by one each.
fresh = new_token("employee@demo.tracker")
remaining, upstreams = [], set()
for _ in range(20):
    status, upstream, _, response = call("GET", "/api/v2/workspaces", fresh)
    remaining.append(int(response.getheader("X-RateLimit-Remaining", "-1")))
    upstreams.add(upstream)
check(len(upstreams) >= 2 and remaining == list(range(remaining[0], remaining[0] - 20, -1)),
      f"20 requests over {len(upstreams)} processes counted in one shared rate-limit window")

# A backend reports its counts to pg_stat_database when idle for 10 s at the latest (PostgreSQL 15): wait that long.
flushed = lambda: (time.sleep(11), commits("replica"))[1]
count = lambda: json.loads(call("GET", f"/api/v2/projects?{Q}&per_page=1", OWNER)[2])["meta"]["pagination"]["total"]
expected, stale = count(), 0  # (read on the replica: the owner has not written for a while)
before = flushed()
for i in range(10):
    status, _, body, _ = call("POST", f"/api/v2/projects?{Q}", OWNER, {"name": f"ryw-{time.time_ns()}-{i}"})
    expected += 1
    stale += status != 201 or count() != expected
after = flushed()
check(stale == 0 and after == before, f"the writer's lists right after each of 10 writes came from the primary (replica commits +{after - before})")
for _ in range(10):
    call("GET", f"/api/v2/projects?{Q}", manager)
later = flushed()
check(later - after >= 10, f"10 project lists of another user read from the replica (its commits +{later - after})")

# --- the drill under load --------------------------------------------------------------------------------------
today = datetime.date.today()
reads = [
    (manager, f"/api/v2/members?{Q}"),
    (manager, f"/api/v2/projects?{Q}"),
    (manager, f"/api/v2/time-entries?{Q}&user_id={members.get('manager@demo.tracker')}&date={today}"),
    (manager, f"/api/v2/reports/tracked-hours?{Q}&start_date={today.replace(day=1)}&end_date={today}"),
    (employee, f"/api/v2/projects?{Q}"),
]
results, created, lock, stop = [], [], threading.Lock(), threading.Event()


def worker(n, writer):
    conn = http.client.HTTPConnection(*NGINX, timeout=15)
    i = 0
    while not stop.is_set():
        i += 1
        if writer:
            method, token, path, body = "POST", OWNER, f"/api/v2/projects?{Q}", {"name": f"load-{n}-{i}-{time.time_ns()}"}
        else:
            token, path = reads[(n + i) % len(reads)]
            method, body = "GET", None
        started = time.monotonic()
        try:
            status, upstream, payload, _ = request(conn, method, path, token, body)
        except (OSError, http.client.HTTPException):
            status, upstream, payload = 0, "", b""
            conn.close()
            conn = http.client.HTTPConnection(*NGINX, timeout=15)
        ended = time.monotonic()
        with lock:
            results.append([None, method, status, upstream, started, ended])
            if status == 201:
                created.append(json.loads(payload)["data"]["id"])


def event(action):
    """Runs the action under load; returns the moments it began and ended (in flight: requests spanning them)."""
    at = time.monotonic()
    action()
    return at, time.monotonic()


threads = [threading.Thread(target=worker, args=(n, n < WRITERS), daemon=True) for n in range(READERS + WRITERS)]
for t in threads:
    t.start()
events, stats = {}, []


def measure(name, action=None, settle=None):
    events[name] = event(action) if action else (time.monotonic(), time.monotonic())
    if settle:
        settle()
    start = {k: commits(k) for k in PORTS}
    time.sleep(PHASE_SECONDS)
    end = {k: commits(k) for k in PORTS}
    stats.append((name, {k: (end[k] - start[k]) if start[k] is not None and end[k] is not None else None for k in PORTS}))


def healthy(port):
    def wait():
        for _ in range(120):
            try:
                if call("GET", "/health", OWNER, address=("127.0.0.1", int(port)))[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
    return wait


measure("baseline")
measure("replica stopped", lambda: run("replica-stop"))
measure("replica started", lambda: run("replica-start"), settle=lambda: time.sleep(6))  # past the 5 s mark-down
# Replay paused: the replica answers but falls behind; past Database:ReplicaMaxLagSeconds (5) reads leave it.
# Counted from 10 s on: the lag passes 5 s, the next probe marks it, and the last replica reads' counts get flushed.
measure("replica replay paused", lambda: run("replica-pause"), settle=lambda: time.sleep(10))
measure("replica replay resumed", lambda: run("replica-resume"), settle=lambda: time.sleep(6))
measure("tracker 1 killed", lambda: run("tracker-kill", "1"))
measure("tracker 1 restarted", lambda: run("tracker-start", "1"), settle=healthy(BACKENDS[0]))
stop.set()
for t in threads:
    t.join()

# --- summary ---------------------------------------------------------------------------------------------------
# A request belongs to the phase it ended in: one in flight when a part went away counts where it failed.
for r in results:
    r[0] = [name for name, (at, _) in events.items() if at <= r[5]][-1] if r[5] >= events["baseline"][0] else "baseline"
print(f"\nload: {READERS} readers + {WRITERS} writers through nginx, {PHASE_SECONDS:.0f} s measured per phase")
print(f"{'phase':22} {'requests':>8} {'req/s':>6} {'failed GET':>10} {'failed POST':>11} {'in flight':>9} {'replica q':>9} {'primary q':>9}  answered by")
for name, deltas in stats:
    rows = [r for r in results if r[0] == name]
    span = (max(r[5] for r in rows) - min(r[4] for r in rows)) if rows else 1
    failed = {m: sum(1 for r in rows if r[1] == m and not 200 <= r[2] < 300) for m in ("GET", "POST")}
    at, done = events[name]
    in_flight = sum(1 for r in results if r[4] < done and r[5] > at) if name.endswith(("stopped", "killed")) else 0
    by = {}
    for r in rows:
        for u in r[3].split(", "):
            if u:
                by[u.rsplit(":", 1)[-1]] = by.get(u.rsplit(":", 1)[-1], 0) + 1
    fmt = lambda v: "down" if v is None else str(v)
    in_flight_text = str(in_flight) if name.endswith(("stopped", "killed")) else "-"
    print(f"{name:22} {len(rows):>8} {len(rows) / span:>6.0f} {failed['GET']:>10} {failed['POST']:>11} {in_flight_text:>9} "
          f"{fmt(deltas['replica']):>9} {fmt(deltas['primary']):>9}  {' '.join(f'{k}:{v}' for k, v in sorted(by.items()))}")
    if name.endswith(("stopped", "killed")):
        check(failed["GET"] + failed["POST"] <= in_flight, f"{name}: failed requests ({failed['GET'] + failed['POST']}) no more than in flight ({in_flight})")
    if name.endswith(("started", "restarted", "baseline", "paused", "resumed")):
        check(failed["GET"] + failed["POST"] == 0, f"{name}: no failed request")
    if name in ("baseline", "replica started", "replica replay resumed"):
        check((deltas["replica"] or 0) > len(rows) / 5, f"{name}: reads served by the replica")
    if name == "replica replay paused":
        check((deltas["replica"] or 0) < len(rows) / 4, f"{name}: past the lag limit, reads served by the primary")
    if name == "tracker 1 killed":
        check(failed["GET"] == 0, f"{name}: every GET answered (nginx retried on the other process)")
        check(all(not r[3].endswith(BACKENDS[0]) or r[2] != 200 for r in rows if r[4] > done), f"{name}: nothing answered by :{BACKENDS[0]} after the kill")
    if name == "tracker 1 restarted":
        check(any(BACKENDS[0] in r[3] and r[2] == 200 for r in rows), f"{name}: :{BACKENDS[0]} answers again")

for r in [r for r in results if not 200 <= r[2] < 300][:10]:
    print(f"failed: {r[0]}: {r[1]} answered {r[2] or 'no response'} by {r[3] or '-'}, {r[5] - r[4]:.2f} s, {r[4] - events[r[0]][0]:+.2f} s after the event")
failed_writes = sum(1 for r in results if r[1] == "POST" and r[2] != 201)
found = sql("primary", f'SELECT count(*) FROM "Projects" WHERE "Id" IN ({",".join(map(str, created)) or "0"})')
check(found is not None and int(found) == len(created),
      f"every acknowledged write is in the primary: {found}/{len(created)} projects (plus {failed_writes} POSTs not acknowledged)")
time.sleep(1)
found = sql("replica", f'SELECT count(*) FROM "Projects" WHERE "Id" IN ({",".join(map(str, created)) or "0"})')
check(found is not None and int(found) == len(created), f"…and replicated: {found}/{len(created)} on the replica")
print(f"\nsmoke: {'passed' if not failures else str(len(failures)) + ' check(s) failed'}")
sys.exit(1 if failures else 0)
