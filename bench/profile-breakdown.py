#!/usr/bin/env python3
"""Where a profiled directory spent its busy time: bench/profile-breakdown.py TRACE.speedscope.json

Replays the per-thread stacks of a dotnet-trace sampled-thread-time profile (converted to
speedscope's evented format) and gives each stretch of time to the first rule that matches its
stack. Threads parked in the thread pool, timers or socket polls are idle and left out; time
blocked on a lock is counted apart, named after the code that took the lock, because on two cores
a convoy there is lost throughput even though it uses no CPU.
"""
import collections
import json
import sys

WAITS = ("LowLevelLifoSemaphore", "Monitor.Wait", "WaitOneNoCheck", "ManualResetEventSlim.Wait",
         "Interop+Sys.Read", "SocketAsyncEngine.EventLoop", "Thread.Sleep", "WaitHandle.Wait")


def has(names, *parts):
    return any(part in name for name in names for part in parts)


# (label, test on the stack's frame names, outermost first)
RULES = [
    ("audit writer: group commits, keys, checkpoint signing (AuditWriter)", lambda n: has(n, "AuditWriter")),
    ("search on SQLite: the blocking statement (SqliteSearchReads.HitsAsync)", lambda n: has(n, "SqliteSearchReads") and has(n, "HitsAsync")),
    ("search on SQLite: the candidate read (SqliteSearchReads.CandidatesAsync)", lambda n: has(n, "SqliteSearchReads") and has(n, "CandidatesAsync")),
    ("SQLite: preparing statements", lambda n: has(n, "PrepareAndEnumerateStatements")),
    ("SQLite: opening pooled connections", lambda n: has(n, "SqliteConnection.Open")),
    ("SQLite: executing and reading", lambda n: has(n, "SqliteDataReader", "SqliteDataRecord", "sqlite3_")),
    ("Npgsql: executing and reading", lambda n: has(n, "Npgsql")),
    ("EF Core: SQL templates (RelationalCommandCache)", lambda n: has(n, "GetRelationalCommandTemplate")),
    ("EF Core: query pipeline and materialisation", lambda n: has(n, "EntityFrameworkCore", "lambda_method")),
    ("authentication: access token validation", lambda n: has(n, "AuthenticationServiceImpl", "JwtBearer", "JsonWebToken")),
    ("search: scoring candidates, shielding marks", lambda n: has(n, "CandidateScorer", "ShieldedResultMarks")),
    ("registration: matching and writing", lambda n: has(n, "ChildRegistrar")),
    ("rest of the call: Kestrel, HTTP/2, gRPC, protobuf, interceptors", lambda n: has(n, "Kestrel", "Http2", "Grpc.AspNetCore", "Middleware")),
]


# Loops that block in native code below frames without symbols ("?!?"): waiting, not working.
PARKED = ("SocketAsyncEngine.EventLoop", "ConsoleLoggerProcessor.TryDequeue", "GC.RunFinalizers")


def label_for(pseudo, names):
    top = names[-1] if names else ""
    if any(w in top for w in WAITS):
        return None
    if pseudo == "UNMANAGED_CODE_TIME" and has(names, *PARKED):
        return None
    if "Enter_Slowpath" in top:
        # Named after the innermost caller outside the runtime: the code that wanted the lock.
        owner = next((n.split("!")[-1] for n in reversed(names)
                      if not n.startswith(("System.Private.CoreLib", "?", "Process"))), "the runtime")
        kind = "blocked on a lock" if pseudo == "UNMANAGED_CODE_TIME" else "spinning for a lock"
        return f"{kind} in {owner.split('(')[0][:90]}"
    for label, test in RULES:
        if test(names):
            return label
    # Frames without symbols (GC and other native runtime threads) and thread-pool spinning.
    return "unattributed: runtime threads without symbols, thread-pool spinning"


def main(path):
    doc = json.load(open(path))
    frames = [f["name"] for f in doc["shared"]["frames"]]
    totals = collections.Counter()
    for profile in doc["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            if last is not None and stack:
                names = [frames[i] for i in stack]
                # The innermost frame is CPU_TIME (managed code running) or UNMANAGED_CODE_TIME.
                label = label_for(names[-1], names[:-1])
                if label:
                    totals[label] += event["at"] - last
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()
    busy = sum(totals.values())
    print(f"{path}: share of busy thread time ({busy / 1000:.1f} thread-seconds; idle threads left out; top 15)")
    for label, time in totals.most_common(15):
        print(f"  {100 * time / busy:5.1f}%  {label}")


if __name__ == "__main__":
    main(sys.argv[1])
