// Rows of one kind loaded for a command, with what the command did to each, so that only
// the differences are written back. Keyed by id; iteration skips deleted rows.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dpc/engine/runtime_store.h"

namespace dpc::engine {

template <typename Record>
class TrackedTable {
 public:
  enum class Op { kLoaded, kInserted, kUpdated, kDeleted };

  void load(Record r) {
    std::string id = r.id;
    rows_.insert_or_assign(std::move(id), Entry{std::move(r), Op::kLoaded});
  }
  Record& insert(Record r) {
    std::string id = r.id;
    auto [it, _] = rows_.insert_or_assign(std::move(id), Entry{std::move(r), Op::kInserted});
    return it->second.record;
  }
  // A live row, or nullptr.
  const Record* find(const std::string& id) const {
    auto it = rows_.find(id);
    return it == rows_.end() || it->second.op == Op::kDeleted ? nullptr : &it->second.record;
  }
  // A live row to change (marked updated), or nullptr.
  Record* modify(const std::string& id) {
    auto it = rows_.find(id);
    if (it == rows_.end() || it->second.op == Op::kDeleted) return nullptr;
    if (it->second.op == Op::kLoaded) it->second.op = Op::kUpdated;
    return &it->second.record;
  }
  void erase(const std::string& id) {
    auto it = rows_.find(id);
    if (it == rows_.end()) return;
    if (it->second.op == Op::kInserted) rows_.erase(it);
    else it->second.op = Op::kDeleted;
  }
  // Calls f(const Record&) for each live row.
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& [id, e] : rows_) {
      if (e.op != Op::kDeleted) f(e.record);
    }
  }
  template <typename Pred>
  std::vector<const Record*> select(Pred&& pred) const {
    std::vector<const Record*> out;
    for (const auto& [id, e] : rows_) {
      if (e.op != Op::kDeleted && pred(e.record)) out.push_back(&e.record);
    }
    return out;
  }
  RowChanges<Record> changes() const {
    RowChanges<Record> c;
    for (const auto& [id, e] : rows_) {
      switch (e.op) {
        case Op::kInserted: c.inserted.push_back(e.record); break;
        case Op::kUpdated: c.updated.push_back(e.record); break;
        case Op::kDeleted: c.deleted.push_back(id); break;
        case Op::kLoaded: break;
      }
    }
    return c;
  }

 private:
  struct Entry {
    Record record;
    Op op;
  };
  std::map<std::string, Entry> rows_;
};

}  // namespace dpc::engine
