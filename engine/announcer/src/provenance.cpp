#include "announcer/provenance.h"
#include "index.h"

#include <vector>

namespace announcer {
namespace {

// "25K", "25K and 30K", "25K, 30K and 35K".
std::string join_labels(const race::Contest& c, const std::vector<int>& points) {
  std::string out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out += i + 1 == points.size() ? " and " : ", ";
    out += c.points[u(points[i])].shown_label();
  }
  return out;
}

// "impossible split 30K→35K (2:05/km)" against the nearest usable read before the point.
std::string impossible_reason(const race::Contest& c, const race::RunnerState& r, int p) {
  int prev = -1;
  for (int q = p - 1; q >= 0 && prev < 0; --q)
    if (r.kind[u(q)] == race::ReadKind::read) prev = q;
  const std::string& at = c.points[u(p)].shown_label();
  if (prev < 0) return "impossible read at " + at;
  const std::string& from = c.points[u(prev)].shown_label();
  const core::Ms dt = r.time[u(p)] - r.time[u(prev)];
  const double dm = double(c.points[u(p)].distance_m - c.points[u(prev)].distance_m);
  if (dt <= core::Ms(0) || dm <= 0)
    return "impossible split " + from + "→" + at + " (read before " + from + ")";
  const auto per_km = core::Ms(static_cast<std::int64_t>(double(dt.count()) * 1000.0 / dm));
  return "impossible split " + from + "→" + at + " (" + core::format_short(per_km) + "/km)";
}

}  // namespace

std::string_view to_string(Provenance p) {
  switch (p) {
    case Provenance::official:
      return "official";
    case Provenance::provisional:
      return "provisional";
    case Provenance::interpolated:
      return "interpolated";
    case Provenance::weak:
      return "weak";
    case Provenance::invalid:
      break;
  }
  return "";
}

bool callable(Provenance p) {
  return p == Provenance::official || p == Provenance::provisional || p == Provenance::interpolated;
}

ProvenanceInfo provenance(const race::RaceSnapshot& s, race::RunnerId id) {
  const race::RunnerState& r = s.runner(id);
  if (r.contest < 0) return {Provenance::weak, "not entered in a known contest"};
  if (r.status != race::RunnerStatus::ok)
    return {Provenance::weak, "status " + std::string(race::to_string(r.status))};
  const race::Contest& c = s.config().contests[u(r.contest)];
  const int n = static_cast<int>(c.points.size());
  for (int p = 0; p < n; ++p)
    if (r.kind[u(p)] == race::ReadKind::impossible)
      return {Provenance::weak, impossible_reason(c, r, p)};
  // Missed mats before the furthest read, in runs of consecutive points. A missing start
  // mat is normal (the gun stands in for it).
  std::vector<int> run, single;
  std::vector<int> longest;
  for (int p = 0; p <= r.furthest; ++p) {
    const bool missed =
        r.kind[u(p)] != race::ReadKind::read && c.points[u(p)].role != race::PointRole::start;
    if (missed) {
      run.push_back(p);
      continue;
    }
    if (run.size() > longest.size()) longest = run;
    if (run.size() == 1 && single.empty()) single = run;
    run.clear();
  }
  if (longest.size() >= 2)
    return {Provenance::weak, "no read at " + join_labels(c, longest) + ": course cut?"};
  if (r.extra_reads > 0)
    return {Provenance::weak, std::to_string(r.extra_reads) +
                                  " extra read(s) long after the first at a mat: looped back?"};
  if (!single.empty())
    return {Provenance::interpolated, "no read at " + join_labels(c, single) + ": time estimated"};
  bool all_read = r.furthest == n - 1;
  for (int p = 0; p < n && all_read; ++p) all_read = r.kind[u(p)] == race::ReadKind::read;
  if (all_read) return {Provenance::official, ""};
  return {Provenance::provisional, ""};
}

}  // namespace announcer
