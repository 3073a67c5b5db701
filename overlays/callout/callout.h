// Callout strap internals, exposed for tests: how an announcer's sentence is fitted into
// the strap (one line, else two balanced lines, shrinking the type down to a floor).
// Pure functions of their arguments; engine thread (they measure on a Canvas).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "render/canvas.h"

namespace overlays {

struct CalloutFit {
  std::vector<std::string> lines;  // one or two; the last may still be cut with "…"
  float size = 0;                  // the font size they fit at (design units)
};

// Fits `text` into `max_width`: one line at `style.size` when it fits; otherwise two
// lines broken at the space that balances them, at `style.size × two_line_scale`, then
// shrinking step by step to `style.size × min_scale`. Still too wide at the floor: the
// first line takes as many words as fit and the second is cut with "…" when drawn.
CalloutFit fit_callout_text(render::Canvas& canvas, std::string_view text,
                            const render::TextStyle& style, float max_width, float two_line_scale,
                            float min_scale);

}  // namespace overlays
