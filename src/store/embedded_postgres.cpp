#include "dpc/store/embedded_postgres.h"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace dpc::store {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPort = "5432";  // only names the socket file; no TCP listener

struct RunAs {
  bool drop = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

std::string log_tail(const fs::path& log, size_t lines = 15) {
  std::ifstream in(log);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    out += "\n  " + all[i];
  }
  return out;
}

Result<fs::path> find_bindir(const std::string& chosen) {
  if (!chosen.empty()) {
    if (fs::exists(fs::path(chosen) / "postgres")) return fs::path(chosen);
    return Error::invalid("DPC_PG_BINDIR=" + chosen + " has no postgres binary");
  }
  std::vector<std::pair<int, fs::path>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    auto bin = entry.path() / "bin";
    if (!fs::exists(bin / "postgres") || !fs::exists(bin / "initdb")) continue;
    try {
      found.emplace_back(std::stoi(entry.path().filename().string()), bin);
    } catch (...) {
    }
  }
  if (found.empty()) {
    return Error::unavailable(
        "no PostgreSQL server found under /usr/lib/postgresql (install the Debian package "
        "postgresql, or set DPC_DATABASE_URL to use an existing server)");
  }
  std::sort(found.begin(), found.end());
  return found.back().second;
}

// Forks and execs argv with output appended to `log`; returns the child's pid.
// In the child: drops to `as` if asked, resets the signal mask (dpc blocks SIGINT/SIGTERM
// for sigwait) and, for a long-lived server, asks for SIGQUIT when dpc dies.
pid_t spawn(const std::vector<std::string>& argv, const fs::path& log, const RunAs& as,
            bool die_with_parent) {
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0) return pid;
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  if (as.drop) {
    if (setgid(as.gid) != 0 || setuid(as.uid) != 0) {
      std::perror("dpc: cannot switch to the postgres user");
      _exit(126);
    }
  }
  if (die_with_parent) {
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) _exit(1);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  std::perror(("dpc: cannot run " + argv[0]).c_str());
  _exit(127);
}

bool process_alive(pid_t pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

bool is_postgres(pid_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name.rfind("postgres", 0) == 0;
}

// Handles a postmaster.pid left by a run that was killed.
Status clear_stale_pid_file(const fs::path& cluster) {
  fs::path pid_file = cluster / "postmaster.pid";
  if (!fs::exists(pid_file)) return {};
  pid_t pid = 0;
  std::ifstream(pid_file) >> pid;
  // A killed dpc's postmaster gets SIGQUIT and exits soon: give it time.
  for (int i = 0; i < 100 && process_alive(pid) && is_postgres(pid); ++i) {
    std::this_thread::sleep_for(100ms);
  }
  if (process_alive(pid) && is_postgres(pid)) {
    return Error::conflict("the cluster in " + cluster.string() +
                           " is in use by postgres PID " + std::to_string(pid) +
                           " (is another dpc serve using this data folder?)");
  }
  std::error_code ec;
  fs::remove(pid_file, ec);
  if (!ec) spdlog::info("removed stale {}", pid_file.string());
  return {};
}

Status check_reachable(const fs::path& dir, const RunAs& as) {
  if (!as.drop) return {};
  for (fs::path p = dir.parent_path(); !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (stat(p.c_str(), &st) == 0 && st.st_uid != as.uid && !(st.st_mode & S_IXOTH)) {
      return Error::invalid("PostgreSQL runs as user 'postgres', which cannot enter " +
                            p.string() +
                            "; choose a data folder it can reach with --data-dir "
                            "(for example under /var/lib or /tmp)");
    }
    if (p == p.root_path()) break;
  }
  return {};
}

Status wait_ready(pid_t pid, const std::string& admin_url, const fs::path& log) {
  auto deadline = std::chrono::steady_clock::now() + 60s;
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return Error::unavailable("PostgreSQL exited during start-up:" + log_tail(log));
    }
    try {
      pqxx::connection c(admin_url);
      return {};
    } catch (const std::exception& e) {
      last = e.what();
    }
    std::this_thread::sleep_for(50ms);
  }
  return Error::unavailable("PostgreSQL did not accept connections within 60 s: " + last +
                            log_tail(log));
}

}  // namespace

Result<std::unique_ptr<EmbeddedPostgres>> EmbeddedPostgres::start(const std::string& data_dir,
                                                                  const std::string& chosen_bindir) {
  auto bindir = find_bindir(chosen_bindir);
  if (!bindir) return bindir.error();
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(data_dir), ec);
  fs::create_directories(dir, ec);
  if (ec) return Error::invalid("cannot create data folder " + dir.string() + ": " + ec.message());
  fs::path cluster = dir / "cluster";
  fs::path log = dir / "postgres.log";

  RunAs as;
  if (geteuid() == 0) {
    struct passwd* pw = getpwnam("postgres");
    if (!pw) {
      return Error::unavailable(
          "running as root: PostgreSQL refuses to run as root and there is no 'postgres' user "
          "to run it as (install the Debian package postgresql, or run dpc as another user)");
    }
    as = {true, pw->pw_uid, pw->pw_gid};
    if (auto st = check_reachable(dir, as); !st) return st.error();
    if (chown(dir.c_str(), as.uid, as.gid) != 0) {
      return Error::unavailable("cannot hand " + dir.string() + " to user postgres: " +
                                std::strerror(errno));
    }
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
    if (fd >= 0) close(fd);
    [[maybe_unused]] int rc = chown(log.c_str(), as.uid, as.gid);
  }
  chmod(dir.c_str(), 0700);

  fs::path socket_dir = dir;
  if (dir.string().size() + std::strlen("/.s.PGSQL.5432") > 100) {
    socket_dir = fs::path("/tmp") /
                 ("dpc-pg-" + std::to_string(std::hash<std::string>{}(dir.string()) % 1000000007));
    fs::create_directories(socket_dir, ec);
    chmod(socket_dir.c_str(), 0700);
    if (as.drop) [[maybe_unused]] int rc = chown(socket_dir.c_str(), as.uid, as.gid);
  }

  auto instance = std::unique_ptr<EmbeddedPostgres>(new EmbeddedPostgres());
  if (!fs::exists(cluster / "PG_VERSION")) {
    fs::remove_all(cluster, ec);  // a half-made cluster from an interrupted initdb
    spdlog::info("creating PostgreSQL cluster in {}", cluster.string());
    pid_t pid = spawn({(*bindir / "initdb").string(), "-D", cluster.string(), "-U", "dpc",
                       "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"},
                      log, as, false);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return Error::unavailable("initdb failed for " + cluster.string() + ":" + log_tail(log));
    }
    instance->created_now_ = true;
  } else {
    spdlog::info("reusing PostgreSQL cluster in {}", cluster.string());
    if (auto st = clear_stale_pid_file(cluster); !st) return st.error();
  }

  instance->pid_ = spawn({(*bindir / "postgres").string(), "-D", cluster.string(), "-k",
                          socket_dir.string(), "-p", kPort, "-c", "listen_addresses=",
                          "-c", "max_connections=200"},
                         log, as, true);
  std::string host = "host=" + socket_dir.string() + " port=" + kPort + " user=dpc";
  if (auto st = wait_ready(instance->pid_, host + " dbname=postgres", log); !st) {
    instance->stop();
    return st.error();
  }
  try {
    pqxx::connection admin(host + " dbname=postgres");
    pqxx::nontransaction tx(admin);
    if (tx.exec("SELECT 1 FROM pg_database WHERE datname = 'dpc'").empty()) {
      tx.exec("CREATE DATABASE dpc");
    }
  } catch (const std::exception& e) {
    instance->stop();
    return Error::unavailable(std::string("cannot create database dpc: ") + e.what());
  }
  instance->url_ = host + " dbname=dpc";
  spdlog::info("PostgreSQL {} on socket {} (pid {})",
               instance->created_now_ ? "created and ready" : "ready", socket_dir.string(),
               instance->pid_);
  return instance;
}

EmbeddedPostgres::~EmbeddedPostgres() { stop(); }

void EmbeddedPostgres::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGINT);  // fast shutdown: roll back open transactions, checkpoint, exit
  int status = 0;
  for (int i = 0; i < 600; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(50ms);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace dpc::store
