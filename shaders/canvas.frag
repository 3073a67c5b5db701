#version 330 core
// Canvas uber-shader, fragment stage. One source, compiled once per quad mode with one of
// MODE_FILL, MODE_BOX, MODE_SHADOW, MODE_GLYPH, MODE_GLYPH_SMOOTH or MODE_IMAGE defined
// right after the #version line: software rasterisers (llvmpipe) run every branch of a
// shader, so each mode pays only for its own work. Output is premultiplied alpha; edges are
// signed-distance fields with about one output pixel of anti-aliasing. Clipping happened
// before rasterisation (canvas.vert).

uniform sampler2D u_texture;  // glyph modes: R8 atlas page; image mode: RGBA, premultiplied

out vec4 o_color;

// Distance to a rounded box centred at the origin (negative inside); y grows downwards.
// Radii: top-left, top-right, bottom-right, bottom-left.
float sd_round_box(vec2 p, vec2 half_size, vec4 radii) {
  vec2 side = p.x < 0.0 ? radii.xw : radii.yz;
  float r = p.y < 0.0 ? side.x : side.y;
  vec2 q = abs(p) - half_size + r;
  return min(max(q.x, q.y), 0.0) + length(max(q, 0.0)) - r;
}

// Coverage of a pixel whose centre lies `distance_units` outside an edge.
float coverage(float distance_units, float px_per_unit) {
  return clamp(0.5 - distance_units * px_per_unit, 0.0, 1.0);
}

#if defined(MODE_FILL)
// The inside of a box, away from every edge: colour only.
in vec4 v_color;

void main() {
  o_color = v_color;
}

#elif defined(MODE_BOX)
// A rounded box with an inner border.
in vec2 v_local;
in vec4 v_color;
flat in vec4 v_shape;  // half size, pixels per unit, border width
flat in vec4 v_radii;
flat in vec4 v_border;

void main() {
  vec4 fill = clamp(v_color, 0.0, 1.0);
  float border = v_shape.w;
  if (border > 0.0) {
    float inner = sd_round_box(v_local, v_shape.xy - border, max(v_radii - border, 0.0));
    fill = mix(v_border, fill, coverage(inner, v_shape.z));
  }
  o_color = fill * coverage(sd_round_box(v_local, v_shape.xy, v_radii), v_shape.z);
}

#elif defined(MODE_SHADOW)
// A gaussian-blurred rounded box: exact along straight edges, close at the corners. The
// part under the box casting it is left out, so translucent boxes do not darken inside.
in vec2 v_local;
flat in vec4 v_shape;   // half size of the box, its centre seen from the shadow's
flat in vec4 v_radii;
flat in vec3 v_params;  // pixels per unit, spread, sigma (local units)
flat in vec4 v_color;

// Abramowitz and Stegun 7.1.27; absolute error below 5e-4.
float erf_approx(float x) {
  float a = abs(x);
  float t = 1.0 + a * (0.278393 + a * (0.230389 + a * (0.000972 + a * 0.078108)));
  t *= t;
  return sign(x) * (1.0 - 1.0 / (t * t));
}

void main() {
  float scale = v_params.x, spread = v_params.y;
  vec4 radii = mix(vec4(0.0), max(v_radii + spread, 0.0), step(0.001, v_radii));
  float d = sd_round_box(v_local, v_shape.xy + spread, radii);
  float sigma_px = max(v_params.z * scale, 0.3);
  float a = 0.5 - 0.5 * erf_approx(d * scale / (sigma_px * 1.41421356));
  float under_box = coverage(sd_round_box(v_local - v_shape.zw, v_shape.xy, v_radii), scale);
  o_color = v_color * (a * (1.0 - under_box));
}

#elif defined(MODE_GLYPH)
// Upright text on whole pixels: v_local is the atlas texel, read exactly.
in vec2 v_local;
flat in vec4 v_color;

void main() {
  o_color = v_color * texelFetch(u_texture, ivec2(v_local), 0).r;
}

#elif defined(MODE_GLYPH_SMOOTH)
// Rotated text: v_local is a normalised atlas coordinate, filtered.
in vec2 v_local;
flat in vec4 v_color;

void main() {
  o_color = v_color * texture(u_texture, v_local).r;
}

#elif defined(MODE_IMAGE)
// An image stretched over the box, tinted by v_color, edges anti-aliased.
in vec2 v_local;
in vec2 v_uv;
flat in vec3 v_shape;  // half size, pixels per unit
flat in vec4 v_color;

void main() {
  float edge = coverage(sd_round_box(v_local, v_shape.xy, vec4(0.0)), v_shape.z);
  o_color = texture(u_texture, v_uv) * v_color * edge;
}

#else
#error "canvas.frag: define one MODE_* after the #version line"
#endif
