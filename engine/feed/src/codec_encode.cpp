// Feed protocol v1 encoder: typed messages -> single-line JSON objects with a stable field
// order (type, seq, source, epoch, then the type's own fields). Empty optional fields are
// left out; times are integer UTC ms. decode(encode(m)) gives m back.
#include <nlohmann/json.hpp>

#include "codec_wire.h"
#include "feed/codec.h"

namespace feed {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::int64_t ms(core::UtcMs t) {
  return t.time_since_epoch().count();
}

void put_if(OrderedJson& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

OrderedJson head(std::string_view type, const race::Origin& o) {
  OrderedJson j;
  j["type"] = type;
  j["seq"] = o.seq;
  put_if(j, "source", o.source);
  put_if(j, "epoch", o.epoch);
  return j;
}

OrderedJson flags_json(race::PassingFlag flags) {
  OrderedJson a = OrderedJson::array();
  for (auto f : {race::PassingFlag::gun, race::PassingFlag::backup, race::PassingFlag::manual}) {
    if (!race::has(flags, f)) continue;
    a.push_back(f == race::PassingFlag::gun      ? "gun"
                : f == race::PassingFlag::backup ? "backup"
                                                 : "manual");
  }
  return a;
}

OrderedJson to_json(const race::Passing& p) {
  OrderedJson j = head("passing", p.origin);
  j["point"] = p.mat;
  put_if(j, "bib", p.bib);
  put_if(j, "chip", p.chip);
  j["time"] = ms(p.time);
  if (p.hits != 0) j["hits"] = p.hits;
  if (p.rssi != 0) j["rssi"] = p.rssi;
  if (p.flags != race::PassingFlag::none) j["flags"] = flags_json(p.flags);
  return j;
}

OrderedJson to_json(const race::GunEvent& g) {
  OrderedJson j = head("gun", g.origin);
  j["contest"] = g.contest;
  put_if(j, "wave", g.wave);
  j["time"] = ms(g.time);
  return j;
}

OrderedJson to_json(const race::StatusChange& s) {
  OrderedJson j = head("status", s.origin);
  j["bib"] = s.bib;
  j["status"] = wire::status_name(s.status);
  put_if(j, "reason", s.reason);
  return j;
}

OrderedJson to_json(const race::Correction& c) {
  OrderedJson j = head("correction", c.origin);
  if (c.at_mat) {
    j["bib"] = c.at_mat->bib;
    j["mat"] = c.at_mat->mat;
  } else {
    j["target_seq"] = c.target_seq;
    put_if(j, "target_source", c.target_source);
    put_if(j, "target_epoch", c.target_epoch);
  }
  j["action"] = wire::action_name(c.action);
  if (c.action == race::Correction::Action::adjust_time) j["time"] = ms(c.new_time);
  return j;
}

OrderedJson participant_json(const race::Participant& p) {
  OrderedJson j;
  j["bib"] = p.bib;
  put_if(j, "first_name", p.first_name);
  put_if(j, "last_name", p.last_name);
  if (p.gender != race::Gender::invalid) j["gender"] = wire::gender_name(p.gender);
  if (p.birth_date) j["birth_date"] = core::format_date(*p.birth_date);
  if (p.age >= 0) j["age"] = p.age;
  put_if(j, "country", p.country);
  put_if(j, "city", p.city);
  put_if(j, "club", p.club);
  put_if(j, "contest", p.contest);
  put_if(j, "wave", p.wave);
  put_if(j, "team", p.team);
  if (p.leg != 0) j["leg"] = p.leg;
  if (!p.chips.empty()) j["chips"] = p.chips;
  if (p.vip) j["vip"] = true;
  put_if(j, "note", p.note);
  put_if(j, "pronunciation", p.pronunciation);
  put_if(j, "category", p.category);
  return j;
}

OrderedJson to_json(const race::ParticipantUpdate& u) {
  OrderedJson j = head("participant", u.origin);
  put_if(j, "old_bib", u.old_bib);
  j["participant"] = participant_json(u.participant);
  return j;
}

OrderedJson to_json(const race::Event& e) {
  return std::visit([](const auto& x) { return to_json(x); }, e);
}

OrderedJson to_json(const Heartbeat& h) {
  OrderedJson j;
  j["type"] = "heartbeat";
  j["seq"] = h.seq;
  j["time"] = ms(h.time);
  return j;
}

OrderedJson to_json(const Hello& h) {
  OrderedJson j;
  j["type"] = "hello";
  j["protocol"] = h.protocol;
  put_if(j, "feed", h.feed);
  put_if(j, "epoch", h.epoch);
  j["last_seq"] = h.last_seq;
  return j;
}

OrderedJson to_json(const Subscribe& s) {
  OrderedJson j;
  j["type"] = "subscribe";
  put_if(j, "epoch", s.epoch);
  j["since"] = s.since;
  return j;
}

OrderedJson to_json(const Resync& r) {
  OrderedJson j;
  j["type"] = "resync";
  put_if(j, "epoch", r.epoch);
  j["since"] = r.since;
  put_if(j, "reason", r.reason);
  return j;
}

// Invalid UTF-8 (which decode() never produces) is replaced rather than thrown.
std::string dump(const OrderedJson& j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace

std::string encode(const Message& message) {
  return dump(std::visit([](const auto& x) { return to_json(x); }, message));
}

std::string encode(const race::Event& event) {
  return dump(to_json(event));
}

}  // namespace feed
