// Private to the render module: the OpenGL 3.3 core API (prototypes from glcorearb.h,
// resolved by GLVND's libOpenGL for EGL and GLX contexts alike) and thin RAII for GL names.
// Thread-safety: GL calls only on the thread whose context is current.
#pragma once

#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>

#include <utility>

namespace render::gl {

// One GL object name freed with a glDelete* function of the (count, names) shape.
template <void (*Delete)(GLsizei, const GLuint*)>
class Name {
 public:
  Name() = default;
  explicit Name(GLuint name) : name_(name) {}
  ~Name() { reset(); }
  Name(Name&& o) noexcept : name_(std::exchange(o.name_, 0)) {}
  Name& operator=(Name&& o) noexcept {
    if (this != &o) {
      reset();
      name_ = std::exchange(o.name_, 0);
    }
    return *this;
  }
  Name(const Name&) = delete;
  Name& operator=(const Name&) = delete;

  GLuint get() const { return name_; }
  explicit operator bool() const { return name_ != 0; }
  void reset() {
    if (name_ != 0) Delete(1, &name_);
    name_ = 0;
  }

 private:
  GLuint name_ = 0;
};

using Texture = Name<glDeleteTextures>;
using Buffer = Name<glDeleteBuffers>;
using Framebuffer = Name<glDeleteFramebuffers>;
using VertexArray = Name<glDeleteVertexArrays>;

// One new GL object of a kind, owned: make<Texture, glGenTextures>().
template <class Owned, void (*Gen)(GLsizei, GLuint*)>
Owned make() {
  GLuint n = 0;
  Gen(1, &n);
  return Owned(n);
}
inline Texture make_texture() {
  return make<Texture, glGenTextures>();
}
inline Buffer make_buffer() {
  return make<Buffer, glGenBuffers>();
}
inline Framebuffer make_framebuffer() {
  return make<Framebuffer, glGenFramebuffers>();
}
inline VertexArray make_vertex_array() {
  return make<VertexArray, glGenVertexArrays>();
}

// A linked program; deleted with glDeleteProgram.
class Program {
 public:
  Program() = default;
  explicit Program(GLuint name) : name_(name) {}
  ~Program() {
    if (name_ != 0) glDeleteProgram(name_);
  }
  Program(Program&& o) noexcept : name_(std::exchange(o.name_, 0)) {}
  Program& operator=(Program&& o) noexcept {
    if (this != &o) {
      if (name_ != 0) glDeleteProgram(name_);
      name_ = std::exchange(o.name_, 0);
    }
    return *this;
  }
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  GLuint get() const { return name_; }

 private:
  GLuint name_ = 0;
};

}  // namespace render::gl
