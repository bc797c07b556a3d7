/**
 * 1-pixel edges (sigma's EdgeLineProgram) that are not drawn while the camera or a node moves
 * (MapView draws the dragged node's own ties on its overlay meanwhile).
 *
 * Sigma's hideEdgesOnMove setting does the same, but after a drag it refresh()es — re-reducing
 * and re-uploading every node and edge (~1 s at 20k/100k) — just to draw the edges again; the
 * map asks for a plain render instead (MapView, on mouseup).
 */
import { EdgeLineProgram } from 'sigma/rendering';
import type { RenderParams } from 'sigma/types';
import type { Attributes } from 'graphology-types';
import { gestureInProgress } from './motion.ts';

export class EdgeLineStillProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends EdgeLineProgram<N, E, G> {
  override render(params: RenderParams): void {
    if (gestureInProgress(this.renderer)) return;
    super.render(params);
  }
}
