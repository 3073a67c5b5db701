#include "render/renderer.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "core/log.h"
#include "gl_api.h"
#include "gl_cull.h"
#include "gl_damage.h"
#include "gl_dirty.h"
#include "gl_program.h"
#include "gl_quads.h"
#include "gl_readback.h"
#include "render/gl_context.h"

namespace render {
namespace {

// Above this share of the target, one full clear is cheaper than clear quads (llvmpipe).
constexpr double kPartialClearMax = 0.15;
// Above this share of the target damaged, redrawing everything once is cheaper than
// redrawing the damage rectangle by rectangle.
constexpr double kDamageMax = 0.6;

using Premultiplied = std::array<float, 4>;
// No quad (of a frame's quads).
constexpr std::uint32_t kNoQuad = std::numeric_limits<std::uint32_t>::max();

Premultiplied premultiplied(const Color& c) {
  const float a = std::clamp(c.a, 0.f, 1.f);
  return {std::clamp(c.r, 0.f, 1.f) * a, std::clamp(c.g, 0.f, 1.f) * a,
          std::clamp(c.b, 0.f, 1.f) * a, a};
}

// Per frame a GL error is logged (the first few), not thrown: the output keeps going.
void log_gl_errors(const char* step) {
  static int logged = 0;
  for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError()) {
    if (logged >= 5) continue;
    ++logged;
    char code[16];
    std::snprintf(code, sizeof code, "0x%04X", e);
    core::log::warn(std::string("renderer: GL error ") + code + " in " + step +
                    "; the frame may be wrong (report it with the GL renderer string)");
  }
}

bool uses_atlas(const gl::Batch& b) {
  return b.mode == gl::QuadMode::glyph || b.mode == gl::QuadMode::glyph_smooth;
}

// Blending for the batches: premultiplied "over".
void enable_over_blending() {
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void set_sampling(GLint min_filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, min_filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

// Vertex attribute locations match shaders/canvas.vert.
void describe_vertex_layout() {
  using gl::Vertex;
  struct Attr {
    GLint size;
    GLenum type;
    std::size_t offset;
  };
  const Attr attrs[] = {
      {2, GL_FLOAT, offsetof(Vertex, pos)},
      {2, GL_FLOAT, offsetof(Vertex, local)},
      {2, GL_FLOAT, offsetof(Vertex, half)},
      {4, GL_FLOAT, offsetof(Vertex, radii)},
      {2, GL_FLOAT, offsetof(Vertex, grad)},
      {4, GL_FLOAT, offsetof(Vertex, params)},
      {4, GL_FLOAT, offsetof(Vertex, clip)},
      {4, GL_UNSIGNED_BYTE, offsetof(Vertex, color0)},
      {4, GL_UNSIGNED_BYTE, offsetof(Vertex, color1)},
      {4, GL_UNSIGNED_BYTE, offsetof(Vertex, border)},
  };
  GLuint location = 0;
  for (const Attr& a : attrs) {
    glEnableVertexAttribArray(location);
    glVertexAttribPointer(location, a.size, a.type, a.type == GL_UNSIGNED_BYTE ? GL_TRUE : GL_FALSE,
                          sizeof(Vertex), reinterpret_cast<const void*>(a.offset));
    ++location;
  }
}

}  // namespace

struct GlRenderer::Impl {
  struct AtlasPage {
    gl::Texture texture;
    int size = 0;
    std::uint64_t generation = 0;
    bool uploaded = false;
  };
  struct CachedImage {
    std::weak_ptr<const Image> image;
    gl::Texture texture;
  };

  struct Shader {
    gl::Program program;
    GLint u_target_size = -1;
  };
  std::array<Shader, gl::kQuadModes> shaders;  // indexed by QuadMode
  gl::VertexArray vao;
  gl::Buffer vbo, ibo;
  std::size_t vbo_bytes = 0;  // capacity
  std::size_t ibo_quads = 0;  // capacity
  gl::Texture target;
  gl::Framebuffer fbo;
  int target_width = 0, target_height = 0;
  // What the target holds besides the clear colour, for clearing only that next frame.
  gl::DirtyTiles drawn;
  Premultiplied drawn_clear{-1, -1, -1, -1};  // -1: unknown
  std::vector<gl::PixelRect> clear_rects;     // last frame's tiles, merged
  std::vector<gl::Vertex> clear_vertices;     // quads over them (or over the damage)
  // Incremental drawing: the target keeps the last frame; only its damage is redrawn.
  gl::DamageTracker damage;
  std::vector<gl::PixelRect> damage_rects;
  gl::QuadCuller culler;
  // What draws changed since the last read_changes() (all of it: unread_all).
  std::vector<gl::PixelRect> unread;
  bool unread_all = true;
  const TargetMirror* read_into = nullptr;  // the mirror read_changes() last filled
  std::vector<std::uint32_t> base_quads;    // per damage rectangle: see base_fill()
  std::vector<gl::PixelRect> split_rects;   // scratch for split_base_fills()
  std::vector<std::uint32_t> split_bases;
  bool incremental = true;
  bool target_valid = false;    // the target shows the frame `damage` last staged
  bool atlas_changed = false;   // glyphs may have moved in the atlas since the last frame
  bool image_replaced = false;  // an image texture was replaced under the same pointer
  std::size_t atlas_evictions = 0;
  gl::Texture blank;  // bound where a batch needs no texture

  const GlyphAtlas* atlas = nullptr;  // the one atlas_pages mirrors
  std::vector<AtlasPage> atlas_pages;
  std::unordered_map<const Image*, CachedImage> images;
  std::vector<GLuint> frame_images;  // texture per Frame::images slot
  std::vector<std::uint8_t> scratch;
  std::vector<GLuint> indices;

  gl::QuadBuilder builder;
  gl::Frame frame;
  bool prepared = false;

  void create_objects();
  void ensure_target(int width, int height);
  bool plan_clear(const Premultiplied& pm);
  void plan_damage_clear(const Premultiplied& pm);
  void add_clear_quads(const std::vector<gl::PixelRect>& rects, const Premultiplied& pm);
  void mark_drawn(const Premultiplied& pm);
  void draw_clear_quads(std::size_t first, std::size_t count);
  void plan_damage(bool transparent);
  void draw_damage();
  void split_base_fills();
  std::uint32_t base_fill(const gl::PixelRect& rect, gl::PixelRect& under);
  void draw_quad_replacing(std::uint32_t quad);
  std::size_t upload_atlas_pages();
  std::size_t upload_images();
  void upload_geometry();
  void set_target_uniforms();
  void draw_batches(const gl::PixelRect* only, std::uint32_t skip = kNoQuad);
};

void GlRenderer::Impl::create_objects() {
  for (int m = 1; m < gl::kQuadModes; ++m) {
    Shader& s = shaders[std::size_t(m)];
    s.program = gl::link_canvas_program(gl::QuadMode(m));
    s.u_target_size = glGetUniformLocation(s.program.get(), "u_target_size");
    glUseProgram(s.program.get());
    glUniform1i(glGetUniformLocation(s.program.get(), "u_texture"), 0);
  }
  glUseProgram(0);

  vao = gl::make_vertex_array();
  vbo = gl::make_buffer();
  ibo = gl::make_buffer();
  glBindVertexArray(vao.get());
  glBindBuffer(GL_ARRAY_BUFFER, vbo.get());
  describe_vertex_layout();
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo.get());
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);

  blank = gl::make_texture();
  glBindTexture(GL_TEXTURE_2D, blank.get());
  const std::uint8_t white[4] = {255, 255, 255, 255};
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, white);
  set_sampling(GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
}

void GlRenderer::Impl::ensure_target(int width, int height) {
  if (target && width == target_width && height == target_height) return;
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  if (width > max_size || height > max_size) {
    throw core::Error("renderer: a " + std::to_string(width) + "x" + std::to_string(height) +
                      " target exceeds this GL's texture limit of " + std::to_string(max_size) +
                      " pixels per side; render smaller");
  }
  fbo.reset();
  target = gl::make_texture();
  glBindTexture(GL_TEXTURE_2D, target.get());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  set_sampling(GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
  fbo = gl::make_framebuffer();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo.get());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.get(), 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    target.reset();
    fbo.reset();
    throw core::Error("renderer: the " + std::to_string(width) + "x" + std::to_string(height) +
                      " RGBA8 framebuffer is incomplete (status 0x" + std::to_string(status) +
                      "); check the GL driver");
  }
  target_width = width;
  target_height = height;
  drawn_clear = {-1, -1, -1, -1};
  target_valid = false;
}

// A full clear when the colour or the size changed or much was drawn; else clear quads
// over the tiles drawn last frame (llvmpipe's own scissored clear is slower than a full one).
bool GlRenderer::Impl::plan_clear(const Premultiplied& pm) {
  clear_vertices.clear();
  bool full = pm != drawn_clear;
  if (!full && !drawn.empty()) {
    drawn.rects(clear_rects);
    std::size_t area = 0;
    for (const gl::PixelRect& r : clear_rects) area += std::size_t(r.w) * std::size_t(r.h);
    full = double(area) > kPartialClearMax * double(target_width) * double(target_height);
    if (!full) add_clear_quads(clear_rects, pm);
  }
  mark_drawn(pm);
  if (full) glClearColor(pm[0], pm[1], pm[2], pm[3]);
  return full;
}

// Clear quads over the damage only; the rest of the target keeps the last frame.
void GlRenderer::Impl::plan_damage_clear(const Premultiplied& pm) {
  clear_vertices.clear();
  add_clear_quads(damage_rects, pm);
  mark_drawn(pm);
}

void GlRenderer::Impl::add_clear_quads(const std::vector<gl::PixelRect>& rects,
                                       const Premultiplied& pm) {
  gl::Vertex v{};
  v.params[0] = float(static_cast<int>(gl::QuadMode::fill));
  v.clip[2] = float(target_width);
  v.clip[3] = float(target_height);
  for (int i = 0; i < 4; ++i)
    v.color0[i] = v.color1[i] = std::uint8_t(std::lround(pm[std::size_t(i)] * 255));
  for (const gl::PixelRect& r : rects) {
    const float x0 = float(r.x), y0 = float(r.y), x1 = float(r.x + r.w), y1 = float(r.y + r.h);
    const float corners[4][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    for (const auto& c : corners) {
      v.pos[0] = c[0];
      v.pos[1] = c[1];
      clear_vertices.push_back(v);
    }
  }
}

// After this frame only the tiles it draws on hold anything but `pm`.
void GlRenderer::Impl::mark_drawn(const Premultiplied& pm) {
  drawn_clear = pm;
  drawn.reset(target_width, target_height);
  for (const Rect& r : frame.touched) drawn.add(r);
}

// Re-uploads the atlas pages this frame draws from whose generation changed.
std::size_t GlRenderer::Impl::upload_atlas_pages() {
  if (frame.atlas != atlas) {
    atlas = frame.atlas;
    atlas_pages.clear();
    atlas_changed = true;
  }
  if (!atlas) return 0;
  if (atlas->stats().evictions != atlas_evictions) {
    atlas_evictions = atlas->stats().evictions;
    atlas_changed = true;  // glyphs of unchanged text may now lie elsewhere in the atlas
  }
  std::size_t uploads = 0;
  const int size = atlas->page_size();
  const auto& pages = atlas->pages();
  if (atlas_pages.size() < pages.size()) atlas_pages.resize(pages.size());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  for (const gl::Batch& b : frame.batches) {
    if (!uses_atlas(b) || b.texture < 0 || std::size_t(b.texture) >= pages.size()) continue;
    const GlyphAtlas::Page& page = pages[std::size_t(b.texture)];
    AtlasPage& mirror = atlas_pages[std::size_t(b.texture)];
    if (mirror.uploaded && mirror.generation == page.generation && mirror.size == size) continue;
    if (page.pixels.size() != std::size_t(size) * std::size_t(size)) continue;  // not ready
    if (!mirror.texture || mirror.size != size) {
      mirror.texture = gl::make_texture();
      glBindTexture(GL_TEXTURE_2D, mirror.texture.get());
      glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, size, size, 0, GL_RED, GL_UNSIGNED_BYTE,
                   page.pixels.data());
      set_sampling(GL_LINEAR);
    } else {
      glBindTexture(GL_TEXTURE_2D, mirror.texture.get());
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, size, size, GL_RED, GL_UNSIGNED_BYTE,
                      page.pixels.data());
    }
    mirror.size = size;
    mirror.generation = page.generation;
    mirror.uploaded = true;
    ++uploads;
  }
  return uploads;
}

// Uploads images not seen before (premultiplied, with mipmaps) and frees the textures of
// images nobody holds any more.
std::size_t GlRenderer::Impl::upload_images() {
  std::size_t uploads = 0;
  frame_images.assign(frame.images.size(), blank.get());
  for (std::size_t i = 0; i < frame.images.size(); ++i) {
    const ImagePtr& image = frame.images[i];
    CachedImage& cached = images[image.get()];
    if (!cached.texture || cached.image.lock() != image) {
      image_replaced = image_replaced || cached.texture;
      cached.image = image;
      cached.texture = gl::make_texture();
      scratch.resize(image->rgba.size());
      for (std::size_t p = 0; p + 3 < image->rgba.size(); p += 4) {
        const unsigned a = image->rgba[p + 3];
        for (int c = 0; c < 3; ++c)
          scratch[p + c] = std::uint8_t((image->rgba[p + c] * a + 127) / 255);
        scratch[p + 3] = std::uint8_t(a);
      }
      glBindTexture(GL_TEXTURE_2D, cached.texture.get());
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image->width, image->height, 0, GL_RGBA,
                   GL_UNSIGNED_BYTE, scratch.data());
      glGenerateMipmap(GL_TEXTURE_2D);
      set_sampling(GL_LINEAR_MIPMAP_LINEAR);
      ++uploads;
    }
    frame_images[i] = cached.texture.get();
  }
  std::erase_if(images, [](const auto& entry) { return entry.second.image.expired(); });
  return uploads;
}

void GlRenderer::Impl::upload_geometry() {
  const std::size_t quads = (frame.vertices.size() + clear_vertices.size()) / 4;
  if (quads > ibo_quads) {
    ibo_quads = std::max<std::size_t>(quads, std::max<std::size_t>(ibo_quads * 2, 1024));
    indices.resize(ibo_quads * 6);
    for (std::size_t q = 0; q < ibo_quads; ++q) {
      const GLuint v = GLuint(q * 4);
      const GLuint quad[6] = {v, v + 1, v + 2, v, v + 2, v + 3};
      std::copy(std::begin(quad), std::end(quad), indices.begin() + std::ptrdiff_t(q * 6));
    }
    glBindVertexArray(vao.get());
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(indices.size() * sizeof(GLuint)),
                 indices.data(), GL_STATIC_DRAW);
    glBindVertexArray(0);
  }
  const std::size_t bytes = frame.vertices.size() * sizeof(gl::Vertex);
  const std::size_t clear_bytes = clear_vertices.size() * sizeof(gl::Vertex);
  glBindBuffer(GL_ARRAY_BUFFER, vbo.get());
  // New storage only to grow: on llvmpipe, orphaning costs a fresh allocation per frame
  // (more than the copy); the previous frame is finished by now (read back or timed).
  if (bytes + clear_bytes > vbo_bytes) {
    vbo_bytes = std::max(bytes + clear_bytes, vbo_bytes * 2);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(vbo_bytes), nullptr, GL_STREAM_DRAW);
  }
  if (bytes > 0) glBufferSubData(GL_ARRAY_BUFFER, 0, GLsizeiptr(bytes), frame.vertices.data());
  if (clear_bytes > 0) {
    glBufferSubData(GL_ARRAY_BUFFER, GLintptr(bytes), GLsizeiptr(clear_bytes),
                    clear_vertices.data());
  }
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void GlRenderer::Impl::set_target_uniforms() {
  for (const Shader& s : shaders) {
    if (s.program.get() == 0) continue;
    glUseProgram(s.program.get());
    glUniform2f(s.u_target_size, float(target_width), float(target_height));
  }
}

// Overwrites (no blending) the clear quads [first, first + count) with the clear colour.
void GlRenderer::Impl::draw_clear_quads(std::size_t first, std::size_t count) {
  if (count == 0) return;
  glDisable(GL_BLEND);
  glUseProgram(shaders[std::size_t(gl::QuadMode::fill)].program.get());
  glBindVertexArray(vao.get());
  const std::size_t quad = frame.vertices.size() / 4 + first;
  glDrawElements(GL_TRIANGLES, GLsizei(count * 6), GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(quad * 6 * sizeof(GLuint)));
  glBindVertexArray(0);
}

// Each damage rectangle in turn: cleared, then every quad reaching into it drawn under a
// scissor. The scissor leaves every pixel outside the rectangle alone and every pixel
// inside as a full redraw leaves it (same fragments, same order); rectangles may overlap,
// which is why each is cleared just before it is drawn. With a transparent clear colour, a
// rectangle whose bottom-most quad is a plain fill over all of it (a ticker's bar) is not
// cleared: that quad drawn without blending leaves what clearing and blending it would
// (over transparent, a premultiplied colour is itself), one pass over its pixels, not two.
void GlRenderer::Impl::draw_damage() {
  // Apart, they can all be cleared first, a few calls for all of them.
  bool apart = true;
  for (std::size_t i = 0; i < damage_rects.size() && apart; ++i) {
    for (std::size_t j = i + 1; j < damage_rects.size() && apart; ++j) {
      const gl::PixelRect &a = damage_rects[i], &b = damage_rects[j];
      apart = a.x >= b.x + b.w || b.x >= a.x + a.w || a.y >= b.y + b.h || b.y >= a.y + a.h;
    }
  }
  for (std::size_t i = 0; apart && i < damage_rects.size();) {
    std::size_t j = i;
    while (j < damage_rects.size() && base_quads[j] == kNoQuad) ++j;
    draw_clear_quads(i, j - i);
    i = j + 1;
  }
  glEnable(GL_SCISSOR_TEST);
  for (std::size_t i = 0; i < damage_rects.size(); ++i) {
    const gl::PixelRect& r = damage_rects[i];
    glScissor(r.x, target_height - r.y - r.h, r.w, r.h);  // GL rows run bottom-up
    if (base_quads[i] != kNoQuad) {
      draw_quad_replacing(base_quads[i]);
    } else if (!apart) {
      draw_clear_quads(i, 1);
    }
    if (frame.batches.empty()) continue;
    enable_over_blending();
    draw_batches(&r, base_quads[i]);
  }
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
}

// Indexes the frame's quads for culling; with a transparent clear colour, finds the
// rectangles whose bottom layer is a fill (see draw_damage()).
void GlRenderer::Impl::plan_damage(bool transparent) {
  if (!frame.batches.empty()) culler.index(frame);
  base_quads.assign(damage_rects.size(), kNoQuad);
  if (transparent && !frame.batches.empty()) split_base_fills();
}

// Gives each damage rectangle whose pixels lie mostly under one plain fill quad with
// nothing drawn before it its part under that quad (with base_quads set) and the rest as
// up to four rectangles around it.
void GlRenderer::Impl::split_base_fills() {
  split_rects.clear();
  split_bases.clear();
  for (const gl::PixelRect& r : damage_rects) {
    gl::PixelRect under;
    const std::uint32_t q = base_fill(r, under);
    if (q == kNoQuad) {
      split_rects.push_back(r);
      split_bases.push_back(kNoQuad);
      continue;
    }
    split_rects.push_back(under);
    split_bases.push_back(q);
    const int right = r.x + r.w, bottom = r.y + r.h;
    const int under_right = under.x + under.w, under_bottom = under.y + under.h;
    const gl::PixelRect around[4] = {{r.x, r.y, r.w, under.y - r.y},
                                     {r.x, under_bottom, r.w, bottom - under_bottom},
                                     {r.x, under.y, under.x - r.x, under.h},
                                     {under_right, under.y, right - under_right, under.h}};
    for (const gl::PixelRect& a : around) {
      if (a.w <= 0 || a.h <= 0) continue;
      split_rects.push_back(a);
      split_bases.push_back(kNoQuad);
    }
  }
  damage_rects.swap(split_rects);
  base_quads.swap(split_bases);
}

// The first plain fill quad reaching into `rect` under which lies a part of it (`under`,
// at least half) that no quad drawn before it reaches; kNoQuad when there is none. The
// culler must have indexed this frame.
std::uint32_t GlRenderer::Impl::base_fill(const gl::PixelRect& rect, gl::PixelRect& under) {
  // Looked at before giving up: quads under a fill are a panel's shadow and edges.
  constexpr int kMaxBelow = 64;
  const float l = float(rect.x), t = float(rect.y);
  const float r = float(rect.x + rect.w), b = float(rect.y + rect.h);
  Rect below;  // what the quads before reach of `rect`
  int seen = 0;
  for (const gl::Batch& batch : frame.batches) {
    if (!(batch.bounds.x < r && batch.bounds.right() > l && batch.bounds.y < b &&
          batch.bounds.bottom() > t)) {
      continue;
    }
    for (std::uint32_t q = batch.first_quad; q < batch.first_quad + batch.quads; ++q) {
      const Rect box = culler.box(q);
      if (!(box.x < r && box.right() > l && box.y < b && box.bottom() > t)) continue;
      if (batch.mode == gl::QuadMode::fill && gl::QuadCuller::upright(frame, q)) {
        // Whole pixels whose centres lie strictly inside the quad (a centre on an edge may
        // go either way), within the rectangle.
        int x0 = std::max(rect.x, int(std::floor(box.x - 0.5f)) + 1);
        int y0 = std::max(rect.y, int(std::floor(box.y - 0.5f)) + 1);
        int x1 = std::min(rect.x + rect.w, int(std::ceil(box.right() - 0.5f)));
        int y1 = std::min(rect.y + rect.h, int(std::ceil(box.bottom() - 0.5f)));
        if (!below.empty()) {
          // The largest part beside what lies below: left, right, above or under it.
          const int bl = int(std::floor(below.x)), bt = int(std::floor(below.y));
          const int br = int(std::ceil(below.right())), bb = int(std::ceil(below.bottom()));
          const int options[4][4] = {{x0, y0, std::min(x1, bl), y1},
                                     {std::max(x0, br), y0, x1, y1},
                                     {x0, y0, x1, std::min(y1, bt)},
                                     {x0, std::max(y0, bb), x1, y1}};
          long long best = 0;
          int pick[4] = {0, 0, 0, 0};
          for (const auto& o : options) {
            const long long area = std::max(0, o[2] - o[0]) * 1LL * std::max(0, o[3] - o[1]);
            if (area > best) {
              best = area;
              std::copy(std::begin(o), std::end(o), std::begin(pick));
            }
          }
          x0 = pick[0], y0 = pick[1], x1 = pick[2], y1 = pick[3];
        }
        const long long area = std::max(0, x1 - x0) * 1LL * std::max(0, y1 - y0);
        if (2 * area < 1LL * rect.w * rect.h) return kNoQuad;
        under = {x0, y0, x1 - x0, y1 - y0};
        return q;
      }
      if (++seen > kMaxBelow) return kNoQuad;
      const Rect part = box.intersect(Rect{l, t, r - l, b - t});
      below = below.empty()
                  ? part
                  : Rect{std::min(below.x, part.x), std::min(below.y, part.y),
                         std::max(below.right(), part.right()) - std::min(below.x, part.x),
                         std::max(below.bottom(), part.bottom()) - std::min(below.y, part.y)};
    }
  }
  return kNoQuad;
}

// One fill quad of the frame written over the target, no blending.
void GlRenderer::Impl::draw_quad_replacing(std::uint32_t quad) {
  glDisable(GL_BLEND);
  glUseProgram(shaders[std::size_t(gl::QuadMode::fill)].program.get());
  glBindVertexArray(vao.get());
  glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(std::size_t(quad) * 6 * sizeof(GLuint)));
  glBindVertexArray(0);
}

// All batches, or with `only` just their quads that reach into that rectangle (the
// scissor's; culler must have indexed this frame), leaving out quad `skip` (drawn already).
void GlRenderer::Impl::draw_batches(const gl::PixelRect* only, std::uint32_t skip) {
  glBindVertexArray(vao.get());
  glActiveTexture(GL_TEXTURE0);
  GLuint bound_program = 0, bound_texture = 0;
  for (const gl::Batch& b : frame.batches) {
    if (only && !(b.bounds.x < float(only->x + only->w) && b.bounds.right() > float(only->x) &&
                  b.bounds.y < float(only->y + only->h) && b.bounds.bottom() > float(only->y))) {
      continue;
    }
    if (only && !culler.runs(b, *only)) continue;
    if (only && skip != kNoQuad && culler.first_quad() == skip) {
      culler.skip_first_quad();
      if (culler.counts().empty()) continue;
    }
    const GLuint program = shaders[std::size_t(b.mode)].program.get();
    if (program == 0) continue;
    if (program != bound_program) glUseProgram(bound_program = program);
    GLuint texture = blank.get();
    if (uses_atlas(b) && b.texture >= 0 && std::size_t(b.texture) < atlas_pages.size()) {
      texture = atlas_pages[std::size_t(b.texture)].texture.get();
    } else if (b.mode == gl::QuadMode::image && b.texture >= 0) {
      texture = frame_images[std::size_t(b.texture)];
    }
    if (texture != bound_texture) glBindTexture(GL_TEXTURE_2D, bound_texture = texture);
    if (only) {
      glMultiDrawElements(GL_TRIANGLES, culler.counts().data(), GL_UNSIGNED_INT,
                          culler.offsets().data(), GLsizei(culler.counts().size()));
    } else {
      glDrawElements(GL_TRIANGLES, GLsizei(b.quads * 6), GL_UNSIGNED_INT,
                     reinterpret_cast<const void*>(std::size_t(b.first_quad) * 6 * sizeof(GLuint)));
    }
  }
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
}

GlRenderer::GlRenderer(GlContext& context) : impl_(std::make_unique<Impl>()) {
  context.make_current();
  while (glGetError() != GL_NO_ERROR) {
  }
  impl_->create_objects();
  if (const GLenum e = glGetError(); e != GL_NO_ERROR) {
    throw core::Error("renderer: setting up GL objects failed with GL error " + std::to_string(e) +
                      " on " + context.renderer() + "; check the driver supports OpenGL 3.3 core");
  }
}

GlRenderer::~GlRenderer() = default;

void GlRenderer::prepare(const DrawList& list, TextEngine& text) {
  impl_->prepared = false;
  impl_->builder.build(list, text, impl_->frame);
  impl_->damage.stage(list, impl_->frame);
  impl_->prepared = true;
}

RenderStats GlRenderer::draw(const Color& clear) {
  Impl& d = *impl_;
  if (!d.prepared) {
    throw core::Error("renderer: draw() without prepare(); prepare a DrawList first");
  }
  RenderStats stats;
  stats.ops = d.frame.ops;
  stats.vertices = d.frame.vertices.size();
  stats.draw_calls = d.frame.batches.size();
  d.ensure_target(d.frame.width, d.frame.height);
  stats.texture_uploads = d.upload_atlas_pages() + d.upload_images();
  const Premultiplied pm = premultiplied(clear);
  const std::size_t target_pixels = std::size_t(d.target_width) * std::size_t(d.target_height);
  const std::size_t damaged = d.damage.diff(d.target_width, d.target_height, d.damage_rects);
  const bool full = !d.incremental || !d.target_valid || pm != d.drawn_clear || d.atlas_changed ||
                    d.image_replaced || double(damaged) > kDamageMax * double(target_pixels);
  d.atlas_changed = d.image_replaced = false;
  d.target_valid = false;  // until this frame is drawn
  stats.full_redraw = full;
  stats.damaged_pixels = full ? target_pixels : damaged;
  if (full) {
    d.unread_all = true;
  } else {
    d.unread.insert(d.unread.end(), d.damage_rects.begin(), d.damage_rects.end());
    if (d.unread.size() > 64) d.unread_all = true;
  }
  if (!full && damaged == 0) {
    d.mark_drawn(pm);
    d.target_valid = true;
    return stats;
  }
  bool full_clear = false;
  if (full) {
    full_clear = d.plan_clear(pm);
  } else {
    d.plan_damage(pm == Premultiplied{0, 0, 0, 0});
    d.plan_damage_clear(pm);
  }
  d.upload_geometry();

  glBindFramebuffer(GL_FRAMEBUFFER, d.fbo.get());
  glViewport(0, 0, d.target_width, d.target_height);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  d.set_target_uniforms();
  for (int i = 0; i < 4; ++i) glEnable(GLenum(GL_CLIP_DISTANCE0 + i));  // canvas.vert clips
  if (full) {
    if (full_clear) glClear(GL_COLOR_BUFFER_BIT);
    d.draw_clear_quads(0, d.clear_vertices.size() / 4);
    enable_over_blending();
    if (!d.frame.batches.empty()) d.draw_batches(nullptr);
    glDisable(GL_BLEND);
  } else {
    d.draw_damage();
  }
  for (int i = 0; i < 4; ++i) glDisable(GLenum(GL_CLIP_DISTANCE0 + i));
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  log_gl_errors("draw()");
  d.target_valid = true;
  return stats;
}

RenderStats GlRenderer::render(const DrawList& list, TextEngine& text, const Color& clear) {
  prepare(list, text);
  return draw(clear);
}

void GlRenderer::finish() {
  glFinish();
}

void GlRenderer::set_incremental(bool incremental) {
  impl_->incremental = incremental;
}

void GlRenderer::invalidate() {
  impl_->target_valid = false;
}

void GlRenderer::read_pixels(Image& into) {
  Impl& d = *impl_;
  if (!d.fbo) throw core::Error("renderer: read_pixels() before anything was drawn; draw first");
  const int w = d.target_width, h = d.target_height;
  const std::size_t row = std::size_t(w) * 4;
  into.width = w;
  into.height = h;
  into.rgba.resize(row * std::size_t(h));  // every byte is written below
  glBindFramebuffer(GL_READ_FRAMEBUFFER, d.fbo.get());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, into.rgba.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  log_gl_errors("read_pixels()");
  gl::straighten_rows(into.rgba.data(), w, h);
}

void GlRenderer::read_changes(TargetMirror& mirror) {
  Impl& d = *impl_;
  if (!d.fbo) throw core::Error("renderer: read_changes() before anything was drawn; draw first");
  const int w = d.target_width, h = d.target_height;
  const std::size_t row = std::size_t(w) * 4;
  mirror.changed.clear();
  if (mirror.width != w || mirror.height != h || mirror.rgba.size() != row * std::size_t(h) ||
      d.read_into != &mirror) {
    mirror.width = w;
    mirror.height = h;
    mirror.rgba.resize(row * std::size_t(h));
    d.unread_all = true;
  }
  std::vector<gl::PixelRect> rects;
  if (d.unread_all) {
    rects.push_back({0, 0, w, h});
  } else {
    rects.swap(d.unread);
  }
  d.unread.clear();
  d.unread_all = false;
  d.read_into = &mirror;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, d.fbo.get());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, w);
  for (const gl::PixelRect& r : rects) {
    const int x0 = std::clamp(r.x, 0, w), y0 = std::clamp(r.y, 0, h);
    const int x1 = std::clamp(r.x + r.w, 0, w), y1 = std::clamp(r.y + r.h, 0, h);
    if (x1 <= x0 || y1 <= y0) continue;
    // Straight into the mirror (rows `row` bytes apart), then the rectangle's rows are
    // put top-down in place: GL's run bottom-up. No frame-sized scratch buffer.
    const std::size_t rw = std::size_t(x1 - x0) * 4;
    std::uint8_t* at = mirror.rgba.data() + std::size_t(y0) * row + std::size_t(x0) * 4;
    glReadPixels(x0, h - y1, x1 - x0, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE, at);
    for (int top = 0, bottom = y1 - y0 - 1; top < bottom; ++top, --bottom) {
      std::uint8_t* a = at + std::size_t(top) * row;
      std::swap_ranges(a, a + rw, at + std::size_t(bottom) * row);
    }
    mirror.changed.push_back({x0, y0, x1 - x0, y1 - y0});
  }
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  log_gl_errors("read_changes()");
}

Image GlRenderer::read_pixels() {
  Image out;
  read_pixels(out);
  return out;
}

std::uint32_t GlRenderer::target_texture() const {
  return impl_->target.get();
}

}  // namespace render
