#include "gl_program.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "core/error.h"

// Embedded from shaders/ at build time (engine/render/CMakeLists.txt).
extern const std::string_view kShader_canvas_vert;
extern const std::string_view kShader_canvas_frag;

namespace render::gl {
namespace {

GLuint compile(GLenum type, std::string_view source, const char* name) {
  const GLuint shader = glCreateShader(type);
  const GLchar* text = source.data();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader, 1, &text, &length);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint size = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &size);
    std::string log(static_cast<std::size_t>(std::max(size, 1)), '\0');
    glGetShaderInfoLog(shader, size, nullptr, log.data());
    glDeleteShader(shader);
    throw core::Error(std::string("renderer: shaders/") + name +
                      " does not compile: " + log.c_str() + "; fix the GLSL (OpenGL 3.3 core)");
  }
  return shader;
}

const char* mode_define(QuadMode mode) {
  switch (mode) {
    case QuadMode::fill:
      return "MODE_FILL";
    case QuadMode::box:
      return "MODE_BOX";
    case QuadMode::shadow:
      return "MODE_SHADOW";
    case QuadMode::glyph:
      return "MODE_GLYPH";
    case QuadMode::glyph_smooth:
      return "MODE_GLYPH_SMOOTH";
    case QuadMode::image:
      return "MODE_IMAGE";
    case QuadMode::invalid:
      break;
  }
  return "MODE_INVALID";
}

// A shader source with `#define MODE_...` after its #version line (line numbers kept).
std::string with_mode(std::string_view src, QuadMode mode) {
  const std::size_t eol = src.find('\n');
  if (eol == std::string_view::npos) return std::string(src);
  return std::string(src.substr(0, eol + 1)) + "#define " + mode_define(mode) + "\n#line 2\n" +
         std::string(src.substr(eol + 1));
}

}  // namespace

Program link_canvas_program(QuadMode mode) {
  const std::string vert_name = std::string("canvas.vert (") + mode_define(mode) + ")";
  const std::string frag_name = std::string("canvas.frag (") + mode_define(mode) + ")";
  const GLuint vs =
      compile(GL_VERTEX_SHADER, with_mode(kShader_canvas_vert, mode), vert_name.c_str());
  GLuint fs = 0;
  const std::string frag = with_mode(kShader_canvas_frag, mode);
  try {
    fs = compile(GL_FRAGMENT_SHADER, frag, frag_name.c_str());
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  Program program(glCreateProgram());
  glAttachShader(program.get(), vs);
  glAttachShader(program.get(), fs);
  glLinkProgram(program.get());
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint size = 0;
    glGetProgramiv(program.get(), GL_INFO_LOG_LENGTH, &size);
    std::string log(static_cast<std::size_t>(std::max(size, 1)), '\0');
    glGetProgramInfoLog(program.get(), size, nullptr, log.data());
    throw core::Error(std::string("renderer: shaders/canvas.vert + canvas.frag (") +
                      mode_define(mode) + ") do not link: " + log.c_str() + "; fix the GLSL");
  }
  return program;
}

}  // namespace render::gl
