// Running a built SqlQuery: all rows through a reader, a count, the first row. One statement
// each, outside a transaction. Private to the store module.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "pooled_transaction.h"
#include "sql_conditions.h"

namespace dpc::store {

template <typename Record>
Result<std::vector<Record>> query_rows(Database& db, std::string_view who, const SqlQuery& q,
                                       Record (*read)(const pqxx::row&)) {
  return in_transaction<std::vector<Record>, pqxx::nontransaction>(
      db, who, [&](pqxx::transaction_base& tx) -> Result<std::vector<Record>> {
        std::vector<Record> out;
        for (const auto& r : tx.exec_params(q.text, pqxx::prepare::make_dynamic_params(q.params))) {
          out.push_back(read(r));
        }
        return out;
      });
}

// `q` selects one count(*).
inline Result<long long> query_count(Database& db, std::string_view who, const SqlQuery& q) {
  return in_transaction<long long, pqxx::nontransaction>(
      db, who, [&](pqxx::transaction_base& tx) -> Result<long long> {
        return tx.exec_params(q.text, pqxx::prepare::make_dynamic_params(q.params))[0][0].as<long long>();
      });
}

template <typename Record>
Result<std::optional<Record>> first_row(Result<std::vector<Record>> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Record>{};
  return std::optional<Record>{std::move(rows->front())};
}

}  // namespace dpc::store
