#include "dpc/http/params.h"

#include "dpc/core/strings.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;

Params Params::from_query(const Request& req) {
  Params p;
  p.req_ = &req;
  return p;
}

Params Params::from_json(const json& body) {
  Params p;
  p.json_ = body.is_object() ? body : json::object();
  return p;
}

std::optional<std::string> Params::text(const std::string& name) const {
  if (req_) {
    const std::string* v = req_->query_param(name);
    return v ? std::optional<std::string>(*v) : std::nullopt;
  }
  if (!json_->contains(name) || (*json_)[name].is_null()) return std::nullopt;
  const json& v = (*json_)[name];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::vector<std::string> Params::list(const std::string& name) const {
  std::vector<std::string> out;
  if (!req_ && json_->contains(name) && (*json_)[name].is_array()) {
    for (const auto& e : (*json_)[name]) out.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    return out;
  }
  auto t = text(name);
  if (!t) return out;
  for (auto part : split(*t, ',')) {
    if (!trim(part).empty()) out.emplace_back(trim(part));
  }
  return out;
}

namespace {
Error bad(const std::string& name, const std::string& value, const std::string& why) {
  return Error::invalid("Cannot set query parameter '" + name + "' to value '" + value + "': " + why);
}
}  // namespace

Result<std::optional<bool>> Params::boolean(const std::string& name) const {
  auto t = text(name);
  if (!t) return std::optional<bool>{};
  if (*t == "true") return std::optional<bool>{true};
  if (*t == "false") return std::optional<bool>{false};
  return bad(name, *t, "expected true or false");
}

Result<std::optional<long long>> Params::integer(const std::string& name) const {
  auto t = text(name);
  if (!t) return std::optional<long long>{};
  auto v = parse_int(*t);
  if (!v) return bad(name, *t, "not an integer");
  return std::optional<long long>{*v};
}

Result<std::optional<long long>> Params::date(const std::string& name) const {
  auto t = text(name);
  if (!t) return std::optional<long long>{};
  auto v = parse_camunda_date(*t);
  if (!v) return bad(name, *t, "not a date in the format yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  return std::optional<long long>{*v};
}

Result<bool> Params::flag(const std::string& name) const {
  auto b = boolean(name);
  if (!b) return b.error();
  return b->value_or(false);
}

Result<std::vector<Params::Sort>> Params::sorting(std::initializer_list<const char*> allowed) const {
  std::vector<Sort> out;
  auto check = [&](const std::string& by, const std::optional<std::string>& order) -> Status {
    bool ok = false;
    for (const char* a : allowed) ok = ok || by == a;
    if (!ok) return Error::invalid("Cannot set query parameter 'sortBy' to value '" + by + "'");
    if (!order) return Error::invalid("Only a single sorting parameter specified. sortBy and sortOrder required");
    if (*order != "asc" && *order != "desc") {
      return Error::invalid("Cannot set query parameter 'sortOrder' to value '" + *order + "'");
    }
    out.push_back({by, *order == "desc"});
    return {};
  };
  if (!req_ && json_->contains("sorting") && (*json_)["sorting"].is_array()) {
    for (const auto& s : (*json_)["sorting"]) {
      if (!s.is_object() || !s.contains("sortBy") || !s["sortBy"].is_string()) {
        return Error::invalid("each entry of 'sorting' needs sortBy and sortOrder");
      }
      std::optional<std::string> order;
      if (s.contains("sortOrder") && s["sortOrder"].is_string()) order = s["sortOrder"].get<std::string>();
      if (auto st = check(s["sortBy"].get<std::string>(), order); !st) return st.error();
    }
    return out;
  }
  auto by = text("sortBy");
  auto order = text("sortOrder");
  if (!by && order) {
    return Error::invalid("Only a single sorting parameter specified. sortBy and sortOrder required");
  }
  if (by) {
    if (auto st = check(*by, order); !st) return st.error();
  }
  return out;
}

Result<std::pair<long long, long long>> Params::paging() const {
  auto first = integer("firstResult");
  if (!first) return first.error();
  auto max = integer("maxResults");
  if (!max) return max.error();
  long long f = first->value_or(0), m = max->value_or(-1);
  if (f < 0) return bad("firstResult", std::to_string(f), "must not be negative");
  if (*max && m < 0) return bad("maxResults", std::to_string(m), "must not be negative");
  return std::make_pair(f, m);
}

}  // namespace dpc::http
