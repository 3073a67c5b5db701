// Fuzz target for the control API's router (control::Api::handle), the part every HTTP
// request from the network reaches: request line, query, headers and JSON body. An input
// is up to 8 requests separated by a line "===", each written as
//   METHOD PATH[?QUERY]\n  Name: value\n ...  \n  BODY
// and run in order on one fresh Control over a small race. Every answer must be a known
// status with a JSON body (an error object from 400 on), a refused request must leave the
// overlays as they were, and a request without the token never gets past 401.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/api.h"
#include "core/log.h"
#include "director/rundown.h"
#include "race/model.h"

namespace {

// A one-parameter overlay kind standing in for the real ones (no fonts, no GL).
class Box : public scene::Overlay {
 public:
  void configure(const scene::Params& p, const race::RaceSnapshot&) override {
    p.get_int("size", 100, 10, 500);
  }
  void draw(render::Canvas&, const scene::Frame&, const scene::Look&) override {}
};

const std::vector<scene::OverlayKind>& kinds() {
  static const std::vector<scene::OverlayKind> k = [] {
    scene::OverlayKind box;
    box.name = "box";
    box.params = {{"size", "size", "100", {}}, {"mode", "mode", "a", {"a", "b"}}};
    box.make = [] { return std::make_unique<Box>(); };
    return std::vector<scene::OverlayKind>{box};
  }();
  return k;
}

std::shared_ptr<const race::RaceConfig> config() {
  static const auto shared = [] {
    auto r = std::make_shared<race::RaceConfig>();
    r->name = "Fuzz race";
    r->date = core::Date{std::chrono::year(2025), std::chrono::month(9), std::chrono::day(28)};
    r->mats = {{"start", "Start"}, {"5K", "5 km"}, {"finish", "Finish"}};
    race::Contest c;
    c.id = "10k";
    c.name = "10 km";
    c.distance_m = 10000;
    c.rank_by = race::RankBy::gun;
    c.gun = core::UtcMs(core::Ms(1'759'028'400'000));
    c.points = {{"start", 0, race::PointRole::start, "START"},
                {"5K", 5000, race::PointRole::split, "5K"},
                {"finish", 10000, race::PointRole::finish, "FINISH"}};
    r->contests.push_back(c);
    return std::shared_ptr<const race::RaceConfig>(r);
  }();
  return shared;
}

std::vector<race::Participant> field() {
  std::vector<race::Participant> v;
  for (const char* bib : {"1", "2", "12"}) {
    race::Participant p;
    p.bib = bib;
    p.first_name = "Жанар";
    p.last_name = std::string("Runner") + bib;
    p.contest = "10k";
    v.push_back(p);
  }
  return v;
}

control::ApiRequest parse(std::string_view text) {
  control::ApiRequest r;
  const auto line_end = text.find('\n');
  const std::string_view first = text.substr(0, line_end);
  const auto space = first.find(' ');
  r.method = std::string(first.substr(0, space));
  std::string_view target = space == first.npos ? std::string_view() : first.substr(space + 1);
  const auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != target.npos) r.query = control::parse_query(target.substr(q + 1));
  std::size_t pos = line_end == text.npos ? text.size() : line_end + 1;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    const std::string_view line = text.substr(pos, end == text.npos ? text.npos : end - pos);
    pos = end == text.npos ? text.size() : end + 1;
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == line.npos) continue;
    std::string value(line.substr(colon + 1));
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[std::string(line.substr(0, colon))] = value;
  }
  r.body = std::string(text.substr(std::min(pos, text.size())));
  return r;
}

std::string overlays_of(const control::Control& c) {
  return nlohmann::json::parse(c.state_json())["overlays"].dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = (core::log::set_level(core::log::Level::off), true);
  (void)quiet;
  race::RaceModel model(config(), field());
  race::Passing p;
  p.origin = {"fuzz", "e1", 1};
  p.bib = "1";
  p.mat = "5K";
  p.time = core::UtcMs(core::Ms(1'759'029'400'000));
  model.apply(p);
  control::Control control(kinds(), {[&](race::Event e) { model.apply(e); }, "fuzz"});
  control.set_race(model.publish());
  // A rundown with an item the box refuses (size 9999), for /api/rundown/*.
  control.set_rundown(director::Rundown({{"Box", "box", {{"size", "120"}}, core::Ms(0), "", 1},
                                         {"Too big", "box", {{"size", "9999"}}, core::Ms(0), "", 4},
                                         {"Brief", "box", {{"mode", "b"}}, core::Ms(8000), "", 8}}),
                      "fuzz.toml", "fuzz");
  const control::Api api(control, {"t", {}});

  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 8 && !rest.empty(); ++i) {
    const auto cut = rest.find("\n===\n");
    const control::ApiRequest request = parse(rest.substr(0, cut));
    rest = cut == rest.npos ? std::string_view() : rest.substr(cut + 5);
    const std::string before = overlays_of(control);
    const control::ApiResponse response = api.handle(request);
    control.set_race(model.publish());
    const int s = response.status;
    if (s < 200 || s > 599 || (s >= 300 && s < 400)) std::abort();
    if (response.content_type == "application/json") {
      const auto j = nlohmann::json::parse(response.body, nullptr, false);
      if (j.is_discarded()) std::abort();
      if (s >= 400 && !(j.contains("error") && j["error"]["code"].is_string())) std::abort();
    }
    if (s >= 400 && overlays_of(control) != before) std::abort();
    const bool open = request.path == "/metrics" || request.path.rfind("/api", 0) != 0;
    if (!open && !api.authorized(request, false) && s != 401 &&
        (request.path == "/api" || request.path.rfind("/api/", 0) == 0))
      std::abort();
  }
  return 0;
}
