// Predicted arrivals on real data: the finish from the 40 km mat on Boston 2019 (the
// accuracy target, against the last-split baseline), and from the pre-finish mat on Almaty.
#include <catch2/catch.hpp>

#include <cmath>

#include "announcer/accuracy.h"
#include "announcer/predict.h"
#include "fixture.h"

namespace predict_test {

namespace {

using namespace announcer_test;
using namespace std::chrono_literals;

bool is_finish_read(const race::Event& e) {
  const auto* p = std::get_if<race::Passing>(&e);
  return p && p->mat == "finish";
}

}  // namespace

TEST_CASE("Boston 2019 finish predicted at 40K: within target and no worse than last split",
          "[predict][boston]") {
  const auto& b = boston(2019);
  const auto config = std::make_shared<const race::RaceConfig>(b.config);
  const auto s = snapshot_of(config, b.participants, b.events,
                             [](const race::Event& e) { return !is_finish_read(e); });
  const int finish = s->point_index(0, "finish");
  const int at40 = s->point_index(0, "40K");
  std::vector<std::pair<race::RunnerId, core::Ms>> actual;
  for (std::size_t i = 0; i < b.official.size(); i += 4) {  // a quarter of the field
    const auto& o = b.official[i];
    const auto id = s->find_bib(o.bib);
    REQUIRE(id);
    if (o.official_time < 4h && s->runner(*id).furthest == at40)
      actual.emplace_back(*id, o.official_time);
  }
  REQUIRE(actual.size() > 3000);
  const auto ours = announcer::measure_accuracy(*s, finish, actual, announcer::Model::fade_band);
  const auto base = announcer::measure_accuracy(*s, finish, actual, announcer::Model::last_split);
  INFO("ours " << ours.median_abs_s << " s, baseline " << base.median_abs_s << " s");
  CHECK(ours.runners == actual.size());
  CHECK(ours.median_abs_s <= 20.5);
  CHECK(ours.median_abs_s <= base.median_abs_s);
  CHECK(base.median_abs_s > 15.0);  // the baseline is what the issue says it is
  CHECK(ours.p90_abs_s < 90.0);
  // Every prediction from 40K uses the splits, and the finish read is what is predicted.
  const auto p = announcer::predict_arrival(*s, actual.front().first, finish);
  REQUIRE(p);
  CHECK(p->method == announcer::Method::last_splits);
}

TEST_CASE("a runner who has read the finish, or has a status, gets no prediction", "[predict]") {
  const auto& b = boston(2019);
  const auto config = std::make_shared<const race::RaceConfig>(b.config);
  race::RaceModel model(config, b.participants);
  for (const auto& e : b.events) model.apply(e);
  const std::string bib = b.official[100].bib;
  race::StatusChange dnf;
  dnf.origin = {"test", "1", 1};
  dnf.bib = b.official[200].bib;
  dnf.status = race::RunnerStatus::dnf;
  model.apply(dnf);
  const auto s = model.publish();
  const int finish = s->point_index(0, "finish");
  CHECK_FALSE(announcer::predict_arrival(*s, *s->find_bib(bib), finish));
  CHECK_FALSE(announcer::predict_arrival(*s, *s->find_bib(dnf.bib), finish));
  // The 40K mat is behind every finisher: nothing to predict there either.
  CHECK_FALSE(announcer::predict_arrival(*s, *s->find_bib(bib), s->point_index(0, "40K")));
}

TEST_CASE("Almaty runners past the pre-finish mat: predicted from it within seconds",
          "[predict][almaty]") {
  const auto config = almaty_config();
  const auto until = local(*config, "10:30:00");
  const auto s = snapshot_of(config, almaty_race().participants, almaty_race().events,
                             [&](const race::Event& e) {
                               const auto t = time_of(e);
                               return !is_finish_read(e) && (!t || *t <= until);
                             });
  const auto& finish_reads = almaty_reads_at("finish");
  std::vector<double> errors;
  for (race::RunnerId id = 0; id < static_cast<race::RunnerId>(s->runner_count()); ++id) {
    const auto& r = s->runner(id);
    if (r.contest < 0 || r.furthest < 0) continue;
    const auto& c = s->config().contests[static_cast<std::size_t>(r.contest)];
    if (c.points[static_cast<std::size_t>(r.furthest)].role != race::PointRole::announcer) continue;
    const auto it = finish_reads.find(s->participant(id).bib);
    if (it == finish_reads.end()) continue;
    const auto p = announcer::predict_arrival(*s, id, static_cast<int>(c.points.size()) - 1);
    REQUIRE(p);
    CHECK(p->method == announcer::Method::pre_finish);
    errors.push_back(std::abs(double((p->at - it->second).count())) / 1000.0);
  }
  REQUIRE(errors.size() > 1000);
  INFO("pre-finish predictions: " << errors.size());
  CHECK(announcer::percentile(errors, 0.5) < 3.0);
  CHECK(announcer::percentile(errors, 0.9) < 8.0);
}

}  // namespace predict_test
