"""Peer for bench/matching.ts: SciPy's linear_sum_assignment on a float64 matrix file.

Usage: /usr/bin/python3 scipy_assignment.py MATRIX.bin ROWS COLS
The matrix holds scores, row-major; the assignment maximises the total score. Prints JSON with
the solve time (matrix already in memory) and the total of positive-score pairs chosen.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment

path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
scores = np.fromfile(path, dtype=np.float64).reshape(rows, cols)
t0 = time.perf_counter()
r, c = linear_sum_assignment(scores, maximize=True)
seconds = time.perf_counter() - t0
picked = scores[r, c]
print(json.dumps({
    "seconds": seconds,
    "total": float(picked[picked > 0].sum()),
    "count": int((picked > 0).sum()),
}))
