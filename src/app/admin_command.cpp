#include "admin_command.h"

#include <iostream>
#include <iterator>

#include <spdlog/spdlog.h>

#include "database_setup.h"
#include "dpc/identity/identity_service.h"
#include "dpc/store/database.h"
#include "dpc/store/identity_store.h"

namespace dpc::app {

namespace {

struct CreateUser {
  identity::User profile;
  std::vector<std::string> groups;
  bool password_stdin = false;
};

// Parses the flags of create-user (database flags go into `config`).
Result<CreateUser> parse_create_user(const std::vector<std::string>& args, ServeConfig& config) {
  CreateUser out;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--password-stdin") {
      out.password_stdin = true;
      continue;
    }
    std::string* target = nullptr;
    if (flag == "--id") target = &out.profile.id;
    else if (flag == "--first-name") target = &out.profile.first_name;
    else if (flag == "--last-name") target = &out.profile.last_name;
    else if (flag == "--email") target = &out.profile.email;
    else if (flag == "--database-url") target = &config.database_url;
    else if (flag == "--data-dir") target = &config.data_dir;
    else if (flag == "--group") target = &out.groups.emplace_back();
    else if (flag == "--password") {
      return Error::invalid("--password is not accepted (it would show in the process list); "
                            "use --password-stdin");
    } else {
      return Error::invalid("unknown option '" + flag + "' for admin create-user");
    }
    if (i + 1 >= args.size()) return Error::invalid("option " + flag + " needs a value");
    *target = args[++i];
  }
  if (out.profile.id.empty()) return Error::invalid("admin create-user needs --id");
  if (!out.password_stdin) {
    return Error::invalid("admin create-user needs --password-stdin (the password is read from "
                          "standard input)");
  }
  return out;
}

// The whole of standard input without one trailing line break.
std::string read_password(std::istream& in) {
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

int create_user(ServeConfig config, const std::vector<std::string>& args, std::istream& in) {
  auto parsed = parse_create_user(args, config);
  if (!parsed) {
    std::cerr << "dpc: " << parsed.error().message << "\n";
    return 2;
  }
  std::string password = read_password(in);
  auto setup = open_database(config);
  if (!setup) {
    std::cerr << "dpc: " << setup.error().message << "\n";
    return 1;
  }
  int code = 0;
  {
    store::Database db(setup->url, {.max_connections = 2});
    auto applied = db.migrate(store::embedded_migrations());
    if (!applied) {
      std::cerr << "dpc: " << applied.error().message << "\n";
      code = 1;
    } else {
      auto store = store::make_identity_store(db);
      identity::IdentityService service(*store);
      Status st = service.provision_user(parsed->profile, password, parsed->groups);
      if (!st) {
        std::cerr << "dpc: user '" << parsed->profile.id << "' not created: " << st.error().message << "\n";
        code = 1;
      } else {
        std::cout << "user '" << parsed->profile.id << "' created";
        for (size_t i = 0; i < parsed->groups.size(); ++i) {
          std::cout << (i == 0 ? " in group(s) " : ", ") << parsed->groups[i];
        }
        std::cout << "\n";
      }
    }
  }
  if (setup->embedded) setup->embedded->stop();
  return code;
}

}  // namespace

int run_admin(const ServeConfig& config, const std::vector<std::string>& args, std::istream& in) {
  if (args.empty()) {
    std::cerr << "dpc: admin needs a subcommand: create-user (see dpc --help)\n";
    return 2;
  }
  if (args[0] == "create-user") return create_user(config, args, in);
  std::cerr << "dpc: unknown admin subcommand '" << args[0] << "' (see dpc --help)\n";
  return 2;
}

}  // namespace dpc::app
