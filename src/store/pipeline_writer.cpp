#include "pipeline_writer.h"

#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include <vector>

#include "history_statements.h"

namespace dpc::store {

namespace {

std::string message_of(PGconn* c) {
  std::string m = PQerrorMessage(c);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

std::string message_of(PGresult* r) {
  std::string m = PQresultErrorMessage(r);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

struct PipelineConnection::Conn {
  PGconn* c = nullptr;
  ~Conn() {
    if (c) PQfinish(c);
  }
};

PipelineConnection::PipelineConnection(std::string url) : url_(std::move(url)) {}
PipelineConnection::~PipelineConnection() = default;

Status PipelineConnection::connect() {
  sent_.clear();
  auto conn = std::make_unique<Conn>();
  conn->c = PQconnectdb(url_.c_str());
  if (!conn->c || PQstatus(conn->c) != CONNECTION_OK) {
    return Error::unavailable("database connection failed: " +
                              (conn->c ? message_of(conn->c) : std::string("out of memory")));
  }
  std::string failed;
  for_each_history_statement([&](const char* name, const char* sql) {
    if (!failed.empty()) return;
    PGresult* r = PQprepare(conn->c, name, sql, 0, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) failed = std::string(name) + ": " + message_of(r);
    PQclear(r);
  });
  if (!failed.empty()) return Error::internal("preparing " + failed);
  if (!PQenterPipelineMode(conn->c)) return Error::unavailable("pipeline mode: " + message_of(conn->c));
  conn_ = std::move(conn);
  ++generation_;
  return {};
}

Error PipelineConnection::lost(const std::string& what) {
  conn_.reset();  // connect again next time; batches sent on it can no longer be read
  sent_.clear();
  return Error::unavailable("database connection lost: " + what);
}

Result<long> PipelineConnection::send(const SqlBatch& batch) {
  if (!conn_ || PQstatus(conn_->c) != CONNECTION_OK) {
    if (conn_) (void)lost("reconnecting");
    if (auto st = connect(); !st) return st.error();
  }
  PGconn* c = conn_->c;
  std::vector<std::string> described;
  std::vector<std::string> arrays;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const auto& e : batch.entries()) {
    int sent;
    if (e.prepared) {
      // Text parameters as text; arrays in the binary format (no array text to parse).
      arrays.clear();
      values.clear();
      lengths.clear();
      formats.clear();
      for (const auto& p : e.params) {
        values.push_back(p.c_str());
        lengths.push_back(static_cast<int>(p.size()));
        formats.push_back(0);
      }
      for (const auto& a : e.arrays) arrays.push_back(a.binary());
      for (const auto& a : arrays) {
        values.push_back(a.data());
        lengths.push_back(static_cast<int>(a.size()));
        formats.push_back(1);
      }
      sent = PQsendQueryPrepared(c, e.prepared, static_cast<int>(values.size()), values.data(),
                                 lengths.data(), formats.data(), 0);
      described.push_back(std::string("EXECUTE ") + e.prepared);
    } else {
      sent = PQsendQueryParams(c, e.sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
      described.push_back(e.sql.substr(0, 300));
    }
    if (!sent) return lost(message_of(c));
  }
  // The statements' results go out before the commit's WAL flush (see receive_statements).
  if (!PQsendFlushRequest(c) || !PQpipelineSync(c)) return lost(message_of(c));
  sent_.push_back({std::move(described), false, {}});
  return generation_;
}

Status PipelineConnection::receive_statements(long ticket) {
  if (!conn_ || ticket != generation_ || sent_.empty()) {
    return Error::unavailable("database connection lost before the batch's results were read");
  }
  PGconn* c = conn_->c;
  Sent& batch = sent_.front();
  if (batch.read) return {};
  // One result (then a null) per statement; after a failure the rest come back aborted.
  for (size_t i = 0; i < batch.statements.size(); ++i) {
    while (PGresult* r = PQgetResult(c)) {
      if (PQresultStatus(r) == PGRES_FATAL_ERROR && batch.failure.empty()) {
        batch.failure = message_of(r) + " (statement: " + batch.statements[i] + ")";
      }
      PQclear(r);
    }
    if (PQstatus(c) != CONNECTION_OK) return lost(message_of(c));
  }
  batch.read = true;
  if (!batch.failure.empty()) return Error::internal("database error: " + batch.failure);
  return {};
}

Status PipelineConnection::receive_commit(long ticket) {
  if (auto st = receive_statements(ticket); !st && st.error().kind == ErrorKind::kUnavailable) return st;
  PGconn* c = conn_->c;
  std::string failure = std::move(sent_.front().failure);
  sent_.pop_front();
  PGresult* sync = PQgetResult(c);
  bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced) return lost(message_of(c));
  if (!failure.empty()) return Error::internal("database error: " + failure);
  return {};
}

bool PipelineConnection::results_ready() {
  // Results may already sit in libpq's buffer (read along with an earlier batch's).
  return !conn_ || !PQconsumeInput(conn_->c) || !PQisBusy(conn_->c);
}

bool PipelineConnection::wait(int other_fd) {
  if (!conn_) return true;
  pollfd fds[2] = {{PQsocket(conn_->c), POLLIN, 0}, {other_fd, POLLIN, 0}};
  for (;;) {
    if (results_ready()) return true;
    if (poll(fds, other_fd >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      return true;  // receive_commit() reports what is wrong
    }
    if (other_fd >= 0 && (fds[1].revents & POLLIN)) {
      uint64_t n;
      (void)!read(other_fd, &n, sizeof n);
      return false;
    }
    if (fds[0].revents & ~POLLIN) return true;  // error or hang-up: receive_commit() reports it
  }
}

}  // namespace dpc::store
