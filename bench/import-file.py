#!/usr/bin/env python3
"""Writes a Toggl detailed-report CSV of N rows (default 1,000,000) to stdout: 200 people, 40 projects with tasks,
one to three entries a day per person over the years before 2026, every row distinct. Used by import-memory.sh."""
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.stdout
out.write("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n")
import datetime
day = datetime.date(2025, 12, 31)
people = [(f"Person {i:03d}", f"bench-person-{i:03d}@example.com") for i in range(200)]
n = 0
while n < rows:
    for p, (name, email) in enumerate(people):
        for k in range(1 + (p + day.toordinal()) % 3):
            if n >= rows:
                break
            project = (p + k) % 40
            start_h = 8 + 3 * k
            minutes = 30 + (n % 150)
            end = datetime.datetime.combine(day, datetime.time(start_h)) + datetime.timedelta(minutes=minutes)
            out.write(f'{name},{email},Client {project % 7},Project {project},Task {k},"Work item {n}, part ""{k}""",Yes,'
                      f'{day.isoformat()},{start_h:02d}:00:00,{end.date().isoformat()},{end:%H:%M:%S},'
                      f'{minutes // 60:02d}:{minutes % 60:02d}:00,,{minutes * 2}.00\n')
            n += 1
    day -= datetime.timedelta(days=1)
