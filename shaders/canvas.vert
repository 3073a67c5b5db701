#version 330 core
// Canvas uber-shader, vertex stage. Compiled once per quad mode, like canvas.frag, with
// one MODE_* defined after the #version line, so each mode passes on only what its
// fragment stage reads (a software rasteriser pays for every varying of every triangle).
// Clipping is geometric, through gl_ClipDistance, so no fragment pays for it either.

layout(location = 0) in vec2 a_pos;     // output pixels, y down
layout(location = 1) in vec2 a_local;   // local units from the shape's centre; atlas texel/uv for glyphs
layout(location = 2) in vec2 a_half;    // the shape's half size, local units
layout(location = 3) in vec4 a_radii;   // corner radii: top-left, top-right, bottom-right, bottom-left
layout(location = 4) in vec2 a_grad;    // box: gradient direction / length; shadow: box centre
layout(location = 5) in vec4 a_params;  // mode, output pixels per unit, border width or spread, sigma
layout(location = 6) in vec4 a_clip;    // output pixels: left, top, right, bottom
layout(location = 7) in vec4 a_color0;  // premultiplied, opacity applied
layout(location = 8) in vec4 a_color1;  // gradient end, premultiplied
layout(location = 9) in vec4 a_border;  // border colour, premultiplied

uniform vec2 u_target_size;

#if defined(MODE_FILL)
out vec4 v_color;
#elif defined(MODE_BOX)
out vec2 v_local;
out vec4 v_color;        // the fill, gradient included (linear across the box)
flat out vec4 v_shape;   // half size, pixels per unit, border width
flat out vec4 v_radii;
flat out vec4 v_border;
#elif defined(MODE_SHADOW)
out vec2 v_local;
flat out vec4 v_shape;   // half size of the box, its centre seen from the shadow's
flat out vec4 v_radii;
flat out vec3 v_params;  // pixels per unit, spread, sigma
flat out vec4 v_color;
#elif defined(MODE_GLYPH) || defined(MODE_GLYPH_SMOOTH)
out vec2 v_local;
flat out vec4 v_color;
#elif defined(MODE_IMAGE)
out vec2 v_local;
out vec2 v_uv;
flat out vec3 v_shape;   // half size, pixels per unit
flat out vec4 v_color;
#else
#error "canvas.vert: define one MODE_* after the #version line"
#endif

void main() {
  vec2 ndc = a_pos / u_target_size * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
  gl_ClipDistance[0] = a_pos.x - a_clip.x;
  gl_ClipDistance[1] = a_pos.y - a_clip.y;
  gl_ClipDistance[2] = a_clip.z - a_pos.x;
  gl_ClipDistance[3] = a_clip.w - a_pos.y;
#if defined(MODE_FILL)
  v_color = mix(a_color0, a_color1, dot(a_local, a_grad) + 0.5);
#elif defined(MODE_BOX)
  v_local = a_local;
  v_color = mix(a_color0, a_color1, dot(a_local, a_grad) + 0.5);
  v_shape = vec4(a_half, a_params.y, a_params.z);
  v_radii = a_radii;
  v_border = a_border;
#elif defined(MODE_SHADOW)
  v_local = a_local;
  v_shape = vec4(a_half, a_grad);
  v_radii = a_radii;
  v_params = a_params.yzw;
  v_color = a_color0;
#elif defined(MODE_GLYPH) || defined(MODE_GLYPH_SMOOTH)
  v_local = a_local;
  v_color = a_color0;
#elif defined(MODE_IMAGE)
  v_local = a_local;
  v_uv = a_local / (2.0 * a_half) + 0.5;
  v_shape = vec3(a_half, a_params.y);
  v_color = a_color0;
#endif
}
