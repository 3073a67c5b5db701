// Private to the render module: turns pixels read back from the GL target (premultiplied,
// rows bottom-up) into an Image's layout (straight alpha, rows top-down), in place.
// Thread-safety: pure; any thread.
#pragma once

#include <cstdint>

namespace render::gl {

// `rgba` holds `width` × `height` pixels, four bytes each.
void straighten_rows(std::uint8_t* rgba, int width, int height);

}  // namespace render::gl
