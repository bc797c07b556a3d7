/**
 * Nodes as bordered discs drawn with gl.POINTS: one vertex per node, fill from `color`, a ring
 * from `borderColor` (the ring marks the organisation type).
 *
 * Why not @sigma/node-border: it draws each node as an instanced triangle, and with software
 * WebGL (SwiftShader, what headless Chromium and GPU-less machines use) instanced programs cost
 * ~5× more per frame than points at 20k nodes (bench/web-map.ts). Points look the same; their
 * only limit is the driver's maximum point size (≥ 256 px on current GPUs, so ≥ 128 px radius).
 */
import { NodeProgram } from 'sigma/rendering';
import type { NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';
import type { ProgramInfo } from 'sigma/rendering';
import type { Attributes } from 'graphology-types';
import { gestureInProgress } from './motion.ts';

/** Ring width as a fraction of the radius (what the map used with @sigma/node-border). */
export const BORDER_RATIO = 0.22;

const VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec4 a_borderColor;
attribute vec2 a_position;
attribute float a_size;

uniform float u_sizeRatio;
uniform float u_pixelRatio;
uniform mat3 u_matrix;

varying vec4 v_color;
varying vec4 v_borderColor;
varying float v_aa;

const float bias = 255.0 / 254.0;

void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  gl_PointSize = a_size / u_sizeRatio * u_pixelRatio * 2.0;
  // One pixel, in gl_PointCoord units: the antialiasing band.
  v_aa = (0.5 / a_size) * u_sizeRatio;
  #ifdef PICKING_MODE
  v_color = a_id;
  v_borderColor = a_id;
  #else
  v_color = a_color;
  v_borderColor = a_borderColor;
  #endif
  v_color.a *= bias;
  v_borderColor.a *= bias;
}
`;

const FRAGMENT = /* glsl */ `
precision mediump float;

varying vec4 v_color;
varying vec4 v_borderColor;
varying float v_aa;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);
const float inner = 0.5 * (1.0 - ${BORDER_RATIO.toFixed(4)});

void main(void) {
  float r = length(gl_PointCoord - vec2(0.5, 0.5));
  float dist = 0.5 - r;
  #ifdef PICKING_MODE
  gl_FragColor = dist > v_aa ? v_color : transparent;
  #else
  vec4 c = mix(v_color, v_borderColor, clamp((r - inner) / v_aa + 0.5, 0.0, 1.0));
  float t = dist > v_aa ? 1.0 : (dist > 0.0 ? dist / v_aa : 0.0);
  gl_FragColor = mix(transparent, c, t);
  #endif
}
`;

const UNIFORMS = ['u_sizeRatio', 'u_pixelRatio', 'u_matrix'] as const;
const { UNSIGNED_BYTE, FLOAT } = WebGLRenderingContext;

type Uniform = (typeof UNIFORMS)[number];

export class NodePointBorderProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends NodeProgram<Uniform, N, E, G> {
  getDefinition() {
    return {
      VERTICES: 1,
      VERTEX_SHADER_SOURCE: VERTEX,
      FRAGMENT_SHADER_SOURCE: FRAGMENT,
      METHOD: WebGLRenderingContext.POINTS,
      UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_position', size: 2, type: FLOAT },
        { name: 'a_size', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_borderColor', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }

  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    const a = this.array;
    a[startIndex++] = data.x;
    a[startIndex++] = data.y;
    a[startIndex++] = data.size;
    a[startIndex++] = floatColor(data.color);
    a[startIndex++] = floatColor((data as unknown as { borderColor?: string }).borderColor ?? data.color);
    a[startIndex] = nodeIndex;
  }

  /**
   * While the camera or a node moves, skip the picking pass: nothing can be hovered mid-gesture,
   * and in software WebGL the pass costs as much as drawing the nodes. The map redraws (with
   * picking) once the gesture ends.
   */
  override render(params: RenderParams): void {
    if (this.hasNothingToRender()) return;
    if (!this.pickProgram || !gestureInProgress(this.renderer)) return super.render(params);
    const prog = this.normalProgram;
    prog.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
    this.bindProgram(prog);
    this.renderProgram(params, prog);
    this.unbindProgram(prog);
  }

  setUniforms(params: RenderParams, { gl, uniformLocations }: ProgramInfo<Uniform>): void {
    gl.uniform1f(uniformLocations.u_pixelRatio, params.pixelRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
  }
}
