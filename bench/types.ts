/** One measured line of `npm run bench`. Times in seconds; a peer is measured in the same run on the same input. */
export interface BenchRow {
  suite: string;
  case: string;
  seconds: number;
  peakRssMB?: number;
  peer?: string;
  peerSeconds?: number;
  peerPeakRssMB?: number;
  target?: string;
  /** ours / peer as first printed (kept when a row is read back from latest.md, whose seconds are rounded). */
  ratio?: number;
  /** Whether the target was met, when there is one. */
  pass?: boolean;
  note?: string;
}
