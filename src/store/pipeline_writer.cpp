#include "pipeline_writer.h"

#include <libpq-fe.h>

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
  conn_ = std::move(conn);
  return {};
}

Status PipelineConnection::run(const SqlBatch& batch) {
  if (batch.empty()) return {};
  if (!conn_ || PQstatus(conn_->c) != CONNECTION_OK) {
    conn_.reset();
    if (auto st = connect(); !st) return st;
  }
  PGconn* c = conn_->c;
  auto lost = [&](const std::string& what) -> Status {
    Error e = Error::unavailable("database connection lost: " + what);
    conn_.reset();  // connect again next time
    return e;
  };
  if (!PQenterPipelineMode(c)) return lost(message_of(c));
  const auto& entries = batch.entries();
  std::vector<std::string> arrays;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const auto& e : entries) {
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
    } else {
      sent = PQsendQueryParams(c, e.sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    }
    if (!sent) return lost(message_of(c));
  }
  if (!PQpipelineSync(c)) return lost(message_of(c));
  // One result (then a null) per statement; after a failure the rest come back aborted.
  std::string failure;
  for (size_t i = 0; i < entries.size(); ++i) {
    while (PGresult* r = PQgetResult(c)) {
      ExecStatusType s = PQresultStatus(r);
      if (s == PGRES_FATAL_ERROR && failure.empty()) {
        const auto& e = entries[i];
        failure = message_of(r) + " (statement: " +
                  (e.prepared ? std::string("EXECUTE ") + e.prepared : e.sql.substr(0, 300)) + ")";
      }
      PQclear(r);
    }
    if (PQstatus(c) != CONNECTION_OK) return lost(message_of(c));
  }
  PGresult* sync = PQgetResult(c);
  bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced || !PQexitPipelineMode(c)) return lost(message_of(c));
  if (!failure.empty()) return Error::internal("database error: " + failure);
  return {};
}

}  // namespace dpc::store
