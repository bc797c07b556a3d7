/**
 * Dense rectangular linear assignment (minimise total cost, every row of the smaller side
 * assigned): shortest augmenting paths with dual variables on a full cost matrix, the method of
 * Crouse (2016) that SciPy's `linear_sum_assignment` uses. O(n²·m) worst case, typed arrays,
 * no allocation inside the loops.
 *
 * `cost` is row-major nRows × nCols with nRows ≤ nCols (transpose before calling otherwise);
 * entries must be finite. Returns the column of each row.
 */
export function denseAssignment(cost: Float64Array, nRows: number, nCols: number): Int32Array {
  if (nRows > nCols) throw new Error('denseAssignment: nRows must be ≤ nCols');
  const u = new Float64Array(nRows);
  const v = new Float64Array(nCols);
  const spc = new Float64Array(nCols);
  const path = new Int32Array(nCols).fill(-1);
  const col4row = new Int32Array(nRows).fill(-1);
  const row4col = new Int32Array(nCols).fill(-1);
  const SR = new Uint8Array(nRows);
  const SC = new Uint8Array(nCols);
  const remaining = new Int32Array(nCols);
  const visitedRows = new Int32Array(nRows);

  // Column reduction (as in Jonker–Volgenant): v[j] = column minimum keeps the duals feasible, and
  // each column's minimum row, if still free, takes it on a tight edge. Only the remaining rows
  // need a shortest augmenting path. Ties go to the lowest row index. Square only: with spare
  // columns, unequal starting column duals would misprice the free columns.
  for (let j = 0; nRows === nCols && j < nCols; j++) {
    let best = Infinity,
      arg = -1;
    for (let i = 0; i < nRows; i++) {
      const x = cost[i * nCols + j];
      if (x < best) {
        best = x;
        arg = i;
      }
    }
    v[j] = best;
    if (arg >= 0 && col4row[arg] === -1) {
      col4row[arg] = j;
      row4col[j] = arg;
    }
  }

  for (let cur = 0; cur < nRows; cur++) {
    if (col4row[cur] !== -1) continue;
    let minVal = 0;
    let nRem = nCols;
    for (let it = 0; it < nCols; it++) remaining[it] = nCols - it - 1;
    spc.fill(Infinity);
    SC.fill(0);
    let nVisited = 0;
    let i = cur;
    let sink = -1;
    while (sink === -1) {
      SR[i] = 1;
      visitedRows[nVisited++] = i;
      let index = -1;
      let lowest = Infinity;
      const base = i * nCols;
      const ui = u[i];
      for (let it = 0; it < nRem; it++) {
        const j = remaining[it];
        const r = minVal + cost[base + j] - ui - v[j];
        if (r < spc[j]) {
          path[j] = i;
          spc[j] = r;
        }
        const s = spc[j];
        if (s < lowest || (s === lowest && row4col[j] === -1)) {
          lowest = s;
          index = it;
        }
      }
      minVal = lowest;
      if (minVal === Infinity) throw new Error('denseAssignment: infeasible cost matrix');
      const j = remaining[index];
      if (row4col[j] === -1) sink = j;
      else i = row4col[j];
      SC[j] = 1;
      remaining[index] = remaining[--nRem];
    }
    u[cur] += minVal;
    for (let t = 0; t < nVisited; t++) {
      const r = visitedRows[t];
      if (r !== cur) u[r] += minVal - spc[col4row[r]];
      SR[r] = 0;
    }
    for (let j = 0; j < nCols; j++) if (SC[j]) v[j] -= minVal - spc[j];
    let j = sink;
    for (;;) {
      const r = path[j];
      row4col[j] = r;
      const prev = col4row[r];
      col4row[r] = j;
      j = prev;
      if (r === cur) break;
    }
  }
  return col4row;
}

/**
 * SciPy-style entry point: the rows' columns minimising (or, with `maximize`, maximising) the total
 * over a finite row-major matrix; every row of the smaller side is assigned. Rows are returned in
 * ascending order.
 */
export function linearSumAssignment(
  matrix: Float64Array,
  rows: number,
  cols: number,
  options: { maximize?: boolean } = {},
): { rowInd: Int32Array; colInd: Int32Array; total: number } {
  if (matrix.length !== rows * cols) throw new Error(`matrix has ${matrix.length} entries, expected ${rows} × ${cols}`);
  const sign = options.maximize ? -1 : 1;
  const transpose = rows > cols;
  const nR = transpose ? cols : rows;
  const nC = transpose ? rows : cols;
  const cost = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = matrix[i * cols + j];
      if (!Number.isFinite(x)) throw new Error(`matrix[${i}][${j}] is ${x}: expected a finite number`);
      cost[transpose ? j * nC + i : i * nC + j] = sign * x;
    }
  }
  const col4row = denseAssignment(cost, nR, nC);
  const n = nR;
  const rowInd = new Int32Array(n);
  const colInd = new Int32Array(n);
  if (!transpose) {
    for (let i = 0; i < n; i++) {
      rowInd[i] = i;
      colInd[i] = col4row[i];
    }
  } else {
    // rows of the original are the columns here: list them in ascending order
    const pairs = Array.from(col4row, (r, c) => [r, c] as const).sort((a, b) => a[0] - b[0]);
    pairs.forEach(([r, c], t) => {
      rowInd[t] = r;
      colInd[t] = c;
    });
  }
  let total = 0;
  for (let t = 0; t < n; t++) total += matrix[rowInd[t] * cols + colInd[t]];
  return { rowInd, colInd, total };
}
