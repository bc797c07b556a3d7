"""Shared by the peer scripts that time a pipeline of tasks in one process: each task's wall and
CPU seconds with a checksum of its result, and the process's peak RSS, as one JSON object."""
import json
import resource
import time


class Timings:
    def __init__(self, version):
        self.out = {"version": version}

    def timed(self, name, fn, check):
        t0, c0 = time.perf_counter(), time.process_time()
        value = fn()
        self.out[name] = {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "check": check(value)}
        return value

    def print(self):
        self.out["peakRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(self.out))
