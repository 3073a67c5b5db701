// Private to the render module: builds the GL programs of the canvas shaders, one per
// quad mode, from the GLSL embedded out of shaders/ at build time.
// Thread-safety: the thread whose GL context is current.
#pragma once

#include "gl_api.h"
#include "gl_frame.h"

namespace render::gl {

// canvas.vert + canvas.frag with `#define MODE_...` for `mode`. Throws core::Error with
// the GLSL compiler's or linker's log.
Program link_canvas_program(QuadMode mode);

}  // namespace render::gl
