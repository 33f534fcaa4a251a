#include "identity_sql.h"

#include <map>

#include "dpc/identity/authorization_rules.h"

namespace dpc::store {

using namespace dpc::identity;

namespace {

// The shared filters, Camunda's *Like filters, and the READ visibility predicate.
class Conditions : public SqlConditions {
 public:
  using SqlConditions::SqlConditions;
  void camunda_like(const char* column, const std::optional<std::string>& v) {
    if (v) add(std::string(column) + " LIKE " + param(like_pattern(*v)) + " ESCAPE '\\'");
  }
  // Rows of `resource` (id in `id_column`) that `reader` may READ, decided level by level
  // as identity::decide does: the first level with a revoke denies, with a grant allows.
  void visible(const std::optional<Reader>& reader, Resource resource, const char* id_column) {
    if (!reader) return;
    std::string user = param(reader->user_id);
    std::string groups = reader->groups.empty() ? std::string() : in_list(reader->groups);
    std::string type = std::to_string(static_cast<int>(resource));
    std::string read = std::to_string(perm::kRead);
    std::string out = "CASE";
    for (const Level& level : kPrecedence) {
      std::string subject;
      switch (level.subject) {
        case Subject::kUser: subject = "x.type <> 0 AND x.user_id IN (" + user + ", '*')"; break;
        case Subject::kGroup:
          if (groups.empty()) continue;
          subject = "x.group_id IN " + groups;
          break;
        case Subject::kGlobal: subject = "x.type = 0"; break;
      }
      std::string which = level.specific ? std::string("x.resource_id = ") + id_column
                                         : std::string("x.resource_id = '*'");
      std::string base = "EXISTS (SELECT 1 FROM identity_authorization x WHERE x.resource_type = " +
                         type + " AND " + subject + " AND " + which + " AND ";
      out += " WHEN " + base + "x.type = 2 AND (x.permissions & " + read + ") <> " + read + ") THEN false";
      out += " WHEN " + base + "x.type <> 2 AND (x.permissions & " + read + ") = " + read + ") THEN true";
    }
    add(out + " ELSE false END");
  }
};

std::string order_and_limit(const std::vector<Sort>& sorting,
                            const std::map<std::string, std::string>& columns,
                            const std::string& tie, const Page& page) {
  std::string out;
  for (const auto& s : sorting) {
    auto it = columns.find(s.by);
    if (it == columns.end()) continue;
    out += (out.empty() ? " ORDER BY " : ", ") + it->second + (s.descending ? " DESC" : " ASC");
  }
  out += (out.empty() ? " ORDER BY " : ", ") + tie;
  if (page.max_results >= 0) out += " LIMIT " + std::to_string(page.max_results);
  if (page.first_result > 0) out += " OFFSET " + std::to_string(page.first_result);
  return out;
}

SqlQuery finish(SqlQuery q, const Conditions& c, bool count, const char* columns,
                   const char* from, const std::string& order) {
  q.text = std::string("SELECT ") + (count ? "count(*)" : columns) + " FROM " + from + c.where() +
           (count ? "" : order);
  return q;
}

std::string text_or_empty(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

}  // namespace

std::string like_pattern(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

SqlQuery user_select(const UserQuery& q, bool count) {
  SqlQuery sql;
  Conditions c(sql);
  c.eq("u.id", q.id);
  c.in("u.id", q.id_in);
  c.eq("u.first_name", q.first_name);
  c.camunda_like("u.first_name", q.first_name_like);
  c.eq("u.last_name", q.last_name);
  c.camunda_like("u.last_name", q.last_name_like);
  c.eq("u.email", q.email);
  c.camunda_like("u.email", q.email_like);
  if (q.member_of_group) {
    c.add("EXISTS (SELECT 1 FROM identity_membership m WHERE m.user_id = u.id AND m.group_id = " +
          c.param(*q.member_of_group) + ")");
  }
  c.visible(q.visible_to, Resource::kUser, "u.id");
  static const std::map<std::string, std::string> kSort = {
      {"userId", "u.id"}, {"firstName", "u.first_name"}, {"lastName", "u.last_name"}, {"email", "u.email"}};
  return finish(std::move(sql), c, count, kUserColumns, "identity_user u",
                order_and_limit(q.sorting, kSort, "u.id", q.page));
}

SqlQuery group_select(const GroupQuery& q, bool count) {
  SqlQuery sql;
  Conditions c(sql);
  c.eq("g.id", q.id);
  c.in("g.id", q.id_in);
  c.eq("g.name", q.name);
  c.camunda_like("g.name", q.name_like);
  c.eq("g.type", q.type);
  if (q.member) {
    c.add("EXISTS (SELECT 1 FROM identity_membership m WHERE m.group_id = g.id AND m.user_id = " +
          c.param(*q.member) + ")");
  }
  c.visible(q.visible_to, Resource::kGroup, "g.id");
  static const std::map<std::string, std::string> kSort = {
      {"id", "g.id"}, {"name", "g.name"}, {"type", "g.type"}};
  return finish(std::move(sql), c, count, kGroupColumns, "identity_group g",
                order_and_limit(q.sorting, kSort, "g.id", q.page));
}

SqlQuery authorization_select(const AuthorizationQuery& q, bool count) {
  SqlQuery sql;
  Conditions c(sql);
  c.eq("a.id", q.id);
  if (q.type) c.add("a.type = " + std::to_string(static_cast<int>(*q.type)));
  c.in("a.user_id", q.user_id_in);
  c.in("a.group_id", q.group_id_in);
  if (q.resource) c.add("a.resource_type = " + std::to_string(static_cast<int>(*q.resource)));
  c.eq("a.resource_id", q.resource_id);
  c.visible(q.visible_to, Resource::kAuthorization, "a.id");
  static const std::map<std::string, std::string> kSort = {
      {"resourceType", "a.resource_type"}, {"resourceId", "a.resource_id"}};
  return finish(std::move(sql), c, count, kAuthorizationColumns, "identity_authorization a",
                order_and_limit(q.sorting, kSort, "a.id", q.page));
}

User read_user(const pqxx::row& r) {
  return User{r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str()};
}

Group read_group(const pqxx::row& r) { return Group{r[0].c_str(), r[1].c_str(), r[2].c_str()}; }

Authorization read_authorization(const pqxx::row& r) {
  Authorization a;
  a.id = r[0].c_str();
  a.type = static_cast<AuthType>(r[1].as<int>());
  a.user_id = text_or_empty(r[2]);
  a.group_id = text_or_empty(r[3]);
  a.resource = static_cast<Resource>(r[4].as<int>());
  a.resource_id = r[5].c_str();
  a.permissions = r[6].as<int64_t>();
  return a;
}

}  // namespace dpc::store
