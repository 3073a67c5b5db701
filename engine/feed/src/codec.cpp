// Feed protocol v1 decoder: JSON text -> typed messages, with one DecodeError per rejected
// message. The wire format is specified in docs/feed-protocol.md; encode() lives in
// codec_encode.cpp. Nothing here throws to the caller.
#include <nlohmann/json.hpp>

#include <limits>

#include "codec_wire.h"
#include "core/text.h"
#include "feed/codec.h"

namespace feed {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxStringBytes = 256;
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxShownBytes = 40;
constexpr std::int64_t kMaxSeq = std::numeric_limits<std::int64_t>::max();

// Thrown inside decode_one() only; caught per message so a batch keeps its good ones.
struct Reject {
  DecodeError error;
};

// A JSON value as a short excerpt for an error message, cut on a UTF-8 boundary.
std::string shown(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() <= kMaxShownBytes) return s;
  std::size_t cut = kMaxShownBytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

// Deepest nesting of arrays/objects, counted without parsing (strings are skipped), so a
// frame of ten thousand '[' is rejected before the parser sees it.
int nesting_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// The parser's explanation without its "[json.exception...] " prefix, and with any byte of
// the offending input that is not ASCII replaced, so the log line stays valid UTF-8.
std::string parser_message(const Json::exception& e) {
  std::string_view why = e.what();
  if (auto bracket = why.find("] "); bracket != std::string_view::npos)
    why.remove_prefix(bracket + 2);
  std::string out(why);
  if (!core::valid_utf8(out))
    for (char& c : out)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  return out;
}

// Typed access to one message object's fields. `what` names the message in errors
// ("passing seq 17"); `prefix` names a nested object ("participant.").
class Fields {
 public:
  Fields(const Json& object, std::string what, std::string prefix = {})
      : object_(object), what_(std::move(what)), prefix_(std::move(prefix)) {}

  const std::string& what() const { return what_; }
  void set_seq(std::int64_t seq) { what_ += " seq " + std::to_string(seq); }

  [[noreturn]] void fail(const char* code, std::string_view key, std::string_view problem) const {
    throw Reject{
        {code, what_ + ": field `" + prefix_ + std::string(key) + "`: " + std::string(problem)}};
  }
  [[noreturn]] void fail_got(const char* code, std::string_view key, std::string_view expected,
                             const Json& got) const {
    fail(code, key, "expected " + std::string(expected) + ", got " + shown(got));
  }

  // The field's value, or null when absent or JSON null (optional fields may be null).
  const Json* find(std::string_view key) const {
    auto it = object_.find(std::string(key));
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  const Json& need(std::string_view key, std::string_view expected) const {
    const Json* v = find(key);
    if (!v) fail("missing_field", key, "required, expected " + std::string(expected));
    return *v;
  }

  std::string string(std::string_view key, bool required) const {
    const Json* v = required ? &need(key, "a non-empty string") : find(key);
    if (!v) return {};
    if (!v->is_string()) fail_got("bad_type", key, "a string", *v);
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxStringBytes)
      fail("bad_value", key, "longer than 256 bytes (" + std::to_string(s.size()) + ")");
    if (!core::valid_utf8(s)) fail("bad_value", key, "not valid UTF-8");
    if (required && s.empty()) fail_got("bad_value", key, "a non-empty string", *v);
    return s;
  }

  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min,
                                      std::int64_t max) const {
    // Built only for an error message, so the common path allocates nothing.
    const auto expected = [&] {
      return "integer " + (max == kMaxSeq ? "\u2265 " + std::to_string(min)
                                          : std::to_string(min) + ".." + std::to_string(max));
    };
    const Json* v = find(key);
    if (!v && required) fail("missing_field", key, "required, expected " + expected());
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) fail_got("bad_type", key, expected(), *v);
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
      fail_got("bad_value", key, expected(), *v);
    const auto n = v->get<std::int64_t>();
    if (n < min || n > max) fail_got("bad_value", key, expected(), *v);
    return n;
  }

  std::optional<core::UtcMs> time(std::string_view key, bool required) const {
    static constexpr const char* kExpected = "integer UTC ms or ISO 8601 with offset";
    const Json* v = required ? &need(key, kExpected) : find(key);
    if (!v) return std::nullopt;
    std::optional<core::UtcMs> t;
    if (v->is_number_integer() && !(v->is_number_unsigned() && v->get<std::uint64_t>() > kMaxSeq))
      t = core::UtcMs(core::Ms(v->get<std::int64_t>()));
    else if (v->is_string())
      t = core::parse_iso8601(v->get_ref<const std::string&>());
    if (!t) fail_got("bad_time", key, kExpected, *v);
    if (t->time_since_epoch().count() < wire::kMinTimeMs ||
        t->time_since_epoch().count() >= wire::kMaxTimeMs)
      fail_got("bad_time", key, "a time between 2000-01-01 and 2100-01-01", *v);
    return t;
  }

  std::optional<bool> boolean(std::string_view key) const {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) fail_got("bad_type", key, "true or false", *v);
    return v->get<bool>();
  }

  std::vector<std::string> string_array(std::string_view key) const {
    const Json* v = find(key);
    if (!v) return {};
    if (!v->is_array()) fail_got("bad_type", key, "an array of strings", *v);
    std::vector<std::string> out;
    for (const auto& item : *v) {
      if (!item.is_string()) fail_got("bad_type", key, "an array of strings", item);
      const auto& s = item.get_ref<const std::string&>();
      if (s.empty() || s.size() > kMaxStringBytes || !core::valid_utf8(s))
        fail_got("bad_value", key, "non-empty UTF-8 strings of at most 256 bytes", item);
      out.push_back(s);
    }
    return out;
  }

 private:
  const Json& object_;
  std::string what_;
  std::string prefix_;
};

race::Origin read_origin(Fields& f, std::string_view default_epoch) {
  race::Origin o;
  o.seq = *f.integer("seq", true, 1, kMaxSeq);
  f.set_seq(o.seq);
  o.source = f.string("source", false);
  if (!f.find("source"))
    o.source = wire::kDefaultSource;
  else if (o.source.empty())
    f.fail("bad_value", "source", "expected a non-empty string");
  o.epoch = f.string("epoch", false);  // absent or "": the connection's epoch
  if (o.epoch.empty()) o.epoch = default_epoch;
  return o;
}

race::PassingFlag read_flags(const Fields& f) {
  race::PassingFlag flags = race::PassingFlag::none;
  for (const auto& name : f.string_array("flags")) {
    const auto flag = wire::parse_flag(name);
    if (flag == race::PassingFlag::none)
      f.fail("bad_value", "flags",
             "expected \"gun\", \"backup\" or \"manual\", got \"" + name + "\"");
    flags = flags | flag;
  }
  return flags;
}

race::Passing read_passing(Fields& f, race::Origin origin) {
  race::Passing p;
  p.origin = std::move(origin);
  p.mat = f.string("point", true);
  p.bib = f.string("bib", false);
  p.chip = f.string("chip", false);
  if (p.bib.empty() && p.chip.empty())
    f.fail("missing_field", "bib", "required (or `chip`): a passing names its runner");
  p.time = *f.time("time", true);
  p.hits = static_cast<int>(f.integer("hits", false, 0, wire::kMaxHits).value_or(0));
  p.rssi = static_cast<int>(f.integer("rssi", false, wire::kMinRssi, wire::kMaxRssi).value_or(0));
  p.flags = read_flags(f);
  return p;
}

race::GunEvent read_gun(Fields& f, race::Origin origin) {
  race::GunEvent g;
  g.origin = std::move(origin);
  g.contest = f.string("contest", true);
  g.wave = f.string("wave", false);
  g.time = *f.time("time", true);
  return g;
}

race::StatusChange read_status(Fields& f, race::Origin origin) {
  race::StatusChange s;
  s.origin = std::move(origin);
  s.bib = f.string("bib", true);
  const std::string status = f.string("status", true);
  s.status = wire::parse_status(status);
  if (s.status == race::RunnerStatus::invalid)
    f.fail("bad_value", "status",
           "expected \"DNS\", \"DNF\", \"DSQ\" or \"OK\", got \"" + status + "\"");
  s.reason = f.string("reason", false);
  return s;
}

race::Correction read_correction(Fields& f, race::Origin origin) {
  race::Correction c;
  // An operator's correction names a runner and a mat instead of a passing.
  if (std::string bib = f.string("bib", false); !bib.empty()) {
    c.at_mat = std::make_shared<const race::MatTarget>(
        race::MatTarget{std::move(bib), f.string("mat", true)});
  } else {
    c.target_seq = *f.integer("target_seq", true, 1, kMaxSeq);
    c.target_source = f.find("target_source") ? f.string("target_source", true) : origin.source;
    c.target_epoch = f.string("target_epoch", false);  // absent or "": the message's own
    if (c.target_epoch.empty()) c.target_epoch = origin.epoch;
  }
  c.origin = std::move(origin);
  const std::string action = f.string("action", true);
  c.action = wire::parse_action(action);
  if (c.action == race::Correction::Action::invalid)
    f.fail("bad_value", "action",
           "expected \"void\", \"adjust\" or \"restore\", got \"" + action + "\"");
  if (c.action == race::Correction::Action::adjust_time) {
    if (c.at_mat)
      f.fail("bad_value", "action",
             "\"adjust\" names one passing by `target_seq`, not a runner's reads by `bib`");
    c.new_time = *f.time("time", true);
  }
  return c;
}

race::Participant read_participant_fields(const Fields& f) {
  race::Participant p;
  p.bib = f.string("bib", true);
  p.first_name = f.string("first_name", false);
  p.last_name = f.string("last_name", false);
  if (const std::string g = f.string("gender", false); !g.empty()) {
    p.gender = wire::parse_gender(g);
    if (p.gender == race::Gender::invalid)
      f.fail("bad_value", "gender", "expected \"M\", \"F\" or \"X\", got \"" + g + "\"");
  }
  if (const std::string d = f.string("birth_date", false); !d.empty()) {
    p.birth_date = core::parse_date(d);
    if (!p.birth_date) f.fail("bad_value", "birth_date", "expected YYYY-MM-DD, got \"" + d + "\"");
  }
  p.age = static_cast<int>(f.integer("age", false, 0, wire::kMaxAge).value_or(-1));
  p.country = f.string("country", false);
  p.city = f.string("city", false);
  p.club = f.string("club", false);
  p.contest = f.string("contest", false);
  p.wave = f.string("wave", false);
  p.team = f.string("team", false);
  p.leg = static_cast<int>(f.integer("leg", false, 0, wire::kMaxLeg).value_or(0));
  p.chips = f.string_array("chips");
  p.vip = f.boolean("vip").value_or(false);
  p.note = f.string("note", false);
  p.pronunciation = f.string("pronunciation", false);
  p.category = f.string("category", false);
  return p;
}

race::ParticipantUpdate read_participant(Fields& f, race::Origin origin) {
  race::ParticipantUpdate u;
  u.origin = std::move(origin);
  u.old_bib = f.string("old_bib", false);
  const Json& inner = f.need("participant", "an object with participants.csv columns");
  if (!inner.is_object())
    f.fail_got("bad_type", "participant", "an object with participants.csv columns", inner);
  u.participant = read_participant_fields(Fields(inner, f.what(), "participant."));
  return u;
}

Message read_session(Fields& f, std::string_view type) {
  if (type == "heartbeat") {
    Heartbeat h;
    h.seq = *f.integer("seq", true, 0, kMaxSeq);  // 0: an empty feed
    f.set_seq(h.seq);
    h.time = *f.time("time", true);
    return h;
  }
  if (type == "hello") {
    Hello h;
    h.protocol = static_cast<int>(*f.integer("protocol", true, 1, wire::kMaxProtocol));
    h.feed = f.string("feed", false);
    h.epoch = f.string("epoch", false);
    h.last_seq = f.integer("last_seq", false, 0, kMaxSeq).value_or(0);
    return h;
  }
  if (type == "subscribe") {
    Subscribe s;
    s.epoch = f.string("epoch", false);
    s.since = f.integer("since", false, 0, kMaxSeq).value_or(0);
    return s;
  }
  Resync r;  // type == "resync"
  r.epoch = f.string("epoch", false);
  r.since = f.integer("since", false, 0, kMaxSeq).value_or(0);
  r.reason = f.string("reason", false);
  return r;
}

bool is_race_event(std::string_view type) {
  return type == "passing" || type == "gun" || type == "status" || type == "correction" ||
         type == "participant";
}

Message decode_one(const Json& value, std::string_view default_epoch) {
  if (!value.is_object())
    throw Reject{
        {"bad_type", "message: expected a JSON object with a `type`, got " + shown(value)}};
  Fields f(value, "message");
  const std::string type = f.string("type", true);
  if (!is_race_event(type) && type != "heartbeat" && type != "hello" && type != "subscribe" &&
      type != "resync")
    throw Reject{{"unknown_type", "message: unknown type \"" + type +
                                      "\"; this build speaks feed protocol 1, message skipped"}};
  Fields typed(value, type);
  if (!is_race_event(type)) return read_session(typed, type);
  race::Origin origin = read_origin(typed, default_epoch);
  if (type == "passing") return race::Event(read_passing(typed, std::move(origin)));
  if (type == "gun") return race::Event(read_gun(typed, std::move(origin)));
  if (type == "status") return race::Event(read_status(typed, std::move(origin)));
  if (type == "correction") return race::Event(read_correction(typed, std::move(origin)));
  return race::Event(read_participant(typed, std::move(origin)));
}

void decode_into(const Json& value, std::string_view default_epoch, Decoded& out) {
  try {
    out.messages.push_back(decode_one(value, default_epoch));
  } catch (const Reject& r) {
    out.errors.push_back(r.error);
  } catch (const std::exception& e) {
    out.errors.push_back({"bad_value", std::string("message: cannot decode: ") + e.what()});
  }
}

}  // namespace

Decoded decode(std::string_view text, std::string_view default_epoch) {
  Decoded out;
  try {
    if (text.size() > kMaxFrameBytes) {
      out.errors.push_back({"too_large", "frame of " + std::to_string(text.size()) +
                                             " bytes is over the 1 MiB limit; split it into "
                                             "smaller batches"});
      return out;
    }
    if (nesting_depth(text) > kMaxDepth) {
      out.errors.push_back({"bad_json", "frame nests arrays/objects deeper than 32 levels"});
      return out;
    }
    Json doc;
    try {
      doc = Json::parse(text.begin(), text.end());
    } catch (const Json::exception& e) {
      out.errors.push_back({"bad_json", "frame is not valid JSON: " + parser_message(e)});
      return out;
    }
    if (!doc.is_array()) {
      decode_into(doc, default_epoch, out);
      return out;
    }
    if (doc.size() > kMaxBatchLength) {
      out.errors.push_back({"batch_too_long", "batch of " + std::to_string(doc.size()) +
                                                  " messages is over the limit of 10000; "
                                                  "split it"});
      return out;
    }
    out.messages.reserve(doc.size());
    for (const auto& item : doc) decode_into(item, default_epoch, out);
  } catch (const std::exception& e) {
    out.errors.push_back({"bad_json", std::string("frame cannot be decoded: ") + e.what()});
  }
  return out;
}

}  // namespace feed
