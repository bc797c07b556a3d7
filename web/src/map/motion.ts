/**
 * "Is the user moving something?" — shared by the WebGL programs that skip work mid-gesture
 * (the picking pass, edges of large maps) and by the bench.
 */
import type Sigma from 'sigma';
import type { Attributes } from 'graphology-types';

/** Renderers whose user is dragging a node (set by MapView between downNode and mouseup). */
export const draggingNode = new WeakSet<object>();

/** Sigma's own test for a camera in motion (the one behind its hideEdgesOnMove setting). */
export function cameraInMotion<N extends Attributes, E extends Attributes, G extends Attributes>(renderer: Sigma<N, E, G>): boolean {
  const mc = renderer.getMouseCaptor();
  return renderer.getCamera().isAnimated() || mc.isMoving || mc.draggedEvents > 0 || mc.currentWheelDirection !== 0;
}

/** Camera moving or a node being dragged: nothing can be hovered, so picking can wait. */
export function gestureInProgress<N extends Attributes, E extends Attributes, G extends Attributes>(renderer: Sigma<N, E, G>): boolean {
  return cameraInMotion(renderer) || draggingNode.has(renderer);
}
